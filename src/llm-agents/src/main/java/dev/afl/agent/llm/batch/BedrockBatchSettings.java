package dev.afl.agent.llm.batch;

import dev.afl.AflException;
import java.net.URI;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where Bedrock batch inference jobs keep their records and whose role reads them, read at the start of a batch run.
 *
 * @param bucket          the S3 bucket of the jobs' input and output (AFL_BEDROCK_BATCH_BUCKET)
 * @param prefix          the key prefix under it (AFL_BEDROCK_BATCH_PREFIX, default {@code afl-batch/}), ending in /
 * @param roleArn         the service role Bedrock runs the jobs with: it reads the input and writes the output
 *                        (AFL_BEDROCK_BATCH_ROLE_ARN)
 * @param minimumRecords  the fewest records a job may hold (AFL_BEDROCK_BATCH_MIN_RECORDS, default 100: the
 *                        account's quota "minimum number of records per batch inference job"); fewer are asked online
 * @param controlEndpoint the Bedrock control plane other than the region's (AFL_BEDROCK_CONTROL_ENDPOINT; tests)
 * @param s3Endpoint      an S3 endpoint other than the region's (AFL_BEDROCK_BATCH_S3_ENDPOINT; path-style; tests)
 */
public record BedrockBatchSettings(String bucket, String prefix, String roleArn, int minimumRecords,
        Optional<URI> controlEndpoint, Optional<URI> s3Endpoint) {

    public BedrockBatchSettings {
        prefix = prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
        if (minimumRecords < 1) {
            throw new AflException("A Bedrock batch job holds at least one record (got a minimum of "
                    + minimumRecords + ").");
        }
    }

    /** The settings from the environment ({@code variables}: name to value), with what is missing said. */
    public static BedrockBatchSettings of(Function<String, Optional<String>> variables) {
        String bucket = required(variables, "AFL_BEDROCK_BATCH_BUCKET", "the S3 bucket the batch jobs' records are"
                + " written to and read from (the role of AFL_BEDROCK_BATCH_ROLE_ARN must read and write it)");
        String role = required(variables, "AFL_BEDROCK_BATCH_ROLE_ARN", "the ARN of the service role Bedrock runs"
                + " batch inference jobs with (trusting bedrock.amazonaws.com, reading and writing the bucket)");
        if (!role.startsWith("arn:")) {
            throw new AflException("AFL_BEDROCK_BATCH_ROLE_ARN is '" + role + "', not a role ARN: write the service"
                    + " role's ARN, e.g. arn:aws:iam::123456789012:role/afl-bedrock-batch.");
        }
        return new BedrockBatchSettings(bucket, variables.apply("AFL_BEDROCK_BATCH_PREFIX").filter(v -> !v.isBlank())
                .orElse("afl-batch/"), role, minimumRecords(variables),
                endpoint(variables, "AFL_BEDROCK_CONTROL_ENDPOINT"), endpoint(variables,
                        "AFL_BEDROCK_BATCH_S3_ENDPOINT"));
    }

    private static int minimumRecords(Function<String, Optional<String>> variables) {
        Optional<String> written = variables.apply("AFL_BEDROCK_BATCH_MIN_RECORDS").filter(v -> !v.isBlank())
                .map(String::strip);
        if (written.isEmpty()) {
            return BedrockBatchApi.BEDROCK_MINIMUM_RECORDS;
        }
        try {
            int minimum = Integer.parseInt(written.get());
            if (minimum >= 1) {
                return minimum;
            }
        } catch (NumberFormatException unreadable) {
            // Refused below.
        }
        throw new AflException("AFL_BEDROCK_BATCH_MIN_RECORDS is '" + written.get() + "', not a positive whole"
                + " number: write your account's Bedrock quota 'minimum number of records per batch inference job'"
                + " (100 by default), or leave it unset.");
    }

    /** An object key under the prefix. */
    String key(String name) {
        return prefix + name;
    }

    private static String required(Function<String, Optional<String>> variables, String name, String what) {
        return variables.apply(name).filter(value -> !value.isBlank()).map(String::strip).orElseThrow(() ->
                new AflException("--llm-mode batch with a Bedrock agent needs " + name + ": " + what + "."));
    }

    private static Optional<URI> endpoint(Function<String, Optional<String>> variables, String name) {
        Optional<String> value = variables.apply(name).filter(v -> !v.isBlank()).map(String::strip);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(value.get());
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return Optional.of(uri);
            }
        } catch (java.net.URISyntaxException unreadable) {
            // Refused below.
        }
        throw new AflException(name + " is '" + value.get() + "', not an http(s) URL: write the endpoint's URL, or"
                + " leave it unset for the region's.");
    }
}

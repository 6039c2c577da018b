package dev.afl.agent.llm.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.afl.ProviderError;
import dev.afl.agent.llm.LlmCall;
import dev.afl.agent.llm.LlmHttpException;
import dev.afl.json.AflJson;
import dev.langchain4j.internal.ExceptionMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import dev.afl.agent.llm.bedrock.BedrockSettings;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrock.BedrockClientBuilder;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.bedrock.BedrockClient;
import software.amazon.awssdk.services.bedrock.model.GetModelInvocationJobResponse;
import software.amazon.awssdk.services.bedrock.model.ModelInvocationJobInputDataConfig;
import software.amazon.awssdk.services.bedrock.model.ModelInvocationJobOutputDataConfig;
import software.amazon.awssdk.services.bedrock.model.S3InputFormat;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Amazon Bedrock batch inference as a {@link BatchProvider}: a job's requests are written as one JSON Lines object
 * in S3 ({@code {"recordId": ..., "modelInput": <the Converse request body>}} a line, under
 * {@code <prefix>/input/}), a model invocation job reads it with the service role and writes its records, each with
 * its {@code modelOutput} (a Converse response body) or its {@code error}, to
 * {@code <prefix>/output/<job id>/<input file>.out}, where they are read back as the online call's answers
 * ({@code Converse.result}) or failures. A job is known by its ARN (what the journal keeps). Bedrock takes no job of
 * fewer than {@link #minimumRequests()} records (100): fewer are asked online, one Converse call each.
 */
public final class BedrockBatchApi implements BatchProvider {

    /** Bedrock's fewest records per batch inference job. */
    public static final int BEDROCK_MINIMUM_RECORDS = 100;

    /** How many of a small round's online calls run at once. */
    static final int ONLINE_AT_ONCE = 4;

    private static final ObjectMapper JSON = AflJson.records();

    private final BedrockClient bedrock;
    private final S3Client s3;
    private final BedrockBatchSettings settings;
    private final String modelId;
    private final LlmCall online;

    /**
     * @param online the agent's online Bedrock call (its Converse requests are the same bodies), for the requests
     *               too few for a job
     */
    public BedrockBatchApi(BedrockClient bedrock, S3Client s3, BedrockBatchSettings settings, String modelId,
            LlmCall online) {
        this.bedrock = bedrock;
        this.s3 = s3;
        this.settings = settings;
        this.modelId = modelId;
        this.online = online;
    }

    /**
     * The provider of one agent: its control-plane and S3 clients in the agent's region (the SDK's default
     * credentials chain, as the online call's), each call under {@code callDeadline}.
     */
    public static BedrockBatchApi of(BedrockSettings agent, BedrockBatchSettings settings,
            java.time.Duration callDeadline, LlmCall online) {
        var http = UrlConnectionHttpClient.builder().connectionTimeout(callDeadline).socketTimeout(callDeadline);
        var override = ClientOverrideConfiguration.builder().apiCallTimeout(callDeadline).build();
        BedrockClientBuilder control = BedrockClient.builder().httpClientBuilder(http)
                .overrideConfiguration(override);
        S3ClientBuilder s3 = S3Client.builder().httpClientBuilder(http).overrideConfiguration(override)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        agent.region().map(Region::of).ifPresent(region -> {
            control.region(region);
            s3.region(region);
        });
        settings.controlEndpoint().ifPresent(control::endpointOverride);
        settings.s3Endpoint().ifPresent(endpoint -> s3.endpointOverride(endpoint).forcePathStyle(true));
        try {
            return new BedrockBatchApi(control.build(), s3.build(), settings, agent.modelId(), online);
        } catch (SdkClientException e) {
            throw new dev.afl.AflException("Cannot make the " + agent.agent() + " agent's Bedrock batch clients ("
                    + e.getMessage() + "): set AFL_BEDROCK_REGION or AWS_REGION to the region that serves "
                    + agent.modelId() + ".", e);
        }
    }

    @Override
    public int minimumRequests() {
        return settings.minimumRecords();
    }

    @Override
    public BatchJob submit(String agent, Map<String, ObjectNode> requestsById) {
        StringBuilder records = new StringBuilder();
        requestsById.forEach((recordId, body) -> {
            ObjectNode record = JSON.createObjectNode().put("recordId", recordId);
            record.set("modelInput", body);
            records.append(record).append('\n');
        });
        String name = "afl-" + agent + "-" + UUID.randomUUID() + ".jsonl";
        String inputKey = settings.key("input/" + name);
        String outputPrefix = settings.key("output/");
        try {
            s3.putObject(put -> put.bucket(settings.bucket()).key(inputKey).contentType("application/jsonl"),
                    RequestBody.fromString(records.toString(), StandardCharsets.UTF_8));
            String arn = bedrock.createModelInvocationJob(job -> job
                    .jobName(jobName(agent))
                    .roleArn(settings.roleArn()).modelId(modelId)
                    .inputDataConfig(ModelInvocationJobInputDataConfig.fromS3InputDataConfig(in -> in
                            .s3Uri("s3://" + settings.bucket() + "/" + inputKey).s3InputFormat(S3InputFormat.JSONL)))
                    .outputDataConfig(ModelInvocationJobOutputDataConfig.fromS3OutputDataConfig(out -> out
                            .s3Uri("s3://" + settings.bucket() + "/" + outputPrefix)))).jobArn();
            return new BatchJob(arn, "Submitted", null, null, requestsById.size(), 0, 0, 0, null);
        } catch (AwsServiceException e) {
            throw failure(e);
        } catch (SdkClientException e) {
            throw unreachable("submit the batch inference job", e);
        }
    }

    @Override
    public BatchJob job(String arn) {
        GetModelInvocationJobResponse job;
        try {
            job = bedrock.getModelInvocationJob(get -> get.jobIdentifier(arn));
        } catch (AwsServiceException e) {
            throw failure(e);
        } catch (SdkClientException e) {
            throw unreachable("read the batch inference job " + arn, e);
        }
        String input = job.inputDataConfig() == null || job.inputDataConfig().s3InputDataConfig() == null ? ""
                : job.inputDataConfig().s3InputDataConfig().s3Uri();
        String output = job.outputDataConfig() == null || job.outputDataConfig().s3OutputDataConfig() == null ? ""
                : job.outputDataConfig().s3OutputDataConfig().s3Uri();
        // Bedrock writes the records to <output URI><job id>/<input file name>.out.
        String jobId = arn.substring(arn.lastIndexOf('/') + 1);
        String inputName = input.substring(input.lastIndexOf('/') + 1);
        String outputUri = (output.endsWith("/") ? output : output + "/") + jobId + "/" + inputName + ".out";
        String status = job.statusAsString() == null ? "unknown" : job.statusAsString();
        boolean problem = "Failed".equals(status) || "Stopped".equals(status) || "PartiallyCompleted".equals(status);
        return new BatchJob(arn, status, outputUri, null, count(job.totalRecordCount()),
                count(job.successRecordCount()), count(job.errorRecordCount()),
                job.submitTime() == null ? 0 : job.submitTime().getEpochSecond(),
                problem && job.message() != null ? ProviderError.redact(job.message(), List.of()) : null);
    }

    @Override
    public String results(BatchJob job) {
        String uri = job.outputFileId();
        if (uri == null || !uri.startsWith("s3://")) {
            return "";
        }
        String bucket = uri.substring(5, uri.indexOf('/', 5));
        String key = uri.substring(uri.indexOf('/', 5) + 1);
        try {
            return s3.getObjectAsBytes(get -> get.bucket(bucket).key(key)).asString(StandardCharsets.UTF_8);
        } catch (NoSuchKeyException none) {
            return ""; // a job that ended before writing any record: every request unanswered
        } catch (AwsServiceException e) {
            throw failure(e);
        } catch (SdkClientException e) {
            throw unreachable("read the batch inference output " + uri, e);
        }
    }

    @Override
    public ResultLine read(JsonNode line, Collection<String> secrets) {
        if (!line.path("recordId").isTextual()) {
            return null;
        }
        String recordId = line.get("recordId").asText();
        JsonNode output = line.path("modelOutput");
        if (output.isObject()) {
            return new ResultLine(recordId, new BatchAnswer.Replied(dev.afl.agent.llm.bedrock.Converse.result(
                    output)));
        }
        JsonNode error = line.path("error");
        int status = error.path("errorCode").canConvertToInt() ? error.path("errorCode").asInt()
                : error.path("errorCode").asText("").matches("\\d{3}") ? Integer.parseInt(error.path("errorCode")
                        .asText()) : 500;
        ObjectNode body = JSON.createObjectNode();
        body.putObject("error").put("message", error.path("errorMessage").asText("the record has no modelOutput"));
        return new ResultLine(recordId, new BatchAnswer.Failed(ExceptionMapper.DEFAULT.mapException(
                new LlmHttpException(ProviderError.of(status, body.toString(), secrets)))));
    }

    /**
     * Each request as one online Converse call, with the system and user message of its body; a few at a time
     * ({@link #ONLINE_AT_ONCE}), as an online run's {@code --concurrency} would.
     */
    @Override
    public Map<String, BatchAnswer> answerOnline(Map<String, ObjectNode> requestsById) {
        Map<String, BatchAnswer> answers = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.concurrent.Semaphore slots = new java.util.concurrent.Semaphore(ONLINE_AT_ONCE);
        try (var calls = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            requestsById.forEach((id, body) -> calls.submit(() -> {
                String system = body.path("system").path(0).path("text").asText();
                String user = body.path("messages").path(0).path("content").path(0).path("text").asText();
                slots.acquireUninterruptibly();
                try {
                    answers.put(id, new BatchAnswer.Replied(online.chat(system, user)));
                } catch (RuntimeException e) {
                    answers.put(id, new BatchAnswer.Failed(e));
                } finally {
                    slots.release();
                }
            }));
        }
        return new LinkedHashMap<>(answers);
    }

    /** A job name Bedrock takes: at most 63 characters of letters, digits and hyphens. */
    private static String jobName(String agent) {
        String name = ("afl-" + agent + "-" + UUID.randomUUID()).replaceAll("[^A-Za-z0-9-]", "-");
        return name.substring(0, Math.min(63, name.length()));
    }

    @Override
    public void close() {
        bedrock.close();
        s3.close();
    }

    private static int count(Long count) {
        return count == null ? 0 : (int) Math.min(Integer.MAX_VALUE, count);
    }

    private static LlmHttpException failure(AwsServiceException e) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode error = body.putObject("error");
        if (e.awsErrorDetails() != null && e.awsErrorDetails().errorCode() != null) {
            error.put("code", e.awsErrorDetails().errorCode());
        }
        error.put("message", e.awsErrorDetails() == null || e.awsErrorDetails().errorMessage() == null
                ? String.valueOf(e.getMessage()) : e.awsErrorDetails().errorMessage());
        return new LlmHttpException(ProviderError.of(e.statusCode(), body.toString(), List.of()));
    }

    private static UncheckedIOException unreachable(String what, SdkClientException e) {
        return new UncheckedIOException("could not " + what + ": " + e.getMessage(), new IOException(e));
    }
}

package dev.afl.function;

import dev.afl.Dynalite;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * What one function module's {@code @QuarkusTest} needs: dynalite with the session table, the application's DynamoDB
 * client pointed at it, and the offline agents (no LLM). With the init argument {@code s3=true}, also an S3 on
 * loopback ({@link LocalS3}) that the SDK's default client finds the way the aggregate function's does in Lambda:
 * region, credentials and endpoint from the SDK's own settings ({@code aws.region}, {@code aws.accessKeyId},
 * {@code aws.endpointUrlS3}), set here as system properties since the function builds its client from them.
 */
public class LambdaFunctionResources implements QuarkusTestResourceLifecycleManager {

    /** The servers of the running test; read by the tests (one Quarkus application per module, so one of each). */
    private static Dynalite dynalite;
    private static LocalS3 s3;

    private boolean withS3;

    @Override
    public void init(Map<String, String> initArgs) {
        withS3 = Boolean.parseBoolean(initArgs.getOrDefault("s3", "false"));
    }

    @Override
    public Map<String, String> start() {
        dynalite = Dynalite.start();
        Map<String, String> config = new HashMap<>(dynalite.quarkusConfig());
        config.put("afl.agents.mode", "offline");
        if (withS3) {
            try {
                s3 = new LocalS3();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the loopback S3", e);
            }
            System.setProperty("aws.region", "us-east-1");
            System.setProperty("aws.accessKeyId", "test");
            System.setProperty("aws.secretAccessKey", "test");
            System.setProperty("aws.endpointUrlS3", s3.endpoint().toString());
        }
        return config;
    }

    /** The loopback S3 (started with {@code s3=true}). */
    public static LocalS3 s3() {
        if (s3 == null) {
            throw new IllegalStateException("No S3 here: declare LambdaFunctionResources with initArgs s3=true.");
        }
        return s3;
    }

    /** A client of a loopback S3, as the aggregate function builds its own (URL-connection HTTP client). */
    public static software.amazon.awssdk.services.s3.S3Client s3Client(LocalS3 s3) {
        return software.amazon.awssdk.services.s3.S3Client.builder().endpointOverride(s3.endpoint())
                .forcePathStyle(true).region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("test", "test")))
                .requestChecksumCalculation(software.amazon.awssdk.core.checksums.RequestChecksumCalculation
                        .WHEN_REQUIRED)
                .responseChecksumValidation(software.amazon.awssdk.core.checksums.ResponseChecksumValidation
                        .WHEN_REQUIRED)
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create()).build();
    }

    @Override
    public void stop() {
        if (s3 != null) {
            s3.close();
            s3 = null;
            for (String property : new String[] {"aws.region", "aws.accessKeyId", "aws.secretAccessKey",
                    "aws.endpointUrlS3"}) {
                System.clearProperty(property);
            }
        }
        if (dynalite != null) {
            dynalite.close();
            dynalite = null;
        }
    }
}

package dev.afl.agent.llm.bedrock;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.afl.AflException;
import dev.afl.ProviderError;
import dev.afl.RetryAfter;
import dev.afl.agent.llm.LlmBusyException;
import dev.afl.agent.llm.LlmCall;
import dev.afl.agent.llm.LlmCredentialsRefusedException;
import dev.afl.agent.llm.LlmHttpException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.service.Result;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClientBuilder;

/**
 * One agent's LLM on Amazon Bedrock: each call is one Converse request ({@link Converse}) through the AWS SDK, signed
 * with the credentials of the SDK's default chain (the function's role in AWS; no key of ours), to the agent's model in
 * its region. The SDK tries each call once, under the agent's call deadline: {@code LlmExchange} is the only retry
 * layer, as for the OpenAI path. Its errors become what the exchange understands: throttling (429, with
 * {@code Retry-After} when Bedrock gives one) and the server's errors (5xx, a model not ready or timed out) are
 * {@link LlmHttpException}s it retries; a request Bedrock cannot serve (400 validation, 404 unknown model) a
 * non-retriable one; refused or missing credentials end the turn ({@link BedrockHttpException},
 * {@link LlmCredentialsRefusedException}). What is kept of an error is redacted of the credentials. The client holds
 * a connection pool: close it with the application.
 */
public final class BedrockConverseCall implements LlmCall, AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Headroom past the call deadline before the SDK gives up: the agent's own deadline cuts the call first. */
    private static final Duration SDK_HEADROOM = Duration.ofSeconds(1);

    private final BedrockSettings settings;
    private final BedrockRuntimeClient client;

    public BedrockConverseCall(BedrockSettings settings) {
        this.settings = settings;
        this.client = client(settings);
    }

    @Override
    public Result<String> chat(String system, String user) {
        try {
            return Converse.result(client.converse(Converse.request(settings.modelId(), system, user,
                    settings.inference())));
        } catch (AwsServiceException e) {
            throw failure(e);
        } catch (SdkClientException e) {
            if (noCredentials(e)) {
                throw new LlmCredentialsRefusedException("No AWS credentials for the " + settings.agent()
                        + " agent's Bedrock model " + settings.modelId() + ": the SDK's default chain found none ("
                        + ProviderError.redact(firstLine(e.getMessage()), List.of()) + "). Set AWS_PROFILE, or"
                        + " AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; in AWS, the function's role provides them.",
                        null);
            }
            throw e; // a connection error, a timeout, an unreadable answer: retried
        }
    }

    /** The service's error answer as the exchange reads it, with nothing of the credentials in it. */
    private RuntimeException failure(AwsServiceException e) {
        int status = e.statusCode();
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        String message = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
        ObjectNode body = JSON.createObjectNode();
        ObjectNode error = body.putObject("error");
        if (code != null) {
            error.put("code", code);
        }
        error.put("message", message == null ? "" : message);
        ProviderError provider = ProviderError.of(status, body.toString(), secrets());
        BedrockHttpException answer = new BedrockHttpException(settings.agent(), provider);
        if (answer.refusedCredentials()) {
            return answer;
        }
        if (status == 429 || status == 503) {
            Optional<Duration> wait = e.awsErrorDetails() == null || e.awsErrorDetails().sdkHttpResponse() == null
                    ? Optional.empty() : e.awsErrorDetails().sdkHttpResponse()
                            .firstMatchingHeader(RetryAfter.HEADER).flatMap(RetryAfter::parse);
            if (wait.isPresent()) {
                return new LlmBusyException(provider, wait.get());
            }
        }
        if (status == 404) {
            return new ModelNotFoundException(answer.getMessage(), answer);
        }
        if (status == 400 || status == 413 || status == 422) {
            return new InvalidRequestException(answer.getMessage(), answer);
        }
        return answer;
    }

    /**
     * The credentials the client signs with, removed from whatever is kept of an error (a hostile or broken endpoint
     * may echo them); none when they cannot be read.
     */
    private List<String> secrets() {
        List<String> secrets = new ArrayList<>();
        try {
            AwsCredentialsIdentity identity = client.serviceClientConfiguration().credentialsProvider()
                    .resolveIdentity().get(1, java.util.concurrent.TimeUnit.SECONDS);
            secrets.add(identity.accessKeyId());
            secrets.add(identity.secretAccessKey());
            if (identity instanceof AwsSessionCredentialsIdentity session) {
                secrets.add(session.sessionToken());
            }
        } catch (Exception none) {
            if (none instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            // No credentials to remove: the patterns of ProviderError.redact still apply.
        }
        return secrets;
    }

    private static boolean noCredentials(SdkClientException e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("Unable to load credentials")) {
                return true;
            }
        }
        return false;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        String line = message.lines().findFirst().orElse("").strip();
        return line.length() > 200 ? line.substring(0, 200) + "\u2026" : line;
    }

    private static BedrockRuntimeClient client(BedrockSettings settings) {
        Duration deadline = settings.callDeadline().plus(SDK_HEADROOM);
        BedrockRuntimeClientBuilder builder = BedrockRuntimeClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder().connectionTimeout(deadline)
                        .socketTimeout(deadline))
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallTimeout(deadline).apiCallAttemptTimeout(deadline).build());
        settings.region().map(Region::of).ifPresent(builder::region);
        settings.endpoint().ifPresent(builder::endpointOverride);
        try {
            return builder.build();
        } catch (SdkClientException e) {
            if (settings.region().isEmpty() && String.valueOf(e.getMessage()).contains("region")) {
                throw new AflException("No AWS region for the " + settings.agent() + " agent's Bedrock model "
                        + settings.modelId() + ": set AFL_BEDROCK_REGION (or " + BedrockSettings.variable(
                        settings.agent(), "BEDROCK_REGION") + "), or AWS_REGION, to the region that serves it.", e);
            }
            throw e;
        }
    }

    @Override
    public void close() {
        client.close();
    }
}

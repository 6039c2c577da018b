package dev.afl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What is kept of a provider's error answer: status, code, a short message; never anything like a credential. */
class ProviderErrorTest {

    static final String KEY = "AFLk3y7f3c9e2b1d4a5f60e8";

    @Test
    void anOpenAiErrorKeepsItsStatusCodeAndMessage() {
        ProviderError error = ProviderError.of(429, "{\"error\": {\"message\": \"Rate limit reached for gpt-4o-mini\","
                + " \"type\": \"requests\", \"code\": \"rate_limit_exceeded\"}}", List.of(KEY));
        assertThat(error.toString()).isEqualTo("HTTP 429 (rate_limit_exceeded): Rate limit reached for gpt-4o-mini");
        assertThat(ProviderError.of(500, "{\"error\": {\"message\": \"boom\", \"type\": \"server_error\"}}", List.of())
                .toString()).isEqualTo("HTTP 500 (server_error): boom");
        assertThat(ProviderError.of(422, "{\"detail\": \"unknown item 995\"}", List.of()).toString())
                .isEqualTo("HTTP 422: unknown item 995");
        assertThat(ProviderError.of(502, "<html><body>Bad gateway</body></html>", List.of()).toString())
                .isEqualTo("HTTP 502: <html><body>Bad gateway</body></html>");
        assertThat(ProviderError.of(503, "", List.of()).toString()).isEqualTo("HTTP 503");
    }

    @Test
    void everyShapeOfACredentialIsRemoved() {
        String echoed = "{\"error\": {\"message\": \"Incorrect API key provided: " + KEY + ". You sent Authorization:"
                + " Bearer " + KEY + " (key=" + KEY + "), x-api-key: abc123secretvalue, token=tok_9f8e7d6c5b,"
                + " sk-proj-AbCdEf0123456789, the start " + KEY.substring(0, 10) + "*** of it, \\\"api_key\\\":"
                + " \\\"zzz999yyy888\\\"\", \"code\": \"invalid_api_key\"}, \"echo\": \"Bearer " + KEY + "\"}";
        ProviderError error = ProviderError.of(401, echoed, List.of(KEY));
        assertThat(error.code()).isEqualTo("invalid_api_key");
        assertThat(error.message()).startsWith("Incorrect API key provided: [redacted]. You sent Authorization:"
                + " [redacted]")
                .doesNotContain(KEY, KEY.substring(0, 10), "abc123secretvalue", "tok_9f8e7d6c5b",
                        "AbCdEf0123456789", "zzz999yyy888", "Bearer A");
        assertThat(error.message().length()).isLessThanOrEqualTo(ProviderError.MESSAGE_LIMIT + 1);
        // Without the key configured, the shapes alone still go.
        assertThat(ProviderError.redact("Authorization: Bearer abcdef.ghijkl and sk-abcdefgh12", List.of()))
                .isEqualTo("Authorization: [redacted] and [redacted]");
    }

    /** What an AWS endpoint may echo: a SigV4 Authorization header, an access key id alone, a session token. */
    @Test
    void awsCredentialsAreRemovedWithoutBeingConfigured() {
        String echoed = "You sent Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261207/us-east-1/"
                + "bedrock/aws4_request, SignedHeaders=host;x-amz-date, Signature=" + "0a1b2c3d".repeat(8)
                + " for ASIAZZZZYYYYXXXX0000, X-Amz-Security-Token: FwoGZXIvYXdzEBYaDK";
        String redacted = ProviderError.redact(echoed, List.of());
        assertThat(redacted).doesNotContain("AKIAIOSFODNN7EXAMPLE", "0a1b2c3d", "ASIAZZZZYYYYXXXX0000",
                "FwoGZXIvYXdzEBYaDK").contains("SignedHeaders=host;x-amz-date");
    }

    @Test
    void aCodeThatIsNoIdentifierIsDropped() {
        assertThat(ProviderError.of(400, "{\"error\": {\"message\": \"bad\", \"code\": \"<script>x</script>\"}}",
                List.of()).code()).isNull();
    }
}

package dev.afl.agent.llm.bedrock;

import dev.afl.ProviderError;
import dev.afl.agent.llm.LlmHttpException;
import java.util.Set;

/**
 * Bedrock answered an error that is the credentials' fault or another HTTP error: an {@link LlmHttpException}, so
 * {@code LlmExchange} treats it as it treats the OpenAI client's (a 403, and the credential errors AWS may answer with
 * another status, end the turn with no retry and no fallback), but its advice names the AWS credentials and the IAM
 * permission rather than an API key.
 */
public final class BedrockHttpException extends LlmHttpException {

    /** AWS's error codes for credentials it cannot accept, whatever status they come with. */
    static final Set<String> CREDENTIAL_ERRORS = Set.of("AccessDeniedException", "UnrecognizedClientException",
            "ExpiredTokenException", "ExpiredToken", "InvalidSignatureException", "IncompleteSignature",
            "IncompleteSignatureException", "MissingAuthenticationTokenException", "MissingAuthenticationToken",
            "InvalidClientTokenId", "SignatureDoesNotMatch", "RequestExpired", "AccessDenied");

    private final String agent;

    BedrockHttpException(String agent, ProviderError error) {
        super(error);
        this.agent = agent;
    }

    @Override
    public boolean refusedCredentials() {
        return super.refusedCredentials() || CREDENTIAL_ERRORS.contains(error().code());
    }

    @Override
    public String credentialsAdvice() {
        return "Check the AWS credentials the SDK's default chain finds (in AWS the function's role; locally"
                + " AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, and AWS_SESSION_TOKEN for temporary ones,"
                + " which expire), that they may bedrock:InvokeModel on this model, that the model is enabled in the"
                + " account's Bedrock model access, and the region (AFL_BEDROCK_REGION, or "
                + BedrockSettings.variable(agent, "BEDROCK_REGION") + ").";
    }
}

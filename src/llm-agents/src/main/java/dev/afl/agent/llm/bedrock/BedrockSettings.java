package dev.afl.agent.llm.bedrock;

import dev.afl.AflException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * One agent's Bedrock model and where it is asked.
 *
 * @param agent        {@code recommender} or {@code user}: named in messages, with its own variables
 * @param modelId      the Bedrock model id or inference profile id (AFL_LLM_MODEL, or the agent's own)
 * @param region       the AWS region (AFL_BEDROCK_REGION, or the agent's own); empty: the SDK's region chain
 *                     (AWS_REGION, the profile, the instance)
 * @param endpoint     a Bedrock runtime endpoint other than the region's (AFL_BEDROCK_ENDPOINT: a VPC endpoint, a
 *                     local server in tests); empty: the region's
 * @param inference    the temperature and token limit of every request
 * @param callDeadline each call's deadline (AFL_LLM_TIMEOUT), which the SDK's own timeout follows
 */
public record BedrockSettings(String agent, String modelId, Optional<String> region, Optional<URI> endpoint,
        Converse.Inference inference, Duration callDeadline) {

    public BedrockSettings {
        if (modelId == null || modelId.isBlank()) {
            throw new AflException("The " + agent + " agent's LLM provider is bedrock but no model id is set: set"
                    + " AFL_LLM_MODEL (or " + variable(agent, "LLM_MODEL") + ") to a Bedrock model id, e.g."
                    + " anthropic.claude-3-haiku-20240307-v1:0.");
        }
    }

    /** The endpoint override as {@code written} (none when unset or blank), refused when it is no http(s) URL. */
    public static Optional<URI> endpoint(String agent, Optional<String> written) {
        if (written.isEmpty() || written.get().isBlank()) {
            return Optional.empty();
        }
        String value = written.get().strip();
        try {
            URI uri = new URI(value);
            if (("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null) {
                return Optional.of(uri);
            }
        } catch (java.net.URISyntaxException unreadable) {
            // Refused below with the rest.
        }
        throw new AflException("The " + agent + " agent's Bedrock endpoint (AFL_BEDROCK_ENDPOINT, or "
                + variable(agent, "BEDROCK_ENDPOINT") + ") is '" + value + "', not an http(s) URL: write the runtime"
                + " endpoint's URL, e.g. https://bedrock-runtime.us-east-1.amazonaws.com, or leave it unset for the"
                + " region's.");
    }

    /** The agent's own variable: AFL_RECOMMENDER_LLM_MODEL, AFL_USER_BEDROCK_REGION, ... */
    static String variable(String agent, String setting) {
        return "AFL_" + agent.toUpperCase(java.util.Locale.ROOT) + "_" + setting;
    }

    /** Where the calls go, in words: which agents share an LLM's availability, and what a message names. */
    public String where() {
        return "bedrock " + endpoint.map(URI::toString).orElse(region.orElse("(the SDK's region)"));
    }
}

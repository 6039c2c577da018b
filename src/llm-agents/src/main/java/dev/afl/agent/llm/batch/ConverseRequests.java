package dev.afl.agent.llm.batch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.afl.agent.llm.SamplingSeed;
import dev.afl.agent.llm.bedrock.Converse;

/**
 * One Bedrock agent's batch request bodies: the Converse request body ({@link Converse#requestBody}) the online call
 * sends, which a Bedrock batch record carries as its {@code modelInput}. Converse takes no sampling seed, so a repeat
 * run's seed ({@code experiment --repeats}) is not in the body, as it is not in the online request; it is in the key,
 * so each repeat's requests are asked (and kept) on their own, never answered from another repeat's.
 */
public record ConverseRequests(Converse.Inference inference) implements BatchRequests {

    @Override
    public ObjectNode body(String system, String user) {
        return Converse.requestBody(system, user, inference);
    }

    @Override
    public String requestKey(ObjectNode body) {
        Integer seed = SamplingSeed.current();
        return seed == null ? ChatSettings.key(body) : ChatSettings.key(body) + "-seed" + seed;
    }
}

package dev.afl.agent.llm.batch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.afl.agent.llm.bedrock.Converse;

/**
 * One Bedrock agent's batch request bodies: the Converse request body ({@link Converse#requestBody}) the online call
 * sends, which a Bedrock batch record carries as its {@code modelInput}.
 */
public record ConverseRequests(Converse.Inference inference) implements BatchRequests {

    @Override
    public ObjectNode body(String system, String user) {
        return Converse.requestBody(system, user, inference);
    }
}

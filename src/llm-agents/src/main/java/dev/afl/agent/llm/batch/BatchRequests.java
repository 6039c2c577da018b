package dev.afl.agent.llm.batch;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** How one agent's message becomes the body of one batch request, in the wire format of its provider. */
public interface BatchRequests {

    /** The request body of one call: exactly what the online call would send for the same messages. */
    ObjectNode body(String system, String user);

    /**
     * What identifies the request across jobs and runs (the journal answers a request whose key a job answered):
     * the hash of its whole body, where the body says everything that makes two requests different.
     */
    default String requestKey(ObjectNode body) {
        return ChatSettings.key(body);
    }
}

package dev.afl.app;

import dev.afl.agent.llm.SamplingSeed;
import dev.langchain4j.model.openai.internal.chat.ChatCompletionRequest;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;

/**
 * Writes the calling thread's {@link SamplingSeed} into an OpenAI chat-completion request's {@code seed} field, so
 * each repeat of an experiment ({@code experiment --repeats}) samples with a seed of its own. Registered on the OpenAI
 * REST clients by {@link OpenAiRestClientListener}; the request side of a client filter runs on the calling thread.
 * A request already carrying a seed (none of ours does) keeps it; without a current seed nothing changes.
 */
final class SamplingSeedFilter implements ClientRequestFilter {

    @Override
    public void filter(ClientRequestContext context) {
        Integer seed = SamplingSeed.current();
        if (seed != null && context.getEntity() instanceof ChatCompletionRequest request && request.seed() == null) {
            context.setEntity(ChatCompletionRequest.builder().from(request).seed(seed).build());
        }
    }
}

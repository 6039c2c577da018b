package dev.afl.app;

import dev.langchain4j.model.openai.OpenAiChatModel.OpenAiChatModelBuilder;
import io.quarkiverse.langchain4j.ModelBuilderCustomizer;
import io.quarkiverse.langchain4j.ModelName;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The agents' OpenAI chat models try each call once, so {@code afl.llm.call-retries} (in
 * {@link dev.afl.agent.llm.LlmExchange}, with backoff and {@code Retry-After}) is the only retry layer. LangChain4j
 * counts {@code maxRetries} as retries after the first try, and quarkus-langchain4j's {@code max-retries} refuses
 * anything under 1, so it alone would always send a failing call twice, 0.5 s apart, whatever the server asks. Its
 * model-builder hook, applied per named model after that check, sets 0.
 */
@Singleton
public class OneTryChatModels {

    private static final ModelBuilderCustomizer<OpenAiChatModelBuilder> ONE_TRY = builder -> builder.maxRetries(0);

    @Produces
    @Singleton
    @ModelName("recommender")
    ModelBuilderCustomizer<OpenAiChatModelBuilder> recommender() {
        return ONE_TRY;
    }

    @Produces
    @Singleton
    @ModelName("user")
    ModelBuilderCustomizer<OpenAiChatModelBuilder> user() {
        return ONE_TRY;
    }
}

package dev.afl.agent.llm;

import dev.langchain4j.service.Result;
import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.service.UserMessage;
import dev.langchain4j.service.V;
import io.quarkiverse.langchain4j.RegisterAiService;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The user agent's LLM, configured under the model name {@code user} ({@code quarkus.langchain4j.openai.user.*}); its
 * system and user messages come from the run's prompt set, as {@link RecommenderAssistant}'s do.
 */
@ApplicationScoped // stateless (no chat memory): one instance serves every thread, CLI and Lambda alike
@RegisterAiService(modelName = "user",
        chatMemoryProviderSupplier = RegisterAiService.NoChatMemoryProviderSupplier.class)
public interface UserAssistant {

    @SystemMessage("{system}")
    @UserMessage("{user}")
    Result<String> chat(@V("system") String system, @V("user") String user);
}

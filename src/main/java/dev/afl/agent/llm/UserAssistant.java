package dev.afl.agent.llm;

import dev.langchain4j.service.Result;
import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.service.UserMessage;
import io.quarkiverse.langchain4j.RegisterAiService;
import jakarta.enterprise.context.ApplicationScoped;

/** The user agent's LLM, configured under the model name {@code user} ({@code quarkus.langchain4j.openai.user.*}). */
@ApplicationScoped // stateless (no chat memory): one instance serves every thread, CLI and Lambda alike
@RegisterAiService(modelName = "user",
        chatMemoryProviderSupplier = RegisterAiService.NoChatMemoryProviderSupplier.class)
public interface UserAssistant {

    @SystemMessage(fromResource = "prompts/user-system.txt")
    Result<String> chat(@UserMessage String prompt);
}

package dev.afl.agent.llm;

import dev.langchain4j.service.Result;
import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.service.UserMessage;
import io.quarkiverse.langchain4j.RegisterAiService;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The recommendation agent's LLM, configured under the model name {@code recommender}
 * ({@code quarkus.langchain4j.openai.recommender.*}). Stateless: the agent's memory travels in the prompt,
 * which {@link dev.afl.prompt.PromptLibrary} renders (braces never reach it, so it is not re-templated).
 */
@ApplicationScoped // stateless (no chat memory): one instance serves every thread, CLI and Lambda alike
@RegisterAiService(modelName = "recommender",
        chatMemoryProviderSupplier = RegisterAiService.NoChatMemoryProviderSupplier.class)
public interface RecommenderAssistant {

    @SystemMessage(fromResource = "prompts/recommender-system.txt")
    Result<String> chat(@UserMessage String prompt);
}

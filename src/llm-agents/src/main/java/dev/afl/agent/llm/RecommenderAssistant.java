package dev.afl.agent.llm;

import dev.langchain4j.service.Result;
import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.service.UserMessage;
import dev.langchain4j.service.V;
import io.quarkiverse.langchain4j.RegisterAiService;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The recommendation agent's LLM, configured under the model name {@code recommender}
 * ({@code quarkus.langchain4j.openai.recommender.*}). Stateless: the agent's memory travels in the messages. Both
 * messages are rendered by {@link dev.afl.prompt.PromptLibrary} from the run's prompt set, so the system message is
 * a parameter here rather than a fixed resource; the templates below only place each text, whole, in its message
 * (a parameter's value is never read as a template, and the rendered text holds no braces anyway).
 */
@ApplicationScoped // stateless (no chat memory): one instance serves every thread, CLI and Lambda alike
@RegisterAiService(modelName = "recommender",
        chatMemoryProviderSupplier = RegisterAiService.NoChatMemoryProviderSupplier.class)
public interface RecommenderAssistant {

    @SystemMessage("{system}")
    @UserMessage("{user}")
    Result<String> chat(@V("system") String system, @V("user") String user);
}

package dev.afl.agent.llm;

import dev.langchain4j.service.Result;

/**
 * One chat completion: a system and a user message in, the reply with its token usage out. Implemented by the AI
 * services ({@link RecommenderAssistant#chat}, {@link UserAssistant#chat}).
 */
@FunctionalInterface
public interface LlmCall {

    Result<String> chat(String system, String user);
}

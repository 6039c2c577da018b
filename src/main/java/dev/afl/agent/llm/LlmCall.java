package dev.afl.agent.llm;

import dev.langchain4j.service.Result;

/** One chat completion: the prompt in, the reply with its token usage out. Implemented by the AI services. */
@FunctionalInterface
public interface LlmCall {

    Result<String> chat(String prompt);
}

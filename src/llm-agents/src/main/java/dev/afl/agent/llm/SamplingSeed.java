package dev.afl.agent.llm;

/**
 * A sampling seed sent with every chat completion of one LLM call: an experiment's repeat runs each ask with a seed
 * of their own ({@code experiment --repeats}), so a provider that honours the OpenAI {@code seed} field samples each
 * repeat reproducibly and the repeats apart. The AI services have no per-call seed, so the call runs with the seed as
 * its thread's current one and the OpenAI REST client's request filter ({@code dev.afl.app.SamplingSeedFilter})
 * writes it into the request; the filter runs on the calling thread, as {@link CallAbort}'s does.
 */
public final class SamplingSeed {

    private static final ThreadLocal<Integer> CURRENT = new ThreadLocal<>();

    private SamplingSeed() {
    }

    /** The seed of the LLM call this thread makes, or null: no seed is sent (the provider samples as it will). */
    public static Integer current() {
        return CURRENT.get();
    }

    /** {@code live} with every request it sends carrying {@code seed}; {@code live} itself when the seed is null. */
    public static LlmCall applied(Integer seed, LlmCall live) {
        if (seed == null) {
            return live;
        }
        return (system, user) -> {
            Integer outer = CURRENT.get();
            CURRENT.set(seed);
            try {
                return live.chat(system, user);
            } finally {
                if (outer == null) {
                    CURRENT.remove();
                } else {
                    CURRENT.set(outer);
                }
            }
        };
    }
}

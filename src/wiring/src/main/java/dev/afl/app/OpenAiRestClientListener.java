package dev.afl.app;

import dev.afl.AflException;
import dev.afl.agent.llm.LlmErrorMapper;
import io.quarkiverse.langchain4j.openai.common.OpenAiRestApi;
import io.smallrye.config.SmallRyeConfig;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.rest.client.RestClientBuilder;
import org.eclipse.microprofile.rest.client.spi.RestClientListener;

/**
 * Tunes the REST clients quarkus-langchain4j builds for the agents' OpenAI chat models, which none of its settings
 * reach: a connection pool of {@code afl.llm.max-connections} (the REST client's default of 50 capped the calls in
 * flight per agent); {@link LlmErrorMapper}, so an HTTP error keeps only its redacted summary (never a body that may
 * echo the key) and a 429/503 its {@code Retry-After}; and {@link LlmRequestAbort}, so a call past its deadline
 * resets its request and closes its connection; and {@link SamplingSeedFilter}, so a repeat run's sampling seed
 * reaches the request.
 *
 * <p>How it is reached: quarkus-langchain4j's {@code QuarkusOpenAiClient} builds each client with
 * {@code QuarkusRestClientBuilder}, whose {@code build} hands the builder to every MicroProfile
 * {@link RestClientListener} found by {@link java.util.ServiceLoader} (this one is listed in
 * {@code META-INF/services}); the REST client reads the pool size from the builder's properties. Every other REST
 * client is left alone. For a native image the native profile keeps the service file as a resource and
 * {@link NativeReflection} registers this class (not verified here: no native-image on the build machines).
 */
public final class OpenAiRestClientListener implements RestClientListener {

    /** The REST client's property for its Vert.x connection pool (read when the client is built; an Integer). */
    static final String POOL_SIZE = "io.quarkus.rest.client.connection-pool-size";
    /** application.properties' stand-in when no key is set: no secret, and redacting it would mangle "configured". */
    private static final String NO_KEY = "not-configured";

    @Override
    public void onNewClient(Class<?> serviceInterface, RestClientBuilder builder) {
        if (!OpenAiRestApi.class.equals(serviceInterface)) {
            return;
        }
        AflConfig config = ConfigProvider.getConfig().unwrap(SmallRyeConfig.class).getConfigMapping(AflConfig.class);
        builder.property(POOL_SIZE, checkedMaxConnections(config.llm().maxConnections()));
        builder.register(new LlmErrorMapper(apiKeys(ConfigProvider.getConfig())));
        builder.register(new LlmRequestAbort());
        builder.register(new SamplingSeedFilter());
    }

    /** Every configured LLM key (both agents', and the shared one), to be removed from what is kept of an error. */
    static List<String> apiKeys(Config config) {
        return Stream.of("quarkus.langchain4j.openai.api-key", "quarkus.langchain4j.openai.recommender.api-key",
                "quarkus.langchain4j.openai.user.api-key").map(name -> optional(config, name)).flatMap(Optional::stream)
                .filter(key -> !key.isBlank() && !key.equals(NO_KEY)).distinct().toList();
    }

    private static Optional<String> optional(Config config, String name) {
        try {
            return config.getOptionalValue(name, String.class);
        } catch (RuntimeException unresolvable) {
            return Optional.empty();
        }
    }

    /** The pool size, refused with what to set when it cannot work. */
    static int checkedMaxConnections(int connections) {
        if (connections < 1) {
            throw new AflException("afl.llm.max-connections (AFL_LLM_MAX_CONNECTIONS) is " + connections + ": each"
                    + " agent's LLM client needs at least 1 connection; set it to the calls you want in flight per"
                    + " agent (default 256).");
        }
        return connections;
    }
}

package dev.afl.api;

import dev.afl.app.AgentFactory;
import dev.afl.app.ConfiguredLoopModels;
import dev.afl.data.KnownDataset;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.vertx.http.HttpServerStart;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * Once the HTTP server listens, one INFO line (stderr, like every log) says what this API runs: its agents, the
 * models of each dataset it serves, where sessions are stored, and its URL. An operator reads there what answers.
 */
@ApplicationScoped
public class StartupSummary {

    private static final Logger LOG = Logger.getLogger(StartupSummary.class);

    @Inject
    AgentFactory agents;
    @Inject
    ConfiguredLoopModels models;
    @Inject
    RefinementService refinements;

    // Quarkus fires the event asynchronously, once the server listens.
    void listening(@ObservesAsync HttpServerStart start) {
        int port = start.options().getPort();
        if (port <= 0) { // a random port (tests): the one bound is in the configuration by now
            port = ConfigProvider.getConfig().getOptionalValue(LaunchMode.current() == LaunchMode.TEST
                    ? "quarkus.http.test-port" : "quarkus.http.port", Integer.class).orElse(port);
        }
        LOG.info(describe(start.options().getHost(), port));
    }

    /** The line, for the server at {@code host:port}. */
    String describe(String host, int port) {
        List<String> served = Arrays.stream(KnownDataset.values()).map(KnownDataset::id).filter(models::serves)
                .map(dataset -> dataset + " (" + models.recommendationName(dataset) + ", reward "
                        + models.rewardName(dataset) + ")").toList();
        return "AFL refinement API on http://" + host + ":" + port + "/v1: " + agents() + "; models: "
                + (served.isEmpty() ? "none (no dataset has both configured models bundled)" : String.join(", ", served))
                + "; sessions in the file store " + refinements.storeFolder().toAbsolutePath() + ".";
    }

    private String agents() {
        String label = agents.agentsLabel();
        if (!agents.llmEnabled() && !agents.userIsLlm()) {
            return "agents " + label + " (no LLM configured)";
        }
        return "agents " + label + " (LLM " + agents.recommenderModel() + ", prompt set " + agents.promptSet().id()
                + ")";
    }
}

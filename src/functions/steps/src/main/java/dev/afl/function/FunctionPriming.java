package dev.afl.function;

import dev.afl.memory.MemoryStore;
import java.util.List;
import java.util.function.Consumer;
import org.crac.Context;
import org.crac.Resource;
import org.jboss.logging.Logger;

/**
 * Primes a function before Lambda SnapStart takes its snapshot, so that a restored function answers its first event
 * as a warm one does: one session read (the AWS SDK's request path: about 1,500 classes and most of a first event
 * here, docs/PERFORMANCE.md) and the models the function loads, for each dataset its package bundles a model of.
 * SnapStart calls {@link #beforeCheckpoint} (a CRaC hook; elsewhere it is never called), and the function calls
 * {@link #prime} at start-up when {@code afl.functions.prime-at-start} is on. A priming step that fails is logged
 * and skipped: the function then does that work on its first event, as it would unprimed.
 */
final class FunctionPriming implements Resource {

    /** The session the priming read looks for: a valid id that no request creates (ids are client-chosen). */
    static final String SESSION_ID = "afl-priming-read";

    private static final Logger LOG = Logger.getLogger(FunctionPriming.class);

    private final String function;
    private final MemoryStore store;
    private final List<String> datasets;
    private final Consumer<String> loadModels;

    FunctionPriming(String function, MemoryStore store, List<String> datasets, Consumer<String> loadModels) {
        this.function = function;
        this.store = store;
        this.datasets = datasets;
        this.loadModels = loadModels;
    }

    /** Reads a session that does not exist, then loads the function's models of each dataset; never throws. */
    void prime() {
        long started = System.nanoTime();
        try {
            store.find(SESSION_ID);
        } catch (RuntimeException e) {
            LOG.warnf("%s: the priming session read failed (%s); the first event makes the first read.", function,
                    e.getMessage());
        }
        long read = System.nanoTime();
        for (String dataset : datasets) {
            try {
                loadModels.accept(dataset);
            } catch (RuntimeException e) {
                LOG.warnf("%s: priming could not load the %s models (%s); a %s event loads them.", function, dataset,
                        e.getMessage(), dataset);
            }
        }
        LOG.infof("%s primed in %d ms (session read %d ms; models of %s)", function,
                (System.nanoTime() - started) / 1_000_000, (read - started) / 1_000_000, datasets);
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to redo: the SDK replaces connections the snapshot left stale, and the models are in memory.
    }
}

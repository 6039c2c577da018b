package dev.afl.api;

import dev.afl.AflException;
import dev.afl.app.AflConfig;
import dev.afl.app.ConfiguredModelNames;
import dev.afl.catalog.ItemCatalog;
import dev.afl.data.DataLocation;
import dev.afl.data.KnownDataset;
import dev.afl.data.ReferenceSplitImporter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The catalogs of the datasets this server serves: the titles of the reference splits' items.jsonl under the data
 * path ({@code afl.api.data-dir}, else {@value DataLocation#DATA_DIR_VARIABLE}), with the stable ids requests use,
 * limited to the items both configured models know. Read once per dataset, on first use; a dataset whose catalog cannot be read is served
 * without one, and the reason is kept to tell clients.
 */
@ApplicationScoped
public class ServedCatalogs {

    private static final Logger LOG = Logger.getLogger(ServedCatalogs.class);

    /** A dataset's catalog, or why there is none. */
    record Loaded(Optional<ItemCatalog> catalog, String missingBecause) {
    }

    @Inject
    ConfiguredModelNames names;
    @Inject
    AflConfig config;

    private final Map<String, Loaded> loaded = new ConcurrentHashMap<>();

    /** The datasets served (both configured models bundled for them), in the catalog's order. */
    List<KnownDataset> served() {
        return Arrays.stream(KnownDataset.values()).filter(dataset -> names.serves(dataset.id())).toList();
    }

    /** The served dataset of this id, or empty when the server does not serve it. */
    Optional<KnownDataset> dataset(String id) {
        return served().stream().filter(dataset -> dataset.id().equals(id)).findFirst();
    }

    /** The item ids requests of a served dataset may use. */
    Set<String> vocabulary(String dataset) {
        return names.vocabulary(dataset);
    }

    /** The served dataset's catalog, restricted to its models' vocabulary, or why there is none. */
    Loaded catalog(KnownDataset dataset) {
        return loaded.computeIfAbsent(dataset.id(), id -> read(dataset));
    }

    private Loaded read(KnownDataset dataset) {
        try {
            ItemCatalog full = new ReferenceSplitImporter(DataLocation.resolve(
                    config.api().dataDir().map(java.nio.file.Path::of), System.getenv()))
                    .catalog(dataset);
            Set<String> known = vocabulary(dataset.id());
            ItemCatalog served = full.restrictedTo(known);
            LOG.infof("Catalog of %s: %d titled items of the %d the models know", dataset.id(), served.size(),
                    known.size());
            return new Loaded(Optional.of(served), null);
        } catch (AflException e) {
            LOG.warnf("No catalog of %s: %s", dataset.id(), e.getMessage());
            return new Loaded(Optional.empty(), e.getMessage());
        }
    }
}

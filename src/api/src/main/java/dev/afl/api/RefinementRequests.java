package dev.afl.api;

import dev.afl.AflException;
import dev.afl.InvalidRequestException;
import dev.afl.app.AflConfig;
import dev.afl.app.ConfiguredLoopModels;
import dev.afl.catalog.Item;
import dev.afl.catalog.ItemIds;
import dev.afl.catalog.ItemCatalog;
import dev.afl.catalog.RequestItems;
import dev.afl.catalog.RequestedItem;
import dev.afl.data.KnownDataset;
import dev.afl.loop.RefinementRequest;
import dev.afl.memory.Budget;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Turns a request body (already checked for shape by Bean Validation) into the loop's request, checking what only
 * the server knows: that the dataset is one whose models it bundles, that both models know every item, and that each
 * item's title is the catalog's ({@link RequestItems}: filled in where left out; required where the server has no
 * catalog). Every field at fault is reported by its path, and nothing is stored until all pass.
 */
@ApplicationScoped
public class RefinementRequests {

    @Inject
    AflConfig config;
    @Inject
    ConfiguredLoopModels models;
    @Inject
    ServedCatalogs catalogs;

    RefinementRequest toRequest(RefinementBody body) {
        String dataset;
        try {
            dataset = KnownDataset.byId(body.dataset()).id();
        } catch (AflException e) {
            // Not the catalog's list of every dataset: one without bundled models (steam) would be refused next.
            throw new InvalidFieldsException(List.of(new Problem.FieldError("dataset", "Unknown dataset '"
                    + body.dataset() + "': use " + servedDatasets() + ".")));
        }
        if (!models.serves(dataset)) {
            throw new InvalidFieldsException(List.of(new Problem.FieldError("dataset", "This server has no bundled"
                    + " models for '" + dataset + "': use " + servedDatasets() + ".")));
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        Optional<ItemCatalog> catalog = catalogs.catalog(KnownDataset.byId(dataset)).catalog();
        List<Item> history = items(dataset, catalog, body.history(), "history", errors);
        List<Item> candidates = items(dataset, catalog, body.candidates(), "candidates", errors);
        Budget budget = budget(body.budget(), errors);
        if (!errors.isEmpty()) {
            throw new InvalidFieldsException(errors);
        }
        String sessionId = body.sessionId() != null ? body.sessionId() : UUID.randomUUID().toString();
        return new RefinementRequest(sessionId, dataset, history, candidates,
                body.maxRounds() != null ? body.maxRounds() : config.loop().maxRounds(), budget);
    }

    /**
     * The list's items as {@link RequestItems} resolves them (with the catalog: its titles; without: the client's,
     * which must be given), each also checked against the models' vocabulary.
     */
    private List<Item> items(String dataset, Optional<ItemCatalog> catalog, List<ApiItem> items, String field,
            List<Problem.FieldError> errors) {
        List<InvalidRequestException> problems = new ArrayList<>();
        if (catalog.isEmpty()) {
            for (int i = 0; i < items.size(); i++) {
                if (!models.knows(dataset, items.get(i).id())) {
                    problems.add(ItemIds.unknownItem(field, i, items.get(i).id(), dataset));
                }
            }
        }
        List<Item> resolved = RequestItems.resolve(dataset, catalog, items.stream()
                .map(item -> RequestedItem.of(item.id(), item.title())).toList(), field, problems);
        problems.stream().map(e -> new Problem.FieldError(e.field(), e.getMessage())).distinct().forEach(errors::add);
        return resolved;
    }

    /** The request's budget with the configured token prices where it names none, checked as the loop checks it. */
    private Budget budget(Budget asked, List<Problem.FieldError> errors) {
        try {
            Budget budget = config.llm().priced(asked);
            budget.validate();
            return budget;
        } catch (InvalidRequestException e) {
            errors.add(new Problem.FieldError(e.field(), e.getMessage()));
            return Budget.NONE;
        }
    }

    private String servedDatasets() {
        return Arrays.stream(KnownDataset.values()).map(KnownDataset::id).filter(models::serves)
                .collect(Collectors.joining(" or "));
    }
}

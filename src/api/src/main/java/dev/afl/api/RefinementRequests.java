package dev.afl.api;

import dev.afl.AflException;
import dev.afl.InvalidRequestException;
import dev.afl.app.AflConfig;
import dev.afl.app.ConfiguredLoopModels;
import dev.afl.data.KnownDataset;
import dev.afl.loop.RefinementRequest;
import dev.afl.memory.Budget;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Turns a request body (already checked for shape by Bean Validation) into the loop's request, checking what only
 * the server knows: that the dataset is one whose models it bundles, and that both models know every item. Every
 * field at fault is reported by its path, and nothing is stored until all pass.
 */
@ApplicationScoped
public class RefinementRequests {

    @Inject
    AflConfig config;
    @Inject
    ConfiguredLoopModels models;

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
        checkKnown(dataset, body.history(), "history", errors);
        checkKnown(dataset, body.candidates(), "candidates", errors);
        Budget budget = budget(body.budget(), errors);
        if (!errors.isEmpty()) {
            throw new InvalidFieldsException(errors);
        }
        String sessionId = body.sessionId() != null ? body.sessionId() : UUID.randomUUID().toString();
        return new RefinementRequest(sessionId, dataset,
                body.history().stream().map(ApiItem::toItem).toList(),
                body.candidates().stream().map(ApiItem::toItem).toList(),
                body.maxRounds() != null ? body.maxRounds() : config.loop().maxRounds(), budget);
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

    private void checkKnown(String dataset, List<ApiItem> items, String field, List<Problem.FieldError> errors) {
        for (int i = 0; i < items.size(); i++) {
            if (!models.knows(dataset, items.get(i).id())) {
                InvalidRequestException unknown = RefinementRequest.unknownItem(field, i, items.get(i).id(), dataset);
                errors.add(new Problem.FieldError(unknown.field(), unknown.getMessage()));
            }
        }
    }

    private String servedDatasets() {
        return Arrays.stream(KnownDataset.values()).map(KnownDataset::id).filter(models::serves)
                .collect(Collectors.joining(" or "));
    }
}

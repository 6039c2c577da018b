package dev.afl.api;

import dev.afl.loop.RefinementRequest;
import dev.afl.memory.Budget;
import dev.afl.memory.MemoryStore;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What a client asks to refine: the user's history, the candidates, and the loop's options. */
@Schema(name = "RefinementRequest", description = "One user's history and the candidates to choose from. The"
        + " recommendation agent proposes a candidate, the user agent accepts or rejects it with a reason, for at most"
        + " maxRounds rounds; the answer is the last proposal.")
public record RefinementBody(
        @Schema(description = "Your id for the session (default: a new UUID). Asking again with the same id and the"
                + " same request returns the stored session instead of running it twice.",
                examples = "user-42-2025-06-01")
        @Pattern(regexp = MemoryStore.SESSION_ID_PATTERN, message = SessionResource.ID_MESSAGE)
        String sessionId,
        @Schema(description = "The dataset whose items and bundled models are meant: lastfm or movielens.",
                examples = "lastfm")
        @NotBlank(message = "name the dataset: lastfm or movielens")
        @Size(max = 32, message = "a dataset name has at most {max} characters")
        String dataset,
        @Schema(description = "The items the user interacted with, oldest first (the models read the last 10).")
        @NotNull(message = "give the user's history: a list of items, oldest first")
        @Size(min = 1, max = RefinementRequest.MAX_HISTORY, message = "the history needs {min} to {max} items")
        List<@NotNull(message = "an item cannot be null") @Valid ApiItem> history,
        @Schema(description = "The items to choose from, each once (the paper's protocol uses 20).")
        @NotNull(message = "give the candidates: a list of items to choose from")
        @Size(min = 2, max = RefinementRequest.MAX_CANDIDATES, message = "give {min} to {max} candidates")
        @DistinctIds
        List<@NotNull(message = "an item cannot be null") @Valid ApiItem> candidates,
        @Schema(description = "The round limit (default 4, the paper's).", examples = "4")
        @Min(value = 1, message = RefinementRequest.MAX_ROUNDS_AT_LEAST)
        @Max(value = RefinementRequest.MAX_ROUNDS_LIMIT, message = RefinementRequest.MAX_ROUNDS_AT_MOST)
        Integer maxRounds,
        @Schema(description = "Further limits, checked between rounds (a round is never cut short): maxTokens (LLM"
                + " tokens, both agents), maxCostUsd (with inputPricePerMillion and outputPricePerMillion, US dollars"
                + " per million tokens; the server's configured prices when left out), maxWallTime (a duration:"
                + " 30s, 5m or ISO-8601 PT30S) and patienceRounds (stop when the best reward has not improved for this many rounds). The"
                + " session's status names the limit that ended it: TOKEN_BUDGET, COST_BUDGET, TIME_BUDGET,"
                + " NO_IMPROVEMENT.")
        Budget budget) {
}

package dev.afl.evaluation;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Which candidate lists an evaluation plays: the paper's own (the main figures) or our seeded draws (the
 * robustness check, DESIGN section 6).
 */
public enum CandidateLists {

    /**
     * The reference code's own lists: one per row, drawn in file order by Python's {@code random} from
     * {@code random.seed(303)} ({@link EvaluationProtocol#paperCases}, {@link UserSimulationProtocol#paperCases}).
     */
    PAPER("paper"),

    /** One list per row and candidate seed, each case from its own generator ({@link EvaluationProtocol#cases}). */
    SEEDS("seeds");

    /** The seed of the reference code's evaluation scripts ({@code SEED=303} in {@code scripts/evaluate_*.sh}). */
    public static final long PAPER_SEED = 303;

    private final String id;

    CandidateLists(String id) {
        this.id = id;
    }

    /** The name on the command line, in results, case files and case ids. */
    @JsonValue
    public String id() {
        return id;
    }

    @JsonCreator
    public static CandidateLists byId(String id) {
        return Arrays.stream(values()).filter(lists -> lists.id.equals(id == null ? null : id.toLowerCase(Locale.ROOT)))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("Unknown candidate lists '" + id + "': use "
                        + Arrays.stream(values()).map(CandidateLists::id).collect(Collectors.joining(" or "))
                        + " (paper: the paper's own list per row, drawn from Python's random.seed(303); seeds: one"
                        + " list per row and seed, --seeds N)."));
    }
}

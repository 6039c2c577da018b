package dev.afl.model;

import dev.afl.AflException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The names a recommendation model can be chosen by, for a dataset: a bundled model (any card in the models folder),
 * {@value #LLM} (the recommender LLM picks, with no model) or {@value #REMOTE} (an HTTP endpoint scores). Read from
 * the cards alone, so whatever checks a request (the start function included) knows the names without loading a
 * model or carrying the library that would.
 */
public final class ModelChoices {

    /** The LLM-only recommendation model's name. */
    public static final String LLM = "llm";
    /** The remote recommendation model's name. */
    public static final String REMOTE = "remote";

    private ModelChoices() {
    }

    /** Whether the name is a bundled model's (neither {@value #LLM} nor {@value #REMOTE}). */
    public static boolean bundled(String name) {
        return !name.equals(LLM) && !name.equals(REMOTE);
    }

    /** The name sessions record for the model ({@code lastfm/gru4rec}), known without loading it. */
    public static String recordedName(String name, String dataset, BundledCards cards) {
        if (!bundled(name)) {
            return dataset + "/" + name;
        }
        requireBundled(name, dataset, cards);
        return cards.card(dataset, name).key();
    }

    /** The item ids the model can score, or empty when it takes any id ({@value #LLM}, {@value #REMOTE}). */
    public static Optional<List<String>> vocabulary(String name, String dataset, BundledCards cards) {
        if (!bundled(name)) {
            return Optional.empty();
        }
        requireBundled(name, dataset, cards);
        return Optional.of(cards.card(dataset, name).itemIds());
    }

    /** Every name a recommendation model can be chosen by for the dataset: its bundled models, then llm and remote. */
    public static List<String> choices(String dataset, BundledCards cards) {
        List<String> choices = new ArrayList<>(cards.names(dataset));
        choices.add(LLM);
        choices.add(REMOTE);
        return choices;
    }

    /**
     * The recommendation model a dataset runs with when none is asked for: the configured one where the dataset has
     * it, else the dataset's first model (Steam, whose one model is the imported SASRec: the default gru4rec does not
     * exist for it). A name asked for explicitly is never swapped: {@link #requireBundled} refuses it instead.
     */
    public static String defaultFor(String configured, String dataset, BundledCards cards) {
        List<String> names = cards.names(dataset);
        return !bundled(configured) || names.isEmpty() || names.contains(configured) ? configured : names.getFirst();
    }

    /**
     * Refuses a bundled name the dataset has no card for, naming the choices: a missing model when the models folder
     * holds none of the dataset's ({@link ModelLoadException}), else a name to correct.
     */
    public static void requireBundled(String name, String dataset, BundledCards cards) {
        if (cards.names(dataset).isEmpty()) {
            throw new ModelLoadException("Unknown recommendation model '" + name + "' for " + dataset + ": choose one"
                    + " of " + String.join(", ", choices(dataset, cards)) + ". The models folder holds no model of "
                    + dataset + " (no model card in " + cards.folder(dataset).toAbsolutePath() + "): set "
                    + BundledCards.MODELS_DIR_VARIABLE + " to the models folder (./afl uses models/ beside it), or"
                    + " train one with models/training.");
        }
        if (!cards.names(dataset).contains(name)) {
            throw new AflException("Unknown recommendation model '" + name + "' for " + dataset + ": choose one of "
                    + String.join(", ", choices(dataset, cards)) + ". Bundled ONNX models are the model cards in"
                    + " the models folder (" + BundledCards.MODELS_DIR_VARIABLE + "); llm needs an LLM configured"
                    + " (AFL_LLM_MODEL); remote needs afl.models.remote.url (AFL_REMOTE_MODEL_URL).");
        }
    }
}

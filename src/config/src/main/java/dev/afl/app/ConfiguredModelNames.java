package dev.afl.app;

import dev.afl.model.BundledCards;
import dev.afl.model.ModelChoices;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The configured models ({@code afl.models.*}) as the bundled cards describe them: the names sessions record and
 * the item ids a request may use, known without loading a model. An llm or remote recommendation model takes any id
 * the reward model knows.
 */
public final class ConfiguredModelNames {

    private final AflConfig config;
    private final BundledCards cards;
    private final Map<String, Set<String>> vocabularies = new ConcurrentHashMap<>();

    public ConfiguredModelNames(AflConfig config, BundledCards cards) {
        this.config = config;
        this.cards = cards;
    }

    /** The recommendation model the dataset runs with: {@link ModelChoices#defaultFor} the configured one. */
    public String recommendation(String dataset) {
        return ModelChoices.defaultFor(config.models().recommendation(), dataset, cards);
    }

    public String recommendationName(String dataset) {
        return ModelChoices.recordedName(recommendation(dataset), dataset, cards);
    }

    public String rewardName(String dataset) {
        return cards.card(dataset, config.models().reward()).key();
    }

    /** Whether both configured models of the dataset can score the item. */
    public boolean knows(String dataset, String itemId) {
        return vocabulary(dataset).contains(itemId);
    }

    /** The item ids both configured models of the dataset can score: what requests are checked against. */
    public Set<String> vocabulary(String dataset) {
        return vocabularies.computeIfAbsent(dataset, this::readVocabulary);
    }

    /**
     * Whether the configured models serve the dataset: the reward model is bundled for it, and so is the
     * recommendation model unless it is llm or remote (Steam's one model, imported at first use, only where its
     * checkpoint is at hand: {@link ModelFolder}).
     */
    public boolean serves(String dataset) {
        List<String> bundled = cards.names(dataset);
        String recommendation = recommendation(dataset);
        return bundled.contains(config.models().reward())
                && ModelChoices.choices(dataset, cards).contains(recommendation);
    }

    /**
     * The datasets this deployable bundles a model of: what a function primes. Not {@link #serves}, which asks for
     * both configured models, where the reward function carries the reward model alone.
     */
    public List<String> bundledDatasets() {
        return cards.datasets();
    }

    private Set<String> readVocabulary(String dataset) {
        Set<String> known = new HashSet<>(cards.card(dataset, config.models().reward()).itemIds());
        // retainAll asks its argument contains() for every element: a set, not the card's list (quadratic: 0.13 s of
        // a function's cold start on LastFM's 4,600 items).
        ModelChoices.vocabulary(recommendation(dataset), dataset, cards)
                .ifPresent(ids -> known.retainAll(new HashSet<>(ids)));
        return Set.copyOf(known);
    }
}

package dev.afl.evaluation.report;

import dev.afl.evaluation.Estimate;
import dev.afl.evaluation.PopularityBuckets;
import dev.afl.evaluation.recommendation.ConfigurationResult;
import dev.afl.evaluation.recommendation.RecommendationMethod;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which configurations each view of the report shows. The charts and the Markdown tables both ask here, so a
 * table and the chart beside it always show the same configurations.
 */
final class ConfigurationViews {

    static final String FIRST = "first";
    static final String RANDOM = "random";
    static final String LAST = "last";
    static final String BASE_METHOD = RecommendationMethod.BASE.id();
    static final String AFL_METHOD = RecommendationMethod.AFL.id();

    /** The popularity groups in display order, with the names a reader sees. */
    static final Map<String, String> POPULARITY_GROUPS = orderedMap(
            PopularityBuckets.HEAD, "top 20%",
            PopularityBuckets.MIDDLE, "20-50%",
            PopularityBuckets.TAIL, "bottom 50%");

    private ConfigurationViews() {
    }

    /** One series of the popularity view: what it shows, its name and its share per popularity group. */
    record PopularitySeries(Kind kind, String label, Map<String, Estimate> shares) {

        enum Kind { BASE_MODEL, AFL_ROUND, TRUE_ITEMS }
    }

    /** The popularity chart's data: the model it is drawn for and its series (base, AFL rounds, true items). */
    record PopularityView(String model, List<PopularitySeries> series) {
    }

    /** One method of one model run at several target positions. */
    record PositionGroup(String model, String methodLabel, Map<String, ConfigurationResult> byPosition) {

        String label() {
            return model + " · " + methodLabel;
        }
    }

    /** How a configuration is named in legends and tables: its recommendation model and method. */
    static String label(ConfigurationResult configuration) {
        return configuration.recommendationModel() + " · " + configuration.methodLabel();
    }

    /** The label with the target position, for tables that mix positions. */
    static String labelWithPosition(ConfigurationResult configuration) {
        return label(configuration) + " (" + configuration.position() + ")";
    }

    static boolean isAt(ConfigurationResult configuration, String position) {
        return configuration.position() != null && configuration.position().toLowerCase(Locale.ROOT).equals(position);
    }

    /** Methods the enum does not know (a newer producer) count as loop-free rather than failing the report. */
    static boolean usesLoop(ConfigurationResult configuration) {
        return Arrays.stream(RecommendationMethod.values())
                .anyMatch(method -> method.id().equals(configuration.method()) && method.usesLoop());
    }

    /** The loop configurations at a random target position that have a rounds curve, in report order. */
    static List<ConfigurationResult> loopsAtRandom(List<ConfigurationResult> configurations) {
        return configurations.stream()
                .filter(c -> usesLoop(c) && isAt(c, RANDOM) && c.hitRatioByRound() != null
                        && !c.hitRatioByRound().isEmpty())
                .toList();
    }

    /** The longest rounds curve among the given configurations. */
    static int maxRounds(List<ConfigurationResult> loops) {
        return loops.stream().mapToInt(c -> c.hitRatioByRound().size()).max().orElse(0);
    }

    static Optional<ConfigurationResult> atRandom(List<ConfigurationResult> configurations, String model,
            String method) {
        return configurations.stream()
                .filter(c -> model.equals(c.recommendationModel()) && method.equals(c.method()) && isAt(c, RANDOM))
                .findFirst();
    }

    /** The recommendation models in the order they first appear. */
    static List<String> models(List<ConfigurationResult> configurations) {
        return configurations.stream().map(ConfigurationResult::recommendationModel).distinct().toList();
    }

    /**
     * The popularity chart's data, for the model with an AFL run at a random position that was run in the most
     * configurations (the model of the ranker, ablation and position runs; the first such model on a tie): the base model's
     * answers, AFL's answers after each round, and the true items. Empty when no model has such an AFL run.
     */
    static Optional<PopularityView> popularity(List<ConfigurationResult> configurations,
            Map<String, Estimate> targetPopularity) {
        Map<String, Long> runsPerModel = configurations.stream().collect(java.util.stream.Collectors.groupingBy(
                ConfigurationResult::recommendationModel, java.util.stream.Collectors.counting()));
        Optional<ConfigurationResult> afl = configurations.stream()
                .filter(c -> AFL_METHOD.equals(c.method()) && isAt(c, RANDOM) && hasPopularity(c))
                .sorted(java.util.Comparator.comparing((ConfigurationResult c) -> runsPerModel.get(c.recommendationModel()))
                        .reversed())
                .findFirst();
        if (afl.isEmpty()) {
            return Optional.empty();
        }
        String model = afl.get().recommendationModel();
        List<PopularitySeries> series = new ArrayList<>();
        atRandom(configurations, model, BASE_METHOD).filter(ConfigurationViews::hasPopularity)
                .ifPresent(base -> series.add(
                        new PopularitySeries(PopularitySeries.Kind.BASE_MODEL, "Base model", finalPopularity(base))));
        List<Map<String, Estimate>> rounds = afl.get().popularityByRound();
        for (int round = 1; round <= rounds.size(); round++) {
            series.add(new PopularitySeries(PopularitySeries.Kind.AFL_ROUND, "AFL round " + round,
                    rounds.get(round - 1)));
        }
        if (targetPopularity != null && !targetPopularity.isEmpty()) {
            series.add(new PopularitySeries(PopularitySeries.Kind.TRUE_ITEMS, "True items", targetPopularity));
        }
        return Optional.of(new PopularityView(model, series));
    }

    static boolean hasPopularity(ConfigurationResult configuration) {
        return configuration.popularityByRound() != null && !configuration.popularityByRound().isEmpty();
    }

    /** The shares of the answers the configuration finally gave (after its last round). */
    static Map<String, Estimate> finalPopularity(ConfigurationResult configuration) {
        return configuration.popularityByRound().getLast();
    }

    /**
     * Methods run at more than one target position, one group per (model, method) in report order, with the
     * configurations in the order first, random, last (any other position after them).
     */
    static List<PositionGroup> positionGroups(List<ConfigurationResult> configurations) {
        Map<List<String>, List<ConfigurationResult>> byMethod = new LinkedHashMap<>();
        for (ConfigurationResult c : configurations) {
            byMethod.computeIfAbsent(List.of(c.recommendationModel(), c.method()), key -> new ArrayList<>()).add(c);
        }
        List<PositionGroup> groups = new ArrayList<>();
        for (List<ConfigurationResult> runs : byMethod.values()) {
            Map<String, ConfigurationResult> byPosition = new LinkedHashMap<>();
            for (String position : positionsInOrder(runs)) {
                runs.stream().filter(c -> isAt(c, position)).findFirst().ifPresent(c -> byPosition.put(position, c));
            }
            if (byPosition.size() > 1) {
                ConfigurationResult first = runs.getFirst();
                groups.add(new PositionGroup(first.recommendationModel(), first.methodLabel(), byPosition));
            }
        }
        return groups;
    }

    /** The positions of the given groups, first, random and last before any other. */
    static List<String> positions(List<PositionGroup> groups) {
        Set<String> positions = new LinkedHashSet<>();
        groups.forEach(group -> positions.addAll(group.byPosition().keySet()));
        return positionsOrdered(positions);
    }

    private static List<String> positionsInOrder(List<ConfigurationResult> runs) {
        Set<String> positions = new LinkedHashSet<>();
        runs.stream().filter(c -> c.position() != null)
                .forEach(c -> positions.add(c.position().toLowerCase(Locale.ROOT)));
        return positionsOrdered(positions);
    }

    private static List<String> positionsOrdered(Set<String> positions) {
        List<String> ordered = new ArrayList<>();
        for (String known : List.of(FIRST, RANDOM, LAST)) {
            if (positions.contains(known)) {
                ordered.add(known);
            }
        }
        positions.stream().filter(p -> !ordered.contains(p)).forEach(ordered::add);
        return ordered;
    }

    private static Map<String, String> orderedMap(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }
}

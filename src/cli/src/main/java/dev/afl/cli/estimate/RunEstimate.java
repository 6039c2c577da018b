package dev.afl.cli.estimate;

import dev.afl.agent.RecommendationAgent;
import dev.afl.agent.llm.LlmOnlyModel;
import dev.afl.agent.offline.OfflineRecommendationAgent;
import dev.afl.catalog.ItemCatalog;
import dev.afl.evaluation.CostEstimate;
import dev.afl.evaluation.EvaluationCase;
import dev.afl.evaluation.LoopSetup;
import dev.afl.evaluation.recommendation.CasePlayer;
import dev.afl.evaluation.recommendation.RecommendationExperiment;
import dev.afl.evaluation.recommendation.RecommendationFigures.Configuration;
import dev.afl.evaluation.recommendation.RecommendationMethod;
import dev.afl.evaluation.usersim.RatingOutcome;
import dev.afl.evaluation.usersim.RatingPlayer;
import dev.afl.evaluation.usersim.UserSimulationExperiment;
import dev.afl.model.RecommendationModel;
import dev.afl.model.RewardModel;
import dev.afl.prompt.PromptLibrary;
import dev.afl.prompt.PromptSet;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * A run rehearsed without any LLM: every configuration's cases are played with stand-ins that render exactly the
 * prompts the LLM agents would be sent ({@link RehearsalRecommendationAgent}, {@link RehearsalUserAgent}, and the
 * {@code llm} recommendation model asking through the recommender's stand-in) and count their tokens, while the
 * offline agents decide. What it knows is exact for the first round's prompts; later rounds follow the offline
 * trajectory; replies are an assumption ({@link ReplySizes}), and re-asks are not predictable, so not counted.
 */
public final class RunEstimate {

    /** The tally's key suffix of the validation cases the baselines of the {@code llm} model are chosen on. */
    public static final String VALIDATION = " (validation)";

    private final String dataset;
    private final ItemCatalog catalog;
    private final RewardModel reward;
    private final Map<String, RecommendationModel> models;
    private final int maxRounds;
    private final EstimateAgents agents;
    private final TokenTally tally = new TokenTally();
    private final ChatTokenCounter recommenderTokens;
    private final ChatTokenCounter userTokens;
    private final PromptLibrary library;
    private final PrintStream progress;
    private boolean userSimulation;
    private int repeats = 1;

    /**
     * @param models the run's recommendation models by name; {@value LlmOnlyModel#NAME} is replaced by the
     *               rehearsal's own, which asks the recommender's stand-in
     */
    public RunEstimate(String dataset, ItemCatalog catalog, RewardModel reward,
            Map<String, RecommendationModel> models, PromptSet prompts, int maxRounds, EstimateAgents agents,
            PrintStream progress) {
        this.dataset = dataset;
        this.catalog = catalog;
        this.reward = reward;
        this.maxRounds = maxRounds;
        this.agents = agents;
        this.library = PromptLibrary.of(prompts);
        this.recommenderTokens = ChatTokenCounter.forModel(agents.recommenderModel());
        this.userTokens = ChatTokenCounter.forModel(agents.userModel());
        this.progress = progress;
        this.models = new LinkedHashMap<>();
        models.forEach((name, model) -> this.models.put(name, name.equals(LlmOnlyModel.NAME)
                ? new LlmOnlyModel(dataset, recommenderStandIn(), agents.recommenderModel()) : model));
    }

    /**
     * Plays every configuration of {@code plan} on {@code cases} (and the llm model's baselines on validation).
     *
     * @param repeats how many times the run plays each configuration on the test cases ({@code --repeats}; a
     *                configuration without LLM calls counts nothing however often it runs)
     */
    public void recommendation(RecommendationExperiment.Plan plan, String agentKind, List<EvaluationCase> cases,
            List<EvaluationCase> validation, int repeats) {
        this.repeats = repeats;
        for (Configuration configuration : plan.configurations(dataset, agentKind, maxRounds)) {
            CasePlayer player = player(configuration.recommendationModel());
            EvaluationCase.TargetPosition position = EvaluationCase.TargetPosition.valueOf(
                    configuration.position().toUpperCase(Locale.ROOT));
            tally.configuration(configuration.id(), repeats);
            play(cases.stream().map(c -> c.withTargetAt(position)).toList(),
                    c -> player.play(configuration.method(), c));
        }
        if (plan.methods() && plan.models().contains(LlmOnlyModel.NAME)) {
            CasePlayer player = player(LlmOnlyModel.NAME);
            for (RecommendationMethod method : RecommendationMethod.BASELINES) {
                Configuration configuration = new Configuration(dataset, LlmOnlyModel.NAME, method,
                        RecommendationExperiment.position(EvaluationCase.TargetPosition.RANDOM), agentKind, maxRounds);
                tally.configuration(configuration.id() + VALIDATION);
                play(validation, c -> player.play(method, c));
            }
        }
    }

    /** The user-simulation family's player, its loop and ratings asked through the stand-ins. */
    public RatingPlayer ratingPlayer(String model) {
        userSimulation = true;
        return new RatingPlayer(setup(model, false));
    }

    /** The user-simulation family's store: plays each configuration's cases in memory, tallied under its key. */
    public UserSimulationExperiment.CaseStore userSimulationStore() {
        return (key, cases, play) -> {
            tally.configuration(key);
            return play(cases, play);
        };
    }

    /** The figures of every configuration played, priced by {@code prices}. */
    public Map<String, CostEstimate> estimates(EstimatePrices prices) {
        String basis = basis(prices);
        Map<String, CostEstimate> estimates = new LinkedHashMap<>();
        tally.tallies().forEach((key, byAgent) -> estimates.put(key, prices.estimate(byAgent, basis)));
        return estimates;
    }

    /** How the figures were counted, in words. */
    public String basis(EstimatePrices prices) {
        if (!agents.recommenderIsLlm() && !agents.userIsLlm() && !models.containsKey(LlmOnlyModel.NAME)) {
            return "This run asks no LLM (offline or simulated agents, no llm recommendation model): it costs nothing."
                    + " Set AFL_LLM_MODEL (or afl.agents.mode=llm) to estimate an LLM run.";
        }
        StringBuilder text = new StringBuilder("Input tokens: ");
        if (agents.recommenderIsLlm() || models.containsKey(LlmOnlyModel.NAME)) {
            text.append("recommender ").append(recommenderTokens.description());
        }
        if (agents.userIsLlm()) {
            text.append(text.toString().endsWith(": ") ? "" : "; ").append("user ").append(userTokens.description());
        }
        text.append(". Prompts rendered with the run's prompt set (").append(library.set().id()).append("), exactly as"
                + " the LLM agents would be sent them, along the offline agents' trajectory (round 1 exact; later"
                + " rounds hold the offline agents' reasons where the LLM's would be). Range: every session ending at"
                + " its first judgement .. every session running to the round limit (").append(maxRounds)
                .append(" rounds)").append(userSimulation ? "; user-simulation rows: the loop's first round .. the"
                        + " offline trajectory, every rating in all three. " : ". ")
                .append(repeats > 1 ? "Each recommendation configuration counted " + repeats + " times (--repeats "
                        + repeats + "; the validation rows once). " : "")
                .append(agents.replies().description())
                .append(". Re-asks and retries are not predictable and not included. ").append(prices.description());
        return text.toString();
    }

    /** Plays the cases of the tally's current configuration, each case on one thread from start to end. */
    private <C, R> List<R> play(List<C> cases, Function<C, R> play) {
        progress.println("== estimate " + tally.configurationKey() + " (" + cases.size() + " cases)");
        return cases.parallelStream().map(c -> {
            tally.beginCase();
            return play.apply(c);
        }).toList();
    }

    private CasePlayer player(String model) {
        return new CasePlayer(setup(model, true));
    }

    /** @param rejectsAll whether the rehearsal user rejects every proposal ({@link RehearsalUserAgent}) */
    private LoopSetup setup(String model, boolean rejectsAll) {
        RecommendationModel chosen = models.get(model);
        if (chosen == null) {
            throw new IllegalArgumentException("no recommendation model " + model + " in the estimate");
        }
        RecommendationAgent recommender = agents.recommenderIsLlm() ? recommenderStandIn()
                : new OfflineRecommendationAgent();
        RehearsalUserAgent user = new RehearsalUserAgent(agents.decisions(), agents.userIsLlm() ? library : null,
                userTokens, agents.replies(), tally, agents.userModel(), rejectsAll);
        return new LoopSetup(dataset, catalog, chosen, reward, recommender, user, maxRounds);
    }

    private RehearsalRecommendationAgent recommenderStandIn() {
        return new RehearsalRecommendationAgent(library, recommenderTokens, agents.replies(), tally,
                agents.recommenderModel());
    }
}

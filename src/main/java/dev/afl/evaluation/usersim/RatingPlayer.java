package dev.afl.evaluation.usersim;

import dev.afl.agent.Domain;
import dev.afl.agent.Judgement;
import dev.afl.agent.MemoryEntry;
import dev.afl.agent.RatingTask;
import dev.afl.agent.RecommendationAgent;
import dev.afl.agent.UserAgent;
import dev.afl.catalog.Item;
import dev.afl.catalog.ItemCatalog;
import dev.afl.evaluation.EvaluationCase;
import dev.afl.evaluation.Usage;
import dev.afl.evaluation.UserSimulationProtocol;
import dev.afl.loop.FeedbackLoop;
import dev.afl.loop.LoopModels;
import dev.afl.loop.RefinementRequest;
import dev.afl.memory.InMemoryMemoryStore;
import dev.afl.memory.RoundRecord;
import dev.afl.memory.Session;
import dev.afl.model.RecommendationModel;
import dev.afl.model.RewardModel;
import java.util.ArrayList;
import java.util.List;

/** Plays one user-simulation case under one {@link SimulationMethod}. */
public final class RatingPlayer {

    private final String dataset;
    private final ItemCatalog catalog;
    private final RecommendationModel recommendationModel;
    private final RewardModel reward;
    private final RecommendationAgent recommendationAgent;
    private final UserAgent userAgent;
    private final int maxRounds;

    public RatingPlayer(String dataset, ItemCatalog catalog, RecommendationModel recommendationModel, RewardModel reward,
            RecommendationAgent recommendationAgent, UserAgent userAgent, int maxRounds) {
        this.dataset = dataset;
        this.catalog = catalog;
        this.recommendationModel = recommendationModel;
        this.reward = reward;
        this.recommendationAgent = recommendationAgent;
        this.userAgent = userAgent;
        this.maxRounds = maxRounds;
    }

    /** The reward model's score of each judged item, for the given judge history. */
    public float[] scores(UserSimulationProtocol.Case c) {
        return reward.rewards(c.judgeHistory(), c.items());
    }

    public RatingOutcome play(SimulationMethod method, UserSimulationProtocol.Case c, double threshold) {
        float[] scores = scores(c);
        List<Boolean> predicted = new ArrayList<>();
        Usage usage = Usage.NONE;
        List<MemoryEntry> memory = List.of();
        if (method == SimulationMethod.AFL) {
            Session session = loop(c.loop());
            memory = FeedbackLoop.memory(session);
            for (RoundRecord round : session.rounds()) {
                usage = usage.plus(Usage.of(round.recommender())).plus(Usage.of(round.user()));
            }
        }
        List<Item> history = c.judgeHistory().stream().map(catalog::require).toList();
        for (int i = 0; i < c.items().size(); i++) {
            if (method == SimulationMethod.REWARD_MODEL) {
                predicted.add(scores[i] >= threshold);
                continue;
            }
            Judgement judgement = userAgent.rate(new RatingTask(Domain.forDataset(dataset), history,
                    catalog.require(c.items().get(i)), scores[i], (float) threshold, memory));
            predicted.add(judgement.accepted());
            usage = usage.plus(Usage.of(judgement.trace()));
        }
        return new RatingOutcome(c.user(), c.seed(), predicted, c.liked(), usage);
    }

    private Session loop(EvaluationCase loopCase) {
        FeedbackLoop loop = new FeedbackLoop(LoopModels.of(dataset, recommendationModel, reward), recommendationAgent,
                userAgent, new InMemoryMemoryStore());
        return loop.run(new RefinementRequest("usersim-" + loopCase.row() + "-" + loopCase.seed(), dataset,
                loopCase.history().stream().map(catalog::require).toList(),
                loopCase.candidates().stream().map(catalog::require).toList(), maxRounds));
    }
}

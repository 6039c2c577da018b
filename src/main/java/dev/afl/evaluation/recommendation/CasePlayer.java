package dev.afl.evaluation.recommendation;

import dev.afl.agent.Judgement;
import dev.afl.agent.Proposal;
import dev.afl.agent.RecommendationAgent;
import dev.afl.agent.RecommendationTask;
import dev.afl.agent.Shortlist;
import dev.afl.agent.UserAgent;
import dev.afl.catalog.ItemCatalog;
import dev.afl.evaluation.EvaluationCase;
import dev.afl.evaluation.HitRatio;
import dev.afl.evaluation.Usage;
import dev.afl.evaluation.recommendation.CaseOutcome.JudgementRecord;
import dev.afl.loop.FeedbackLoop;
import dev.afl.loop.LoopModels;
import dev.afl.loop.LoopSignals;
import dev.afl.loop.RefinementRequest;
import dev.afl.memory.InMemoryMemoryStore;
import dev.afl.memory.RoundRecord;
import dev.afl.memory.Session;
import dev.afl.model.RecommendationModel;
import dev.afl.model.RewardModel;
import java.util.ArrayList;
import java.util.List;

/**
 * Plays one evaluation case under one {@link RecommendationMethod}. The loop methods run the one
 * {@link FeedbackLoop}; the one-round methods ask the same agents with the same tasks the loop would build, so
 * every configuration differs from AFL only in what the paper's table says it differs in.
 */
public final class CasePlayer {

    /** The shortlist length of the ranker variants (the paper's top-5). */
    public static final int SHORTLIST = 5;

    private final String dataset;
    private final ItemCatalog catalog;
    private final RecommendationModel recommendationModel;
    private final RewardModel reward;
    private final RecommendationAgent recommendationAgent;
    private final UserAgent userAgent;
    private final int maxRounds;

    public CasePlayer(String dataset, ItemCatalog catalog, RecommendationModel recommendationModel, RewardModel reward,
            RecommendationAgent recommendationAgent, UserAgent userAgent, int maxRounds) {
        this.dataset = dataset;
        this.catalog = catalog;
        this.recommendationModel = recommendationModel;
        this.reward = reward;
        this.recommendationAgent = recommendationAgent;
        this.userAgent = userAgent;
        this.maxRounds = maxRounds;
    }

    public CaseOutcome play(RecommendationMethod method, EvaluationCase c) {
        return switch (method) {
            case BASE -> base(c);
            case REC_AGENT -> recommendationAgentAlone(c);
            case TOP5_BY_SASREC, TOP5_BY_USER -> reranked(method, c);
            case AFL, AFL_WITHOUT_REC_MODEL, AFL_WITHOUT_REWARD_MODEL, AFL_WITHOUT_BOTH -> loop(method, c);
        };
    }

    private CaseOutcome base(EvaluationCase c) {
        String best = c.candidates().get(HitRatio.argMax(recommendationModel.score(c.history(), c.candidates())));
        return new CaseOutcome(c.row(), c.seed(), c.target(), List.of(best), true, List.of(), Usage.NONE);
    }

    private CaseOutcome recommendationAgentAlone(EvaluationCase c) {
        FeedbackLoop loop = loop(LoopSignals.ALL);
        Session session = loop.start(request(c, 1));
        Proposal proposal = recommendationAgent.propose(loop.recommendationTask(session.request(), 1, List.of()));
        return new CaseOutcome(c.row(), c.seed(), c.target(), List.of(proposal.itemId()), !proposal.trace().fallback(),
                List.of(), Usage.of(proposal.trace()));
    }

    /**
     * The ranker variants: the agent's top-5, then either the reward model (the fixed SASRec) picks its best, or
     * the user agent judges them in the agent's order and the first it accepts wins (the agent's first when it
     * accepts none).
     */
    private CaseOutcome reranked(RecommendationMethod method, EvaluationCase c) {
        FeedbackLoop loop = loop(LoopSignals.ALL);
        Session session = loop.start(request(c, 1));
        RecommendationTask task = loop.recommendationTask(session.request(), 1, List.of());
        Shortlist shortlist = recommendationAgent.shortlist(task, Math.min(SHORTLIST, c.candidates().size()));
        Usage usage = Usage.of(shortlist.trace());
        String chosen = shortlist.itemIds().getFirst();
        List<JudgementRecord> judgements = new ArrayList<>();
        if (method == RecommendationMethod.TOP5_BY_SASREC) {
            chosen = shortlist.itemIds().get(HitRatio.argMax(reward.rewards(c.history(), shortlist.itemIds())));
        } else {
            float[] rewards = reward.rewards(c.history(), c.candidates());
            for (String itemId : shortlist.itemIds()) {
                int position = c.candidates().indexOf(itemId);
                var judgementTask = loop.judgementTask(session.request(), 1, position, shortlist.reason(), rewards,
                        List.of());
                Judgement judgement = userAgent.judge(judgementTask);
                usage = usage.plus(Usage.of(judgement.trace()));
                judgements.add(new JudgementRecord(1, itemId, judgementTask.reward().rank(), c.candidates().size(),
                        judgement.accepted(), judgement.trace().fallback()));
                if (judgement.accepted()) {
                    chosen = itemId;
                    break;
                }
            }
        }
        return new CaseOutcome(c.row(), c.seed(), c.target(), List.of(chosen), !shortlist.trace().fallback(),
                judgements, usage);
    }

    private CaseOutcome loop(RecommendationMethod method, EvaluationCase c) {
        FeedbackLoop loop = loop(new LoopSignals(method.showsRecommendationModel(), method.showsRewardModel()));
        return outcome(c, loop.run(request(c, maxRounds)));
    }

    /**
     * A played loop session as the case's outcome: the answer after every round up to the session's round limit
     * (rounds past the end keep the last answer), each judgement, and the agents' usage. The fan-out turns the
     * sessions its loop played into outcomes through here too.
     */
    public static CaseOutcome outcome(EvaluationCase c, Session session) {
        List<RoundRecord> played = session.rounds();
        if (played.isEmpty()) {
            throw new IllegalArgumentException("Session '" + session.id() + "' played no round (" + session.status()
                    + "): it has no outcome.");
        }
        int maxRounds = session.request().maxRounds();
        List<String> itemAfterRound = new ArrayList<>();
        List<JudgementRecord> judgements = new ArrayList<>();
        Usage usage = Usage.NONE;
        for (int r = 0; r < maxRounds; r++) {
            itemAfterRound.add(played.get(Math.min(r, played.size() - 1)).itemId());
        }
        for (RoundRecord round : played) {
            judgements.add(new JudgementRecord(round.round(), round.itemId(), round.rewardRank(),
                    c.candidates().size(), round.accepted(), round.user().fallback()));
            usage = usage.plus(Usage.of(round.recommender())).plus(Usage.of(round.user()));
        }
        return new CaseOutcome(c.row(), c.seed(), c.target(), itemAfterRound, !played.getLast().recommender().fallback(),
                judgements, usage);
    }

    private FeedbackLoop loop(LoopSignals signals) {
        // A store per case: sessions of different cases never meet, and nothing accumulates over a long run.
        return new FeedbackLoop(LoopModels.of(dataset, recommendationModel, reward), recommendationAgent, userAgent,
                new InMemoryMemoryStore(), signals);
    }

    private RefinementRequest request(EvaluationCase c, int rounds) {
        return new RefinementRequest("case-" + c.row() + "-" + c.seed(), dataset,
                c.history().stream().map(catalog::require).toList(),
                c.candidates().stream().map(catalog::require).toList(), rounds);
    }
}

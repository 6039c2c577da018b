package dev.afl.evaluation.recommendation;

import dev.afl.agent.Judgement;
import dev.afl.agent.Proposal;
import dev.afl.agent.Shortlist;
import dev.afl.evaluation.EvaluationCase;
import dev.afl.evaluation.HitRatio;
import dev.afl.evaluation.LoopSetup;
import dev.afl.evaluation.Usage;
import dev.afl.evaluation.recommendation.CaseOutcome.JudgementRecord;
import dev.afl.loop.FeedbackLoop;
import dev.afl.loop.LoopSignals;
import dev.afl.loop.RecommendationInput;
import dev.afl.loop.RefinementRequest;
import dev.afl.memory.RoundRecord;
import dev.afl.memory.Session;
import dev.afl.model.ModelAnswer;
import dev.afl.model.SequenceModel;
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

    private final LoopSetup setup;

    public CasePlayer(LoopSetup setup) {
        this.setup = setup;
    }

    /** Whether the recommendation model scores every candidate on its own, so their order cannot move its choice. */
    public boolean readsNoOrder() {
        return setup.recommendationModel() instanceof SequenceModel;
    }

    /** Whether the recommendation model is the reward model itself (the same ONNX file). */
    public boolean recommendsWithTheRewardModel() {
        return setup.recommendationModel() instanceof SequenceModel model
                && setup.reward() instanceof SequenceModel reward && model.provenance().equals(reward.provenance());
    }

    public CaseOutcome play(RecommendationMethod method, EvaluationCase c) {
        return switch (method) {
            case BASE -> base(c);
            case REC_AGENT -> recommendationAgentAlone(c);
            case TOP5_BY_SASREC, TOP5_BY_USER -> reranked(method, c);
            case AFL, AFL_WITHOUT_REC_MODEL, AFL_WITHOUT_REWARD_MODEL, AFL_WITHOUT_BOTH -> loop(method, c);
            case REWARD_MODEL, RANK_FUSION, MODEL_TOP5_BY_REWARD -> baseline(method, c);
        };
    }

    /**
     * A baseline beside AFL from the two models' scores alone ({@link Baselines}); the recommendation model is asked
     * as the base model asks it (an LLM-backed model's fallback counts as not valid, its calls as usage).
     */
    private CaseOutcome baseline(RecommendationMethod method, EvaluationCase c) {
        float[] rewards = setup.reward().rewards(c.history(), c.candidates());
        if (method == RecommendationMethod.REWARD_MODEL) {
            return new CaseOutcome(c.row(), c.seed(), c.target(), List.of(c.candidates().get(HitRatio.argMax(rewards))),
                    true, List.of(), Usage.NONE);
        }
        ModelAnswer answer = setup.recommendationModel().answer(setup.items(c.history()), setup.items(c.candidates()));
        int chosen = method == RecommendationMethod.RANK_FUSION ? Baselines.rankFusion(answer.scores(), rewards)
                : Baselines.rerankTop(answer.scores(), rewards, Math.min(SHORTLIST, c.candidates().size()));
        return new CaseOutcome(c.row(), c.seed(), c.target(), List.of(c.candidates().get(chosen)), answer.ownAnswer(),
                List.of(), Usage.of(answer.trace()));
    }

    /** The model's best candidate; an LLM-backed model's fallback counts as not valid, and its calls as usage. */
    private CaseOutcome base(EvaluationCase c) {
        ModelAnswer answer = setup.recommendationModel().answer(setup.items(c.history()), setup.items(c.candidates()));
        String best = c.candidates().get(HitRatio.argMax(answer.scores()));
        return new CaseOutcome(c.row(), c.seed(), c.target(), List.of(best), answer.ownAnswer(), List.of(),
                Usage.of(answer.trace()));
    }

    private CaseOutcome recommendationAgentAlone(EvaluationCase c) {
        FeedbackLoop loop = loop(LoopSignals.ALL);
        Session session = loop.start(request(c, 1));
        RecommendationInput input = loop.recommendationInput(session.id(), session.request(), 1, List.of());
        Proposal proposal = setup.recommendationAgent().propose(input.task());
        return new CaseOutcome(c.row(), c.seed(), c.target(), List.of(proposal.itemId()), !proposal.trace().fallback(),
                List.of(), Usage.of(proposal.trace().plusCalls(input.modelCall())));
    }

    /**
     * The ranker variants: the agent's top-5, then either the reward model (the fixed SASRec) picks its best, or
     * the user agent judges them in the agent's order and the first it accepts wins (the agent's first when it
     * accepts none).
     */
    private CaseOutcome reranked(RecommendationMethod method, EvaluationCase c) {
        FeedbackLoop loop = loop(LoopSignals.ALL);
        Session session = loop.start(request(c, 1));
        RecommendationInput input = loop.recommendationInput(session.id(), session.request(), 1, List.of());
        Shortlist shortlist = setup.recommendationAgent().shortlist(input.task(),
                Math.min(SHORTLIST, c.candidates().size()));
        Usage usage = Usage.of(shortlist.trace().plusCalls(input.modelCall()));
        String chosen = shortlist.itemIds().getFirst();
        List<JudgementRecord> judgements = new ArrayList<>();
        if (method == RecommendationMethod.TOP5_BY_SASREC) {
            chosen = shortlist.itemIds().get(HitRatio.argMax(setup.reward().rewards(c.history(), shortlist.itemIds())));
        } else {
            float[] rewards = setup.reward().rewards(c.history(), c.candidates());
            for (String itemId : shortlist.itemIds()) {
                int position = c.candidates().indexOf(itemId);
                var judgementTask = loop.judgementTask(session.request(), 1, position, shortlist.reason(), rewards,
                        List.of(), input.task().modelTop());
                Judgement judgement = setup.userAgent().judge(judgementTask);
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
        return outcome(c, loop.run(request(c, setup.maxRounds())));
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
        for (int r = 0; r < maxRounds; r++) {
            itemAfterRound.add(played.get(Math.min(r, played.size() - 1)).itemId());
        }
        for (RoundRecord round : played) {
            judgements.add(new JudgementRecord(round.round(), round.itemId(), round.rewardRank(),
                    c.candidates().size(), round.accepted(), round.user().fallback()));
        }
        return new CaseOutcome(c.row(), c.seed(), c.target(), itemAfterRound, !played.getLast().recommender().fallback(),
                judgements, Usage.ofRounds(played));
    }

    private FeedbackLoop loop(LoopSignals signals) {
        return setup.loop(signals);
    }

    private RefinementRequest request(EvaluationCase c, int rounds) {
        return setup.request("case-" + c.row() + "-" + c.seed(), c, rounds);
    }
}

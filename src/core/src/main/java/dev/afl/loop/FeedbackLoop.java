package dev.afl.loop;

import dev.afl.AgentTrace;
import dev.afl.agent.Domain;
import dev.afl.agent.Judgement;
import dev.afl.agent.JudgementTask;
import dev.afl.agent.MemoryEntry;
import dev.afl.agent.Proposal;
import dev.afl.agent.RecommendationAgent;
import dev.afl.agent.RecommendationTask;
import dev.afl.agent.RewardSignal;
import dev.afl.agent.UserAgent;
import dev.afl.catalog.Item;
import dev.afl.memory.MemoryStore;
import dev.afl.memory.PendingRound;
import dev.afl.memory.RoundRecord;
import dev.afl.memory.Session;
import dev.afl.memory.SessionConflictException;
import dev.afl.memory.SessionRequest;
import dev.afl.memory.SessionStatus;
import dev.afl.memory.SessionTransitions.Step;
import dev.afl.memory.SessionTransitions;
import dev.afl.model.ModelAnswer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * Algorithm 1 of the paper, the one implementation, as steps: start, then per round recommend (the
 * recommendation agent proposes, helped by the recommendation model), reward (the reward model scores the
 * proposal among the candidates), judge (the user agent accepts or rejects, seeing the reward); a rejection is
 * in both agents' memories (the stored rounds) for the next round; finish when accepted or at the round limit.
 * The answer is the last proposal.
 *
 * <p>{@link #run} plays the steps in-process; the serverless functions call one step each, chained by the
 * state machine. Each step reads the session, asks its agent or model, and writes once through the
 * {@link MemoryStore}; a step delivered again returns the stored session without asking anyone.
 */
public final class FeedbackLoop {

    private final LoopModels models;
    private final RecommendationAgent recommendationAgent;
    private final UserAgent userAgent;
    private final MemoryStore store;
    private final LoopSignals signals;
    private final StepObserver observer;
    private final SessionScores sessionScores = new SessionScores();

    public FeedbackLoop(LoopModels models, RecommendationAgent recommendationAgent, UserAgent userAgent,
            MemoryStore store) {
        this(models, recommendationAgent, userAgent, store, LoopSignals.ALL);
    }

    /** A loop whose agents see only the given model signals (the ablations). */
    public FeedbackLoop(LoopModels models, RecommendationAgent recommendationAgent, UserAgent userAgent,
            MemoryStore store, LoopSignals signals) {
        this(models, recommendationAgent, userAgent, store, signals, StepObserver.NONE);
    }

    /** A loop that tells {@code observer} about each step it plays (the functions' logs and metrics). */
    public FeedbackLoop(LoopModels models, RecommendationAgent recommendationAgent, UserAgent userAgent,
            MemoryStore store, LoopSignals signals, StepObserver observer) {
        this.models = models;
        this.recommendationAgent = recommendationAgent;
        this.userAgent = userAgent;
        this.store = store;
        this.signals = signals;
        this.observer = Objects.requireNonNull(observer, "observer");
    }

    /** Runs (or resumes) a session to a terminal status and returns it. */
    public Session run(RefinementRequest request) {
        Session session = start(request);
        String id = session.id();
        try {
            while (!shouldStop(session)) {
                int round = session.nextRound();
                recommend(id, round);
                reward(id, round);
                session = judge(id, round);
            }
            return finish(id, null);
        } catch (RuntimeException e) {
            finish(id, e.getClass().getSimpleName() + ": " + e.getMessage());
            throw e;
        }
    }

    /** Checks the request and creates the session (or returns the stored one with the same request). */
    public Session start(RefinementRequest request) {
        MemoryStore.checkId(request.sessionId());
        request.validate(id -> models.knows(request.dataset(), id));
        return store.create(request.sessionId(), new SessionRequest(request.dataset(), request.history(),
                request.candidates(), request.maxRounds(), models.recommendationName(request.dataset()),
                models.rewardName(request.dataset()), request.budget()));
    }

    /** The recommendation agent proposes round {@code round}'s item. */
    public Session recommend(String sessionId, int round) {
        long started = System.nanoTime();
        Session session = store.require(sessionId);
        if (alreadyPlayed(session, round, Step.PROPOSAL)) {
            return session;
        }
        SessionRequest request = session.request();
        RecommendationInput input = withinBudget(session, () -> recommendationInput(session.id(), request, round,
                memory(session)));
        Proposal proposal = withinBudget(session, () -> recommendationAgent.propose(input.task()));
        Item proposed = request.candidates().get(positionOf(request.candidates(), proposal.itemId()));
        AgentTrace trace = proposal.trace().plusCalls(input.modelCall());
        Session saved = store.saveProposal(session, round, proposed.id(), proposed.title(), proposal.reason(), trace);
        played(sessionId, round, StepRecord.Kind.RECOMMEND, started, trace, "proposed");
        return saved;
    }

    /** The reward model scores round {@code round}'s proposal among the candidates. */
    public Session reward(String sessionId, int round) {
        long started = System.nanoTime();
        Session session = store.require(sessionId);
        if (alreadyPlayed(session, round, Step.REWARD)) {
            return session;
        }
        SessionRequest request = session.request();
        float[] rewards = rewardScores(sessionId, request);
        RewardSignal signal = RewardSignal.of(rewards, positionOf(request.candidates(), session.pending().itemId()));
        Session saved = store.saveReward(session, round, signal.score(), signal.rank(), signal.candidateScores());
        played(sessionId, round, StepRecord.Kind.REWARD, started, null, "scored");
        return saved;
    }

    /** The user agent judges round {@code round}'s scored proposal, completing the round. */
    public Session judge(String sessionId, int round) {
        long started = System.nanoTime();
        Session session = store.require(sessionId);
        if (alreadyPlayed(session, round, Step.JUDGEMENT)) {
            return session;
        }
        SessionRequest request = session.request();
        PendingRound pending = session.pending();
        int position = positionOf(request.candidates(), pending.itemId());
        float[] rewards = new float[pending.rewardScores().size()];
        for (int i = 0; i < rewards.length; i++) {
            rewards[i] = pending.rewardScores().get(i);
        }
        Item modelTop = null;
        AgentTrace modelCall = null;
        if (userAgent.seesRecommendationModel() && signals.recommendationModel()) {
            SessionScores.Computed ranked = withinBudget(session, () -> recommendationScores(sessionId, request));
            modelCall = ranked.call();
            modelTop = ranking(request.candidates(), ranked.scores()).getFirst();
        }
        Item shownTop = modelTop;
        Judgement judgement = withinBudget(session, () -> userAgent.judge(judgementTask(request, round, position,
                pending.recommendationReason(), rewards, memory(session), shownTop)));
        AgentTrace trace = judgement.trace().plusCalls(modelCall);
        Session saved = store.saveJudgement(session, round, judgement.accepted(), judgement.reason(), trace);
        played(sessionId, round, StepRecord.Kind.JUDGE, started, trace,
                judgement.accepted() ? "accepted" : "rejected");
        return saved;
    }

    /**
     * What the recommendation agent sees in a round: the candidates ranked by the recommendation model, its top-1
     * ({@code I_m}: the same in every round, since the session's scores are computed once) and the rejected rounds
     * so far, or the candidates in list order without a model when the agents do not see it; with the LLM call the
     * model made for it, if any.
     */
    public RecommendationInput recommendationInput(String sessionId, SessionRequest request, int round,
            List<MemoryEntry> memory) {
        Item modelTop = null;
        List<Item> ranking = request.candidates();
        AgentTrace modelCall = null;
        if (signals.recommendationModel()) {
            SessionScores.Computed ranked = recommendationScores(sessionId, request);
            modelCall = ranked.call();
            ranking = ranking(request.candidates(), ranked.scores());
            modelTop = ranking.getFirst();
        }
        return new RecommendationInput(new RecommendationTask(Domain.forDataset(request.dataset()), round,
                request.history(), request.candidates(), modelTop, ranking, memory), modelCall);
    }

    /** What the user agent sees when judging the candidate at {@code position}, given every candidate's reward. */
    public JudgementTask judgementTask(SessionRequest request, int round, int position, String recommendationReason,
            float[] rewards, List<MemoryEntry> memory) {
        return judgementTask(request, round, position, recommendationReason, rewards, memory, null);
    }

    /**
     * The same, with the recommendation model's top-1 for a user agent that is shown it
     * ({@link UserAgent#seesRecommendationModel()}; any other gets none).
     */
    public JudgementTask judgementTask(SessionRequest request, int round, int position, String recommendationReason,
            float[] rewards, List<MemoryEntry> memory, Item modelTop) {
        boolean shown = modelTop != null && userAgent.seesRecommendationModel() && signals.recommendationModel();
        return new JudgementTask(Domain.forDataset(request.dataset()), round, request.history(), request.candidates(),
                request.candidates().get(position), recommendationReason,
                signals.rewardModel() ? RewardSignal.of(rewards, position) : null, memory, shown ? modelTop : null,
                request.dataset());
    }

    /**
     * Whether the loop is over after the rounds stored so far: the session ended, the user accepted, the round
     * limit is reached, or a budget limit is (checked between rounds, so no round is cut short).
     */
    public boolean shouldStop(Session session) {
        return session.status().terminal() || session.lastRoundAccepted()
                || session.rounds().size() >= session.request().maxRounds()
                || BudgetCheck.exceeded(session, Instant.now()).isPresent();
    }

    /**
     * Ends the session: FAILED when a failure is given, else ACCEPTED when the last round was accepted, else
     * MAX_ROUNDS when the limit is reached, else the budget limit that was reached (TOKEN_BUDGET, COST_BUDGET,
     * TIME_BUDGET, NO_IMPROVEMENT). Finishing a running session that is none of these is refused.
     */
    public Session finish(String sessionId, String failure) {
        Session session = store.require(sessionId);
        if (session.status().terminal()) {
            return session;
        }
        String lastItem = session.rounds().isEmpty() ? null : session.rounds().getLast().itemId();
        if (failure != null) {
            return store.finish(session, SessionStatus.FAILED, lastItem, failure);
        }
        if (session.lastRoundAccepted()) {
            return store.finish(session, SessionStatus.ACCEPTED, lastItem, null);
        }
        if (session.rounds().size() >= session.request().maxRounds()) {
            return store.finish(session, SessionStatus.MAX_ROUNDS, lastItem, null);
        }
        var budgetStop = BudgetCheck.exceeded(session, Instant.now());
        if (budgetStop.isPresent()) {
            return store.finish(session, budgetStop.get(), lastItem, null);
        }
        throw new SessionConflictException("Session '" + sessionId + "' cannot finish yet: " + session.rounds().size()
                + " of " + session.request().maxRounds() + " rounds played and the last was not accepted.");
    }

    /**
     * True when this step of the round is already stored (a retried delivery: nobody is asked again); otherwise
     * checks that it is the next step of a running session.
     */
    private static boolean alreadyPlayed(Session session, int round, Step step) {
        if (SessionTransitions.stored(session, round, step)) {
            return true;
        }
        SessionTransitions.checkOrder(session, round, step);
        return false;
    }

    /**
     * Asks an agent or a model within the session's wall-time budget: its outside calls in flight are cut when the
     * budget runs out, and none starts after it (the agents take their fallback, so the round still completes and
     * the session stops after it, within the budget plus the round's local work).
     */
    private static <T> T withinBudget(Session session, java.util.function.Supplier<T> ask) {
        return dev.afl.Deadline.within(BudgetCheck.wallTimeDeadline(session), ask);
    }

    /**
     * Tells the observer about a step just played (its write stored); {@code trace} is null for a step no agent
     * answered (the reward model's). A failing observer must not fail a step that is stored (the in-process loop
     * would end the session FAILED for it), so its failure is logged and the step goes on.
     */
    private void played(String sessionId, int round, StepRecord.Kind step, long startedNanos, AgentTrace trace,
            String outcome) {
        StepRecord record = new StepRecord(sessionId, round, step,
                Duration.ofNanos(System.nanoTime() - startedNanos),
                trace == null ? 0 : trace.inputTokens(), trace == null ? 0 : trace.outputTokens(),
                trace != null && trace.fallback(), outcome);
        try {
            observer.played(record);
        } catch (RuntimeException e) {
            System.getLogger(FeedbackLoop.class.getName()).log(System.Logger.Level.WARNING,
                    "The step observer failed on " + step.label() + " of session " + sessionId + ", round " + round
                            + " (the step is stored and goes on)", e);
        }
    }

    /** The rejected rounds so far, as both agents remember them. */
    public static List<MemoryEntry> memory(Session session) {
        List<MemoryEntry> memory = new ArrayList<>();
        for (RoundRecord round : session.rounds()) {
            if (!round.accepted()) {
                memory.add(new MemoryEntry(round.round(), round.itemId(), round.itemTitle(),
                        round.recommendationReason(), round.userReason()));
            }
        }
        return memory;
    }

    private static int positionOf(List<Item> candidates, String itemId) {
        for (int i = 0; i < candidates.size(); i++) {
            if (candidates.get(i).id().equals(itemId)) {
                return i;
            }
        }
        // Agents guarantee a candidate; reaching this is a bug in an agent, not a user error.
        throw new IllegalStateException("the recommendation agent proposed '" + itemId + "', which is not a candidate");
    }

    /** The reward model's scores of the session's candidates, computed once per session. */
    private float[] rewardScores(String sessionId, SessionRequest request) {
        List<String> history = ids(request.history());
        List<String> candidates = ids(request.candidates());
        return sessionScores.scores(sessionId, models.rewardName(request.dataset()), history, candidates,
                () -> new SessionScores.Computed(models.reward(request.dataset()).rewards(history, candidates), true,
                        null)).scores();
    }

    /**
     * The recommendation model's scores of the session's candidates, asked once per session: an LLM's own answer
     * is remembered like computed scores (the model's ranking is a fixed signal within a session, as SASRec's
     * is), a fallback is not, so a later round asks again.
     */
    private SessionScores.Computed recommendationScores(String sessionId, SessionRequest request) {
        return sessionScores.scores(sessionId, models.recommendationName(request.dataset()), ids(request.history()),
                ids(request.candidates()), () -> {
                    ModelAnswer answer = models.recommendation(request.dataset())
                            .answer(request.history(), request.candidates());
                    return new SessionScores.Computed(answer.scores(), answer.ownAnswer(), answer.trace());
                });
    }

    private static List<String> ids(List<Item> items) {
        return items.stream().map(Item::id).toList();
    }

    private static List<Item> ranking(List<Item> candidates, float[] scores) {
        return IntStream.range(0, candidates.size()).boxed()
                .sorted(Comparator.comparing((Integer i) -> scores[i]).reversed().thenComparing(i -> i))
                .map(candidates::get).toList();
    }
}

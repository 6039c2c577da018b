package dev.afl.loop;

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
import dev.afl.catalog.ItemCatalog;
import dev.afl.memory.MemoryStore;
import dev.afl.memory.RoundRecord;
import dev.afl.memory.Session;
import dev.afl.memory.SessionRequest;
import dev.afl.memory.SessionStatus;
import dev.afl.model.RecommendationModel;
import dev.afl.model.RewardModel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Algorithm 1 of the paper, the one implementation: the recommendation model suggests; each round the
 * recommendation agent proposes, the reward model scores, the user agent judges; a rejection goes into both
 * agents' memories (the stored rounds) and the loop goes on, up to {@code maxRounds}. The answer is the last
 * proposal. Every round is written through the {@link MemoryStore} before the next begins, so a session that
 * is interrupted resumes where it stopped, and every session ends in a terminal status.
 */
public final class FeedbackLoop {

    private final ItemCatalog catalog;
    private final Domain domain;
    private final RecommendationModel recommendationModel;
    private final RewardModel rewardModel;
    private final RecommendationAgent recommendationAgent;
    private final UserAgent userAgent;
    private final MemoryStore store;

    public FeedbackLoop(ItemCatalog catalog, Domain domain, RecommendationModel recommendationModel,
            RewardModel rewardModel, RecommendationAgent recommendationAgent, UserAgent userAgent, MemoryStore store) {
        this.catalog = catalog;
        this.domain = domain;
        this.recommendationModel = recommendationModel;
        this.rewardModel = rewardModel;
        this.recommendationAgent = recommendationAgent;
        this.userAgent = userAgent;
        this.store = store;
    }

    /** Runs (or resumes) a session to a terminal status and returns it. */
    public Session run(RefinementRequest request) {
        request.validate(catalog);
        Session session = store.create(MemoryStore.checkId(request.sessionId()), new SessionRequest(
                catalog.name(), request.history(), request.candidates(), request.maxRounds(),
                recommendationModel.name(), rewardModel.name()));
        if (session.status().terminal()) {
            return session;
        }
        try {
            List<Item> history = items(request.history());
            List<Item> candidates = items(request.candidates());
            List<Item> ranking = ranking(candidates, recommendationModel.score(request.history(), request.candidates()));
            float[] rewards = rewardModel.rewards(request.history(), request.candidates());
            while (session.nextRound() <= request.maxRounds()) {
                RoundRecord round = playRound(session, history, candidates, ranking, rewards);
                session = store.appendRound(session.id(), round);
                if (round.accepted()) {
                    return store.finish(session.id(), SessionStatus.ACCEPTED, round.itemId(), null);
                }
            }
            return store.finish(session.id(), SessionStatus.MAX_ROUNDS, session.rounds().getLast().itemId(), null);
        } catch (RuntimeException e) {
            String lastItem = session.rounds().isEmpty() ? null : session.rounds().getLast().itemId();
            store.finish(session.id(), SessionStatus.FAILED, lastItem, e.getClass().getSimpleName() + ": "
                    + e.getMessage());
            throw e;
        }
    }

    private RoundRecord playRound(Session session, List<Item> history, List<Item> candidates, List<Item> ranking,
            float[] rewards) {
        int round = session.nextRound();
        List<MemoryEntry> memory = memory(session);
        Item suggestion = ranking.stream().filter(item -> memory.stream().noneMatch(m -> m.itemId().equals(item.id())))
                .findFirst().orElse(ranking.getFirst());
        Proposal proposal = recommendationAgent.propose(new RecommendationTask(domain, round, history, candidates,
                suggestion, ranking, memory));
        int position = positionOf(candidates, proposal.itemId());
        Item proposed = candidates.get(position);
        RewardSignal reward = RewardSignal.of(rewards, position);
        Judgement judgement = userAgent.judge(new JudgementTask(domain, round, history, candidates, proposed,
                proposal.reason(), reward, memory));
        return new RoundRecord(round, proposed.id(), proposed.title(), proposal.reason(), reward.score(),
                reward.rank(), judgement.accepted(), judgement.reason(), proposal.trace(), judgement.trace());
    }

    /** The rejected rounds so far, as both agents remember them. */
    static List<MemoryEntry> memory(Session session) {
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

    private List<Item> items(List<String> ids) {
        return ids.stream().map(catalog::require).toList();
    }

    private static List<Item> ranking(List<Item> candidates, float[] scores) {
        return IntStream.range(0, candidates.size()).boxed()
                .sorted(Comparator.comparing((Integer i) -> scores[i]).reversed().thenComparing(i -> i))
                .map(candidates::get).toList();
    }
}

package dev.afl.evaluation.usersim;

import dev.afl.agent.Domain;
import dev.afl.agent.Judgement;
import dev.afl.agent.MemoryEntry;
import dev.afl.agent.RatingTask;
import dev.afl.catalog.Item;
import dev.afl.evaluation.EvaluationCase;
import dev.afl.evaluation.LoopSetup;
import dev.afl.evaluation.Usage;
import dev.afl.evaluation.UserSimulationProtocol;
import dev.afl.loop.FeedbackLoop;
import dev.afl.loop.LoopSignals;
import dev.afl.memory.Session;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Plays one user-simulation case under one {@link SimulationMethod}. */
public final class RatingPlayer {

    private final LoopSetup setup;

    public RatingPlayer(LoopSetup setup) {
        this.setup = setup;
    }

    /** The reward model's score of each judged item, for the given judge history. */
    public float[] scores(UserSimulationProtocol.Case c) {
        return setup.reward().rewards(c.judgeHistory(), c.items());
    }

    /**
     * The method's predictions for the case. For AFL the loop is played once and the user agent judges with its
     * memory after each round r = 1..maxRounds (the rejected rounds up to r; a session that ended earlier keeps its
     * last memory): Figure 4b's F1 by round. A memory seen after several rounds is judged once.
     */
    public RatingOutcome play(SimulationMethod method, UserSimulationProtocol.Case c, double threshold) {
        float[] scores = scores(c);
        if (method == SimulationMethod.REWARD_MODEL) {
            List<Boolean> predicted = new ArrayList<>();
            for (float score : scores) {
                predicted.add(score >= threshold);
            }
            return new RatingOutcome(c.user(), c.seed(), predicted, c.liked(), Usage.NONE);
        }
        if (method == SimulationMethod.USER_AGENT) {
            Judged judged = judge(c, scores, threshold, List.of(), List.of());
            return new RatingOutcome(c.user(), c.seed(), judged.predicted(), c.liked(), judged.usage());
        }
        Session session = loop(c.loop());
        List<MemoryEntry> memory = FeedbackLoop.memory(session);
        List<Item> loopCandidates = session.request().candidates();
        Usage usage = Usage.ofRounds(session.rounds());
        Map<Integer, Judged> bySize = new HashMap<>();
        List<List<Boolean>> byRound = new ArrayList<>();
        for (int round = 1; round <= setup.maxRounds(); round++) {
            int upTo = round;
            int size = (int) memory.stream().filter(entry -> entry.round() <= upTo).count();
            Judged judged = bySize.get(size);
            if (judged == null) {
                judged = judge(c, scores, threshold, memory.subList(0, size), loopCandidates);
                bySize.put(size, judged);
                usage = usage.plus(judged.usage());
            }
            byRound.add(judged.predicted());
        }
        Judged last = bySize.computeIfAbsent(memory.size(), size -> judge(c, scores, threshold, memory, loopCandidates));
        return new RatingOutcome(c.user(), c.seed(), last.predicted(), c.liked(), usage, byRound);
    }

    /** The user agent's judgement of every item of the case with the given memory (of a loop over those candidates). */
    private Judged judge(UserSimulationProtocol.Case c, float[] scores, double threshold, List<MemoryEntry> memory,
            List<Item> loopCandidates) {
        List<Item> history = setup.items(c.judgeHistory());
        List<Boolean> predicted = new ArrayList<>();
        Usage usage = Usage.NONE;
        for (int i = 0; i < c.items().size(); i++) {
            Judgement judgement = setup.userAgent().rate(new RatingTask(Domain.forDataset(setup.dataset()), history,
                    setup.catalog().require(c.items().get(i)), scores[i], (float) threshold, memory, loopCandidates,
                    setup.dataset()));
            predicted.add(judgement.accepted());
            usage = usage.plus(Usage.of(judgement.trace()));
        }
        return new Judged(predicted, usage);
    }

    private record Judged(List<Boolean> predicted, Usage usage) {
    }

    private Session loop(EvaluationCase loopCase) {
        return setup.loop(LoopSignals.ALL).run(setup.request("usersim-" + loopCase.row() + "-" + loopCase.seed(),
                loopCase, setup.maxRounds()));
    }
}

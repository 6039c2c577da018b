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
import java.util.List;

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

    public RatingOutcome play(SimulationMethod method, UserSimulationProtocol.Case c, double threshold) {
        float[] scores = scores(c);
        List<Boolean> predicted = new ArrayList<>();
        Usage usage = Usage.NONE;
        List<MemoryEntry> memory = List.of();
        List<Item> loopCandidates = List.of();
        if (method == SimulationMethod.AFL) {
            Session session = loop(c.loop());
            memory = FeedbackLoop.memory(session);
            loopCandidates = session.request().candidates();
            usage = Usage.ofRounds(session.rounds());
        }
        List<Item> history = setup.items(c.judgeHistory());
        for (int i = 0; i < c.items().size(); i++) {
            if (method == SimulationMethod.REWARD_MODEL) {
                predicted.add(scores[i] >= threshold);
                continue;
            }
            Judgement judgement = setup.userAgent().rate(new RatingTask(Domain.forDataset(setup.dataset()), history,
                    setup.catalog().require(c.items().get(i)), scores[i], (float) threshold, memory, loopCandidates));
            predicted.add(judgement.accepted());
            usage = usage.plus(Usage.of(judgement.trace()));
        }
        return new RatingOutcome(c.user(), c.seed(), predicted, c.liked(), usage);
    }

    private Session loop(EvaluationCase loopCase) {
        return setup.loop(LoopSignals.ALL).run(setup.request("usersim-" + loopCase.row() + "-" + loopCase.seed(),
                loopCase, setup.maxRounds()));
    }
}

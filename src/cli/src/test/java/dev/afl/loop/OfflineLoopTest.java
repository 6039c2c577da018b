package dev.afl.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.afl.InvalidRequestException;
import dev.afl.TestData;
import dev.afl.agent.Judgement;
import dev.afl.agent.JudgementTask;
import dev.afl.agent.UserAgent;
import dev.afl.agent.offline.OfflineRecommendationAgent;
import dev.afl.agent.offline.OfflineUserAgent;
import dev.afl.agent.offline.RewardVerdict;
import dev.afl.catalog.Item;
import dev.afl.data.Dataset;
import dev.afl.data.KnownDataset;
import dev.afl.data.ReferenceSplitImporter;
import dev.afl.data.Split;
import dev.afl.evaluation.EvaluationCase;
import dev.afl.evaluation.EvaluationProtocol;
import dev.afl.memory.FileMemoryStore;
import dev.afl.memory.InMemoryMemoryStore;
import dev.afl.memory.MemoryStore;
import dev.afl.memory.RoundRecord;
import dev.afl.memory.Session;
import dev.afl.memory.SessionStatus;
import dev.afl.model.onnx.ModelRegistry;
import dev.afl.model.onnx.OnnxSequenceModel;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loop with the offline agents and the bundled models, on real LastFM rows. */
class OfflineLoopTest {

    private static final Dataset LASTFM = new ReferenceSplitImporter(TestData.location()).load(KnownDataset.LASTFM);
    private static final ModelRegistry MODELS = new ModelRegistry();
    private static final OnnxSequenceModel GRU4REC = MODELS.bundled("lastfm", "gru4rec", LASTFM.catalog());
    private static final OnnxSequenceModel SASREC = MODELS.bundled("lastfm", "sasrec", LASTFM.catalog());
    private static final RewardVerdict VERDICT = new RewardVerdict(1, 3);

    @AfterAll
    static void close() {
        MODELS.close();
    }

    private static FeedbackLoop loop(MemoryStore store, UserAgent user) {
        return new FeedbackLoop(LoopModels.of("lastfm", GRU4REC, SASREC), new OfflineRecommendationAgent(), user,
                store);
    }

    static RefinementRequest request(String id, List<String> history, List<String> candidates, int rounds) {
        return new RefinementRequest(id, "lastfm", items(history), items(candidates), rounds);
    }

    static List<Item> items(List<String> ids) {
        return ids.stream().map(i -> LASTFM.catalog().find(i).orElse(new Item(i, i))).toList();
    }

    @Test
    void everySessionEndsTerminalWithACandidateAndNeverRepeatsARejection() {
        FeedbackLoop loop = loop(new InMemoryMemoryStore(), new OfflineUserAgent(VERDICT));
        int multiRound = 0;
        for (EvaluationCase c : EvaluationProtocol.PAPER.cases(LASTFM, Split.TEST, 0)) {
            Session session = loop.run(request("row-" + c.row(), c.history(), c.candidates(), 4));
            assertThat(session.status()).isIn(SessionStatus.ACCEPTED, SessionStatus.MAX_ROUNDS);
            assertThat(session.rounds()).hasSizeBetween(1, 4);
            assertThat(c.candidates()).contains(session.finalItemId());
            assertThat(session.finalItemId()).isEqualTo(session.rounds().getLast().itemId());
            Set<String> proposed = new HashSet<>();
            for (RoundRecord round : session.rounds()) {
                assertThat(proposed.add(round.itemId())).as("item proposed twice in %s", session.id()).isTrue();
                assertThat(round.accepted()).isEqualTo(round.rewardRank() <= 1);
                assertThat(round.recommender().kind()).isEqualTo("offline");
            }
            if (session.status() == SessionStatus.ACCEPTED) {
                assertThat(session.rounds().getLast().rewardRank()).isEqualTo(1);
            }
            multiRound += session.rounds().size() > 1 ? 1 : 0;
        }
        assertThat(multiRound).as("sessions that needed more than one round").isPositive();
    }

    @Test
    void aRejectionSteersTheNextProposalToACandidateTheUserNamed() {
        FeedbackLoop loop = loop(new InMemoryMemoryStore(), new OfflineUserAgent(VERDICT));
        for (EvaluationCase c : EvaluationProtocol.PAPER.cases(LASTFM, Split.TEST, 1)) {
            Session session = loop.run(request("steer-" + c.row(), c.history(), c.candidates(), 4));
            if (session.rounds().size() > 1) {
                RoundRecord first = session.rounds().get(0);
                RoundRecord second = session.rounds().get(1);
                assertThat(first.userReason()).contains("\"" + second.itemTitle() + "\"");
                return;
            }
        }
        throw new AssertionError("no LastFM test session went to a second round");
    }

    @Test
    void aFailingAgentEndsTheSessionAsFailedWithItsRoundsKept(@TempDir Path folder) {
        FileMemoryStore store = new FileMemoryStore(folder);
        OfflineUserAgent honest = new OfflineUserAgent(VERDICT);
        UserAgent failsInRoundTwo = new UserAgent() {
            @Override
            public Judgement judge(JudgementTask task) {
                if (task.round() == 2) {
                    throw new IllegalStateException("user agent crashed");
                }
                return new Judgement(false, "no", honest.judge(task).trace());
            }

            @Override
            public Judgement rate(dev.afl.agent.RatingTask task) {
                return honest.rate(task);
            }

            @Override
            public String kind() {
                return "offline";
            }
        };
        EvaluationCase c = EvaluationProtocol.PAPER.cases(LASTFM, Split.TEST, 0).getFirst();
        RefinementRequest request = request("crash", c.history(), c.candidates(), 4);
        assertThatThrownBy(() -> loop(store, failsInRoundTwo).run(request)).hasMessageContaining("user agent crashed");
        Session failed = new FileMemoryStore(folder).require("crash");
        assertThat(failed.status()).isEqualTo(SessionStatus.FAILED);
        assertThat(failed.failure()).contains("user agent crashed");
        assertThat(failed.rounds()).hasSize(1);
        // Running the same session id again returns the terminal session and adds nothing.
        assertThat(loop(store, honest).run(request)).isEqualTo(failed);
    }

    @Test
    void badRequestsAreRefusedBeforeAnythingIsStored() {
        InMemoryMemoryStore store = new InMemoryMemoryStore();
        FeedbackLoop loop = loop(store, new OfflineUserAgent(VERDICT));
        List<String> candidates = List.of(LASTFM.catalog().get(1).id(), LASTFM.catalog().get(2).id());
        List<String> history = List.of(LASTFM.catalog().get(3).id());
        assertThatThrownBy(() -> loop.run(request("a", List.of(), candidates, 4)))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("history is empty");
        assertThatThrownBy(() -> loop.run(request("b", history, candidates.subList(0, 1), 4)))
                .hasMessageContaining("at least 2 candidates");
        assertThatThrownBy(() -> loop.run(request("c", history, List.of(candidates.get(0),
                candidates.get(0)), 4))).hasMessageContaining("listed twice");
        assertThatThrownBy(() -> loop.run(request("d", List.of("no-such"), candidates, 4)))
                .hasMessageContaining("item 'no-such' in history is not in the lastfm catalog of the models");
        assertThatThrownBy(() -> loop.run(request("e", history, candidates, 0)))
                .hasMessageContaining("maxRounds must be at least 1");
        for (String id : List.of("a", "b", "c", "d", "e")) {
            assertThat(store.find(id)).isEmpty();
        }
    }
}

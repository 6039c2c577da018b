package dev.afl.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afl.TestData;
import dev.afl.data.Dataset;
import dev.afl.data.KnownDataset;
import dev.afl.data.ReferenceSplitImporter;
import dev.afl.data.SequenceRow;
import dev.afl.data.Split;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluationProtocolTest {

    private static final Dataset LASTFM = new ReferenceSplitImporter(TestData.location()).load(KnownDataset.LASTFM);

    @Test
    void candidatesAreTheTargetAndNineteenUnseenDistinctItems() {
        List<EvaluationCase> cases = EvaluationProtocol.PAPER.cases(LASTFM, Split.TEST, 3);
        assertThat(cases).hasSize(122);
        for (EvaluationCase c : cases) {
            assertThat(c.candidates()).hasSize(20).doesNotHaveDuplicates().contains(c.target());
            assertThat(c.candidates().stream().filter(id -> !id.equals(c.target())))
                    .doesNotContainAnyElementsOf(c.history());
            assertThat(c.history()).hasSizeBetween(3, 10);
            assertThat(c.seed()).isEqualTo(3);
            c.candidates().forEach(id -> assertThat(LASTFM.catalog().contains(id)).isTrue());
        }
    }

    @Test
    void theSameSeedDrawsTheSameListsWhateverElseIsEvaluated() {
        List<EvaluationCase> all = EvaluationProtocol.PAPER.cases(LASTFM, Split.TEST, 7);
        SequenceRow row = LASTFM.rows(Split.TEST).get(40);
        EvaluationCase alone = EvaluationProtocol.PAPER.caseFor("lastfm", LASTFM.catalog(), row, 7);
        assertThat(all.stream().filter(c -> c.row() == row.row()).findFirst()).contains(alone);
        assertThat(EvaluationProtocol.PAPER.cases(LASTFM, Split.TEST, 8)).isNotEqualTo(all);
    }

    @Test
    void theTargetPositionIsSpreadOverTheList() {
        int[] positions = new int[20];
        for (long seed = 0; seed < 10; seed++) {
            for (EvaluationCase c : EvaluationProtocol.PAPER.cases(LASTFM, Split.TEST, seed)) {
                positions[c.candidates().indexOf(c.target())]++;
            }
        }
        // 1220 draws over 20 positions: every position is used, none dominates.
        for (int count : positions) {
            assertThat(count).isBetween(25, 110);
        }
    }

    @Test
    void shortHistoriesAreFilteredAndLongOnesCapped() {
        Dataset train = LASTFM;
        List<EvaluationCase> cases = new EvaluationProtocol(20, 3, 5).cases(train, Split.VALID, 0);
        assertThat(cases).allSatisfy(c -> assertThat(c.history()).hasSizeBetween(3, 5));
        SequenceRow row = train.rows(Split.VALID).stream().filter(r -> r.history().size() == 10).findFirst()
                .orElseThrow();
        EvaluationCase capped = new EvaluationProtocol(20, 3, 5).caseFor("lastfm", train.catalog(), row, 0);
        assertThat(capped.history()).isEqualTo(row.history().subList(5, 10));
        assertThat(new HashSet<>(capped.candidates())).doesNotContainAnyElementsOf(row.history());
    }
}

package dev.afl.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afl.TestData;
import dev.afl.data.Dataset;
import dev.afl.data.KnownDataset;
import dev.afl.data.ReferenceSplitImporter;
import dev.afl.evaluation.UserSimulationProtocol.Ratio;
import dev.afl.data.UserHistory;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The Table 5 construction on the 60 LastFM user-simulation users. */
class UserSimulationProtocolTest {

    private static final ReferenceSplitImporter IMPORTER = new ReferenceSplitImporter(TestData.location());
    private static final Dataset LASTFM = IMPORTER.load(KnownDataset.LASTFM);
    private static final List<UserHistory> USERS = IMPORTER.loadUserSimulation(KnownDataset.LASTFM);

    @Test
    void everyUserGetsALoopAndTwentyJudgedItemsAtEachRatio() {
        assertThat(USERS).hasSize(60);
        for (Ratio ratio : Ratio.PAPER) {
            List<UserSimulationProtocol.Case> cases = UserSimulationProtocol.cases("lastfm", LASTFM.catalog(), USERS,
                    ratio, 0);
            assertThat(cases).hasSize(60);
            for (UserSimulationProtocol.Case c : cases) {
                UserHistory user = USERS.stream().filter(u -> u.id().equals(c.user())).findFirst().orElseThrow();
                int init = user.recent().size() - 10;
                Set<String> interacted = new HashSet<>(user.all());
                assertThat(c.loop().history()).isEqualTo(user.recent().subList(0, init - 1));
                assertThat(c.loop().target()).isEqualTo(user.recent().get(init - 1));
                assertThat(c.loop().candidates()).hasSize(20).doesNotHaveDuplicates().contains(c.loop().target());
                assertThat(c.loop().candidates().stream().filter(id -> !id.equals(c.loop().target())))
                        .noneMatch(interacted::contains);
                assertThat(c.judgeHistory()).isEqualTo(user.recent().subList(0, init));
                assertThat(c.items()).hasSize(20).doesNotHaveDuplicates();
                assertThat(c.liked().stream().filter(b -> b)).hasSize(ratio.positives());
                for (int i = 0; i < 20; i++) {
                    String item = c.items().get(i);
                    if (c.liked().get(i)) {
                        assertThat(user.recent().subList(init, init + ratio.positives())).contains(item);
                    } else {
                        assertThat(interacted).doesNotContain(item);
                        assertThat(c.loop().candidates()).doesNotContain(item);
                    }
                }
            }
        }
    }

    @Test
    void casesAreSeededPerUser() {
        List<UserSimulationProtocol.Case> all = UserSimulationProtocol.cases("lastfm", LASTFM.catalog(), USERS,
                Ratio.ONE_TO_THREE, 5);
        List<UserSimulationProtocol.Case> one = UserSimulationProtocol.cases("lastfm", LASTFM.catalog(),
                List.of(USERS.get(17)), Ratio.ONE_TO_THREE, 5);
        assertThat(all.get(17)).isEqualTo(one.getFirst());
        assertThat(UserSimulationProtocol.cases("lastfm", LASTFM.catalog(), USERS, Ratio.ONE_TO_THREE, 6))
                .isNotEqualTo(all);
        // Positives are not always first: the judged list is shuffled.
        assertThat(all.stream().filter(c -> !c.liked().getFirst())).isNotEmpty();
    }

    @Test
    void theRowConstructionKeepsTheRatioWithOnePositivePerRow() {
        Dataset steam = IMPORTER.load(KnownDataset.STEAM);
        List<dev.afl.data.SequenceRow> rows = steam.rows(dev.afl.data.Split.TEST);
        int[] perPositive = {1, 3, 9};
        for (int r = 0; r < Ratio.PAPER.size(); r++) {
            List<UserSimulationProtocol.Case> cases = UserSimulationProtocol.fromRows("steam", steam.catalog(), rows,
                    Ratio.PAPER.get(r), 3);
            assertThat(cases).hasSize((int) rows.stream().filter(row -> row.history().size() >= 3).count());
            for (UserSimulationProtocol.Case c : cases.subList(0, 50)) {
                dev.afl.data.SequenceRow row = rows.stream().filter(x -> ("row" + x.row()).equals(c.user()))
                        .findFirst().orElseThrow();
                Set<String> interacted = new HashSet<>(row.history());
                interacted.add(row.next());
                assertThat(c.judgeHistory()).isEqualTo(row.history());
                assertThat(c.loop().history()).isEqualTo(row.history().subList(0, row.history().size() - 1));
                assertThat(c.loop().target()).isEqualTo(row.history().getLast());
                assertThat(c.loop().candidates()).hasSize(20).doesNotHaveDuplicates().contains(c.loop().target());
                assertThat(c.items()).hasSize(1 + perPositive[r]).doesNotHaveDuplicates().contains(row.next());
                assertThat(c.liked()).containsOnlyOnce(true);
                assertThat(c.liked().get(c.items().indexOf(row.next()))).isTrue();
                assertThat(c.items().stream().filter(id -> !id.equals(row.next())))
                        .noneMatch(interacted::contains).noneMatch(c.loop().candidates()::contains);
            }
            // The same seed draws the same cases.
            assertThat(UserSimulationProtocol.fromRows("steam", steam.catalog(), rows, Ratio.PAPER.get(r), 3))
                    .isEqualTo(cases);
        }
    }
}

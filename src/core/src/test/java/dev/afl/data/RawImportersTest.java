package dev.afl.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.afl.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RawImportersTest {

    @Test
    void movieLens100kHasItsPublishedCounts() {
        RawDataset ml = MovieLensImporter.read(TestData.dataDir().resolve("ml-100k"));
        assertThat(ml.catalog().size()).isEqualTo(1682);
        assertThat(ml.interactions()).hasSize(100_000);
        assertThat(ml.sequencesByUser()).hasSize(943);
        assertThat(ml.catalog().require("1").title()).isEqualTo("Toy Story (1995)");
    }

    @Test
    void hetRecLastFmHasItsPublishedCounts() {
        RawDataset lastfm = LastFmImporter.read(TestData.dataDir().resolve("hetrec2011-lastfm-2k"));
        assertThat(lastfm.catalog().size()).isEqualTo(17632);
        assertThat(lastfm.interactions()).hasSize(92834);
        assertThat(lastfm.sequencesByUser()).hasSize(1892);
    }

    @Test
    void malformedRawLinesNameFileAndLine(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("u.item"), "1|Toy Story (1995)|01-Jan-1995\n");
        Files.writeString(dir.resolve("u.data"), "1\t1\t5\t874965758\n2\t9\t3\t874965758\n");
        assertThatThrownBy(() -> MovieLensImporter.read(dir)).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("u.data:2").hasMessageContaining("item id 9 is not in u.item");
        Files.writeString(dir.resolve("u.data"), "1\t1\tfive\t874965758\n");
        assertThatThrownBy(() -> MovieLensImporter.read(dir)).hasMessageContaining("u.data:1")
                .hasMessageContaining("rating is not an integer");
        Files.writeString(dir.resolve("u.data"), "1 1 5 874965758\n");
        assertThatThrownBy(() -> MovieLensImporter.read(dir)).hasMessageContaining("expected 4 tab-separated");
    }

    @Test
    void genericCsvAndJsonlInteractionsWithTitles(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("items.csv"), "id,title\na,\"Alpha, the first\"\nb,Beta\nc,\"Say \"\"C\"\"\"\n");
        Files.writeString(dir.resolve("events.csv"), "timestamp,user,item\n3,u1,b\n1,u1,a\n2,u1,c\n5,u2,a\n");
        RawDataset csv = GenericInteractionsImporter.read("mine", dir.resolve("events.csv"),
                Optional.of(dir.resolve("items.csv")));
        assertThat(csv.catalog().require("a").title()).isEqualTo("Alpha, the first");
        assertThat(csv.catalog().require("c").title()).isEqualTo("Say \"C\"");
        assertThat(csv.sequencesByUser()).isEqualTo(Map.of("u1", List.of("a", "c", "b"), "u2", List.of("a")));

        Files.writeString(dir.resolve("events.jsonl"), "{\"user\": \"u1\", \"item\": 7, \"timestamp\": 1}\n");
        RawDataset jsonl = GenericInteractionsImporter.read("mine", dir.resolve("events.jsonl"), Optional.empty());
        assertThat(jsonl.catalog().require("7").title()).isEqualTo("7");

        Dataset split = LeaveLastOutSplitter.split(csv, 10);
        assertThat(split.rows(Split.TEST)).containsExactly(new SequenceRow(0, List.of("a", "c"), "b"));
        assertThat(split.rows(Split.VALID)).containsExactly(new SequenceRow(0, List.of("a"), "c"));
    }

    @Test
    void genericImportErrorsSayWhatIsWrong(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("items.csv"), "id,title\na,Alpha\n");
        Files.writeString(dir.resolve("events.csv"), "user,item\nu1,a\n");
        assertThatThrownBy(() -> GenericInteractionsImporter.read("mine", dir.resolve("events.csv"), Optional.empty()))
                .hasMessageContaining("events.csv:1").hasMessageContaining("lacks the column 'timestamp'");
        Files.writeString(dir.resolve("events.csv"), "user,item,timestamp\nu1,zzz,1\n");
        assertThatThrownBy(() -> GenericInteractionsImporter.read("mine", dir.resolve("events.csv"),
                Optional.of(dir.resolve("items.csv")))).hasMessageContaining("events.csv:2")
                .hasMessageContaining("item 'zzz' is not in items.csv");
        Files.writeString(dir.resolve("events.csv"), "user,item,timestamp\nu1,a,yesterday\n");
        assertThatThrownBy(() -> GenericInteractionsImporter.read("mine", dir.resolve("events.csv"), Optional.empty()))
                .hasMessageContaining("timestamp is not an integer");
        assertThatThrownBy(() -> GenericInteractionsImporter.read("mine", dir.resolve("events.txt"), Optional.empty()))
                .hasMessageContaining("name the file *.csv or *.jsonl");
    }

    @Test
    void movieLensTrainingSplitLeavesOutTheEvaluationUsers() {
        Dataset reference = new ReferenceSplitImporter(TestData.location()).load(KnownDataset.MOVIELENS);
        RawDataset ratings = MovieLensImporter.read(TestData.dataDir().resolve("ml-100k"));
        MovieLensTrainingSplit.Result result = MovieLensTrainingSplit.rebuild(reference, ratings, 10);
        assertThat(result.unmatchedRows()).isZero();
        assertThat(result.excludedUsers()).isGreaterThanOrEqualTo(94);
        assertThat(result.trainUsers() + result.excludedUsers()).isEqualTo(943);
        List<SequenceRow> train = result.dataset().rows(Split.TRAIN);
        assertThat(train).isNotEmpty().allSatisfy(row -> assertThat(row.history().size()).isLessThanOrEqualTo(10));
        // No test row's full window (history + next) appears in any training row.
        java.util.Set<List<String>> trainWindows = new java.util.HashSet<>();
        for (SequenceRow row : train) {
            List<String> window = new java.util.ArrayList<>(row.history());
            window.add(row.next());
            trainWindows.add(window);
        }
        for (SequenceRow row : reference.rows(Split.TEST)) {
            List<String> window = new java.util.ArrayList<>(row.history());
            window.add(row.next());
            assertThat(trainWindows).doesNotContain(window);
        }
    }
}

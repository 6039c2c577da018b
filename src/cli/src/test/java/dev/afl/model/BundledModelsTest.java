package dev.afl.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.afl.TestData;
import dev.afl.catalog.Item;
import dev.afl.catalog.ItemCatalog;
import dev.afl.catalog.UnknownItemException;
import dev.afl.data.Dataset;
import dev.afl.data.KnownDataset;
import dev.afl.data.ReferenceSplitImporter;
import dev.afl.data.Split;
import dev.afl.model.embedding.TitleEncoder;
import dev.afl.model.onnx.ModelRegistry;
import dev.afl.model.onnx.OnnxSequenceModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The models bundled in the artifact: PyTorch parity, card checks, and the scoring API's contract. */
class BundledModelsTest {

    private static final ReferenceSplitImporter IMPORTER = new ReferenceSplitImporter(TestData.location());
    private static final Dataset LASTFM = IMPORTER.load(KnownDataset.LASTFM);
    private static final ModelRegistry REGISTRY = new ModelRegistry();

    @AfterAll
    static void close() {
        REGISTRY.close();
    }

    @Test
    void fourArchitecturesAreBundledForLastFmAndMovieLens() {
        assertThat(REGISTRY.bundledNames("lastfm")).containsExactly("sasrec", "gru4rec", "caser", "morec");
        assertThat(REGISTRY.bundledNames("movielens")).containsExactly("sasrec", "gru4rec", "caser", "morec");
    }

    @ParameterizedTest
    @CsvSource({"lastfm,sasrec", "lastfm,gru4rec", "lastfm,caser", "lastfm,morec", "movielens,sasrec",
            "movielens,gru4rec", "movielens,caser", "movielens,morec"})
    void javaScoresEqualPyTorchScores(String dataset, String name) throws IOException {
        Dataset data = dataset.equals("lastfm") ? LASTFM : IMPORTER.load(KnownDataset.MOVIELENS);
        OnnxSequenceModel model = REGISTRY.bundled(dataset, name, data.catalog());
        assertThat(model.card().itemCount()).isEqualTo(data.catalog().size());
        assertThat(model.card().source()).isEqualTo("trained");
        assertThat(ParityDump.assertMatches(model,
                ParityDump.readBundled(dataset, name))).isPositive();
    }

    /** MoRec's card says which title features its graph has folded in, and that folding kept the scores. */
    @ParameterizedTest
    @CsvSource({"lastfm,4606", "movielens,1682"})
    void morecCardsNameTheirTitleFeatures(String dataset, int items) throws IOException {
        JsonNode text = new ObjectMapper().readTree(Path.of("models", dataset, "morec.card.json").toFile()).get("itemText");
        assertThat(text).as("itemText of models/%s/morec.card.json", dataset).isNotNull();
        assertThat(text.get("encoder").asText()).isEqualTo(TitleEncoder.NAME);
        assertThat(text.get("artifact").asText()).startsWith(TitleEncoder.ARTIFACT + ":");
        assertThat(text.get("rows").asInt()).isEqualTo(items);
        assertThat(text.get("dimension").asInt()).isEqualTo(384);
        assertThat(text.get("sha256").asText()).hasSize(64);
        assertThat(text.get("foldedMaxAbsScoreDifference").asDouble()).isLessThan(1e-4);
    }

    @Test
    void stableIdsAreMappedThroughTheCard() {
        OnnxSequenceModel model = REGISTRY.bundled("lastfm", "sasrec", LASTFM.catalog());
        var row = LASTFM.rows(Split.TEST).get(0);
        List<String> candidates = LASTFM.rows(Split.TEST).stream().limit(20).map(r -> r.next()).distinct().toList();
        float[] byId = model.score(row.history(), candidates);
        long[] history = new long[10];
        Arrays.fill(history, model.card().padId());
        for (int i = 0; i < row.history().size(); i++) {
            history[i] = LASTFM.catalog().positionOf(row.history().get(i));
        }
        long[] indices = candidates.stream().mapToLong(id -> LASTFM.catalog().positionOf(id)).toArray();
        assertThat(byId).containsExactly(model.scoreIndices(new long[][] {history}, new long[][] {indices})[0]);
    }

    @Test
    void batchScoringEqualsOneByOneAndTopKIsOrdered() {
        OnnxSequenceModel model = REGISTRY.bundled("lastfm", "gru4rec", LASTFM.catalog());
        List<ScoringRequest> requests = new ArrayList<>();
        for (var row : LASTFM.rows(Split.VALID).subList(0, 8)) {
            requests.add(new ScoringRequest(row.history(), List.of(row.next(), LASTFM.catalog().get(5).id(),
                    LASTFM.catalog().get(6).id())));
        }
        requests.add(new ScoringRequest(LASTFM.rows(Split.VALID).get(9).history(), List.of(LASTFM.catalog().get(7).id())));
        List<float[]> batch = model.scoreBatch(requests);
        for (int i = 0; i < requests.size(); i++) {
            float[] single = model.score(requests.get(i).history(), requests.get(i).candidates());
            assertThat(batch.get(i)).hasSize(requests.get(i).candidates().size());
            for (int c = 0; c < single.length; c++) {
                assertThat(batch.get(i)[c]).isCloseTo(single[c], org.assertj.core.data.Offset.offset(1e-5f));
            }
        }
        List<ScoredItem> top = model.topK(requests.get(0).history(), requests.get(0).candidates(), 2);
        assertThat(top).hasSize(2);
        assertThat(top.get(0).score()).isGreaterThanOrEqualTo(top.get(1).score());
    }

    @Test
    void onlyTheLastTenHistoryItemsCount() {
        OnnxSequenceModel model = REGISTRY.bundled("lastfm", "caser", LASTFM.catalog());
        List<String> ten = LASTFM.rows(Split.TEST).stream().filter(r -> r.history().size() == 10).findFirst()
                .orElseThrow().history();
        List<String> longer = new ArrayList<>(LASTFM.catalog().items().subList(100, 105).stream().map(Item::id).toList());
        longer.addAll(ten);
        List<String> candidates = List.of(LASTFM.catalog().get(1).id(), LASTFM.catalog().get(2).id());
        assertThat(model.score(longer, candidates)).containsExactly(model.score(ten, candidates));
    }

    @Test
    void badRequestsGetClearErrors() {
        OnnxSequenceModel model = REGISTRY.bundled("lastfm", "sasrec", LASTFM.catalog());
        List<String> candidates = List.of(LASTFM.catalog().get(1).id());
        assertThatThrownBy(() -> model.score(List.of(), candidates)).isInstanceOf(EmptyHistoryException.class)
                .hasMessageContaining("history is empty");
        assertThatThrownBy(() -> model.score(List.of("no-such-artist"), candidates))
                .isInstanceOf(UnknownItemException.class).hasMessageContaining("'no-such-artist'")
                .hasMessageContaining("vocabulary of model lastfm/sasrec");
        assertThatThrownBy(() -> model.score(List.of(LASTFM.catalog().get(1).id()), List.of()))
                .hasMessageContaining("No candidates");
    }

    @Test
    void aModelIsRefusedWhenTheCatalogLacksItsItems() {
        Dataset movielens = IMPORTER.load(KnownDataset.MOVIELENS);
        try (ModelRegistry registry = new ModelRegistry()) {
            assertThatThrownBy(() -> registry.bundled("lastfm", "sasrec", movielens.catalog()))
                    .isInstanceOf(ModelLoadException.class).hasMessageContaining("covers 4606 items")
                    .hasMessageContaining("not in the movielens catalog");
            ItemCatalog partial = ItemCatalog.of("lastfm", LASTFM.catalog().items().subList(0, 4000));
            assertThatThrownBy(() -> registry.bundled("lastfm", "sasrec", partial))
                    .isInstanceOf(ModelLoadException.class).hasMessageContaining("606 of them are not in");
            assertThatThrownBy(() -> registry.bundled("steam", "sasrec", LASTFM.catalog()))
                    .isInstanceOf(ModelLoadException.class).hasMessageContaining("No bundled model steam/sasrec");
        }
    }
}

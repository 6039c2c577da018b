package dev.afl.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afl.TestData;
import dev.afl.app.AgentFactory;
import dev.afl.app.ConfiguredLoopModels;
import dev.afl.data.Dataset;
import dev.afl.data.KnownDataset;
import dev.afl.data.ReferenceSplitImporter;
import dev.afl.data.Split;
import dev.afl.evaluation.EvaluationCase;
import dev.afl.evaluation.EvaluationProtocol;
import dev.afl.loop.FeedbackLoop;
import dev.afl.loop.RefinementRequest;
import dev.afl.memory.InMemoryMemoryStore;
import dev.afl.memory.RoundRecord;
import dev.afl.memory.Session;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The API serves Steam as refine does: the published LLaRA Steam SASRec, imported at its first use (or reused from
 * the cache under target/ that an earlier test filled), is the recommendation and the reward model.
 */
@QuarkusTest
@TestProfile(ApiProfile.class)
class SteamApiTest {

    @TestHTTPResource("/")
    URL root;
    @Inject
    ConfiguredLoopModels models;
    @Inject
    AgentFactory agents;

    @Test
    void aSteamRequestIsRefinedWithTheImportedModel() {
        Dataset steam = new ReferenceSplitImporter(TestData.location()).load(KnownDataset.STEAM);
        EvaluationCase c = EvaluationProtocol.PAPER.cases(steam, Split.TEST, 0).get(3);
        assertThat(models.serves("steam")).isTrue();
        Session expected = new FeedbackLoop(models, agents.recommendationAgent(), agents.userAgent(),
                new InMemoryMemoryStore()).run(new RefinementRequest("expected-steam", "steam",
                        c.history().stream().map(steam.catalog()::require).toList(),
                        c.candidates().stream().map(steam.catalog()::require).toList(), 4));
        String body = "{\"sessionId\": \"steam-" + c.row() + "\", \"dataset\": \"steam\", \"maxRounds\": 4,"
                + " \"history\": " + items(steam, c.history()) + ", \"candidates\": " + items(steam, c.candidates())
                + "}";

        JsonPath answer = RestAssured.given().baseUri(root.toString()).contentType("application/json").body(body)
                .post("/v1/refinements").then().statusCode(200).extract().jsonPath();

        assertThat(answer.getString("recommendationModel")).isEqualTo("steam/llara-sasrec");
        assertThat(answer.getString("status")).isEqualTo(expected.status().name());
        assertThat(answer.getString("finalItem.id")).isEqualTo(expected.finalItemId()).isIn(c.candidates());
        assertThat(answer.getList("transcript.item.id", String.class))
                .isNotEmpty()
                .containsExactlyElementsOf(expected.rounds().stream().map(RoundRecord::itemId).toList());
    }

    private static String items(Dataset dataset, List<String> ids) {
        return ids.stream().map(id -> "{\"id\": \"" + id + "\", \"title\": \"" + dataset.catalog().require(id).title()
                .replace("\\", "\\\\").replace("\"", "\\\"") + "\"}").collect(Collectors.joining(", ", "[", "]"));
    }
}

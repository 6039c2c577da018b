package dev.afl.api;

import static dev.afl.agent.llm.ScriptedChatServer.reply;
import static dev.afl.agent.llm.ScriptedChatServer.slowReply;
import static org.assertj.core.api.Assertions.assertThat;

import dev.afl.agent.llm.ScriptedChatServerAccess;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The watch page follows a session while it runs: with LLM agents answered slowly by the scripted chat server, the
 * first round is on the page while the session is still RUNNING and before the second is played, and the second
 * arrives on the same stream.
 */
@QuarkusTest
@TestProfile(LlmApiProfile.class)
class WatchPageLiveTest {

    /** How long each agent's call of the second round takes: the first round stays alone on the page twice as long. */
    private static final int SLOW_MILLIS = 1000;

    private static WatchPage page;

    @TestHTTPResource("/")
    URL root;

    @BeforeAll
    static void startBrowser() {
        page = WatchPage.startBrowser();
    }

    @AfterAll
    static void stopBrowser() {
        if (page != null) {
            page.close();
        }
    }

    @Test
    void roundsArriveWhileTheSessionRuns() {
        page.open(root);
        page.chooseDataset("lastfm");
        JsonPath listened = RestAssured.given().baseUri(root.toString()).queryParam("sample", 1)
                .queryParam("seed", 7).get("/v1/datasets/lastfm/items").then().statusCode(200).extract().jsonPath();
        page.searchAndAdd(listened.getString("items[0].title"), "Add to history");
        page.draw(5, 3);
        JsonPath drawn = RestAssured.given().baseUri(root.toString()).queryParam("sample", 5)
                .queryParam("seed", 3).queryParam("exclude", listened.getString("items[0].id"))
                .get("/v1/datasets/lastfm/items").then().statusCode(200).extract().jsonPath();
        List<String> titles = drawn.getList("items.title", String.class);
        warmUp(listened.getList("items"), drawn.getList("items"));
        ScriptedChatServerAccess.server().script(
                reply("Reason: close to what you play.\nItem: " + titles.get(0)),
                reply("Reason: not my taste.\nDecision: no"),
                slowReply("Reason: try this instead.\nItem: " + titles.get(1), SLOW_MILLIS),
                slowReply("Reason: yes, that one.\nDecision: yes", SLOW_MILLIS));

        page.start();

        List<WebElement> first = new WebDriverWait(page.browser, WatchPage.WAIT).pollingEvery(Duration.ofMillis(50))
                .until(b -> page.rounds().isEmpty() && !"true".equals(page.status().getAttribute("data-final"))
                        ? null : page.rounds());
        assertThat(first).as("the first round, shown before the second is played; the page shows: %s",
                page.status().getText()).hasSize(1);
        assertThat(page.status().getAttribute("data-status")).isEqualTo("RUNNING");
        assertThat(page.status().getAttribute("data-final")).isEqualTo("false");
        assertThat(page.status().getText()).contains("RUNNING · 1 of at most 4 rounds · llm agents");
        assertThat(WatchPage.text(first.getFirst(), "recommendation-reason")).isEqualTo("close to what you play.");
        assertThat(WatchPage.text(first.getFirst(), "decision")).isEqualTo("Rejected");
        page.screenshot("watch-page-running.png");

        assertThat(page.awaitFinalStatus()).isEqualTo("ACCEPTED");
        assertThat(page.rounds()).hasSize(2);
        assertThat(WatchPage.text(page.rounds().get(1), "proposal")).startsWith(titles.get(1));
        assertThat(WatchPage.text(page.rounds().get(1), "user-reason")).isEqualTo("yes, that one.");
        assertThat(page.chartRanks()).hasSize(2);
        assertThat(page.status().getText()).contains("llm agents").contains("answer: " + titles.get(1));
    }

    /**
     * One quick refinement first: the first LLM call of a fresh application loads its clients, which on a busy machine
     * comes near the profile's call deadline (2 s); the watched session's calls then take their scripted time.
     */
    @SuppressWarnings("unchecked")
    private void warmUp(List<Object> history, List<Object> candidates) {
        Map<String, Object> candidate = (Map<String, Object>) candidates.getFirst();
        ScriptedChatServerAccess.server().script(reply("Reason: warm-up.\nItem: " + candidate.get("title")),
                reply("Reason: fine.\nDecision: yes"));
        RestAssured.given().baseUri(root.toString()).contentType("application/json")
                .body(Map.of("dataset", "lastfm", "history", history, "candidates", candidates.subList(0, 2),
                        "maxRounds", 1))
                .post("/v1/refinements").then().statusCode(200);
    }
}

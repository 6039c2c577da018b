package dev.afl.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afl.evaluation.EvaluationCase;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The watch page ({@code /}, META-INF/resources) in a real browser (Debian's headless Chromium, {@link WatchPage})
 * against the application as {@code ./afl serve} runs it with the offline agents. A session built on the page from
 * the catalog is watched to its end, a request the server refuses is shown as its problem, and a stored session is
 * opened by id (and by its address); what the page shows is checked against what the API answers.
 */
@QuarkusTest
@TestProfile(ApiProfile.class)
class WatchPageTest {

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

    @BeforeEach
    void openThePage() {
        page.open(root);
    }

    private RequestSpecification api() {
        return RestAssured.given().baseUri(root.toString());
    }

    private static String title(String id) {
        return ApiTestCases.lastfm().catalog().require(id).title();
    }

    @Test
    void aSessionBuiltOnThePageIsWatchedRoundByRoundToItsEnd() {
        EvaluationCase c = ApiTestCases.cases().getFirst();
        page.chooseDataset("lastfm");
        for (String id : c.history().subList(c.history().size() - 3, c.history().size())) {
            page.searchAndAdd(title(id), "Add to history");
        }
        List<String> history = page.listedIds("history");
        assertThat(history).as("the history as built on the page").hasSize(3);
        page.draw(20, seedWithRounds(history, 2));
        assertThat(page.listedIds("candidates")).as("drawn candidates leave the history out")
                .doesNotContainAnyElementsOf(history);

        page.start();
        String status = page.awaitFinalStatus();
        String id = page.status().getAttribute("data-session-id");
        page.screenshot("watch-page.png");

        JsonPath session = api().get("/v1/sessions/" + id).then().statusCode(200).extract().jsonPath();
        assertThat(status).isEqualTo(session.getString("status"));
        assertThat(session.getInt("roundsPlayed")).as("a session that takes several rounds").isGreaterThanOrEqualTo(2);
        assertRoundsShownAsStored(id, 20);
    }

    @Test
    void aRequestTheServerRefusesIsShownAsItsProblem() {
        page.chooseDataset("lastfm");
        page.searchAndAdd(title(ApiTestCases.cases().getFirst().history().getLast()), "Add to history");
        page.draw(20, 1);
        page.setValue("session-id", "not a session id!");

        page.start();

        page.awaitProblem();
        assertThat(page.browser.findElement(By.id("problem-title")).getText()).isEqualTo("Invalid request");
        assertThat(page.browser.findElement(By.id("problem-detail")).getText()).contains("sessionId");
        assertThat(page.browser.findElements(By.cssSelector("#problem-errors li")).stream().map(WebElement::getText))
                .containsExactly("sessionId: " + SessionResource.ID_MESSAGE);
        assertThat(page.status().getAttribute("data-status")).as("no session is shown for a refused request")
                .isNull();
    }

    @Test
    void aStoredSessionIsOpenedById() {
        EvaluationCase c = ApiTestCases.cases().get(1);
        String id = "watch-page-stored-" + c.row();
        JsonPath stored = api().contentType("application/json").body(ApiTestCases.body(id, c, 4))
                .post("/v1/refinements").then().statusCode(200).extract().jsonPath();

        page.openSession(id);

        assertThat(page.awaitFinalStatus()).isEqualTo(stored.getString("status"));
        assertRoundsShownAsStored(id, null);

        assertThat(page.browser.getCurrentUrl()).as("the address names the session shown")
                .endsWith("#session=" + id);
        page.browser.navigate().refresh();
        page.awaitReady();
        assertThat(page.awaitFinalStatus()).as("a reload opens the session again")
                .isEqualTo(stored.getString("status"));
        assertRoundsShownAsStored(id, null);

        page.openSession("no-such-session");
        page.awaitProblem();
        String expected = api().get("/v1/sessions/no-such-session").then().statusCode(404).extract().jsonPath()
                .getString("detail");
        assertThat(page.problem()).contains(expected);
    }

    /** Every stored round is on the page, in order, with its proposal, reasons, reward rank and decision. */
    private void assertRoundsShownAsStored(String sessionId, Integer candidates) {
        List<Map<String, Object>> rounds = api().get("/v1/sessions/" + sessionId + "/rounds?limit=20").then()
                .statusCode(200).extract().jsonPath().getList("rounds");
        List<WebElement> shown = page.rounds();
        assertThat(shown).as("one entry per round").hasSize(rounds.size());
        for (int i = 0; i < rounds.size(); i++) {
            Map<String, Object> round = rounds.get(i);
            WebElement entry = shown.get(i);
            @SuppressWarnings("unchecked")
            Map<String, Object> item = (Map<String, Object>) round.get("item");
            boolean accepted = (Boolean) round.get("accepted");
            assertThat(entry.getAttribute("data-round")).isEqualTo(String.valueOf(round.get("round")));
            assertThat(WatchPage.text(entry, "proposal")).contains((String) item.get("title"))
                    .contains((String) item.get("id"));
            assertThat(WatchPage.text(entry, "recommendation-reason")).isEqualTo(round.get("recommendationReason"))
                    .isNotBlank();
            assertThat(WatchPage.text(entry, "reward-rank")).startsWith(round.get("rewardRank")
                    + (candidates == null ? " (score" : " of " + candidates + " (score"));
            assertThat(WatchPage.text(entry, "decision")).isEqualTo(accepted ? "Accepted" : "Rejected");
            assertThat(WatchPage.text(entry, "user-reason")).isEqualTo(round.get("userReason")).isNotBlank();
        }
        assertThat(page.chartRanks()).as("one point per round in the chart, at its reward rank")
                .isEqualTo(rounds.stream().map(r -> String.valueOf(r.get("rewardRank"))).toList());
    }

    /**
     * A sample seed whose 20 candidates take the offline agents at least {@code rounds} rounds with this history (asked
     * of the API itself, the way the page will draw them), so the page is watched over several rounds.
     */
    private int seedWithRounds(List<String> history, int rounds) {
        String historyJson = history.stream().map(id -> "{\"id\": \"" + id + "\"}")
                .collect(Collectors.joining(", ", "[", "]"));
        for (int seed = 1; seed <= 40; seed++) {
            List<String> candidates = api().queryParam("sample", 20).queryParam("seed", seed)
                    .queryParam("exclude", String.join(",", history)).get("/v1/datasets/lastfm/items").then()
                    .statusCode(200).extract().jsonPath().getList("items.id", String.class);
            String body = "{\"dataset\": \"lastfm\", \"history\": " + historyJson + ", \"candidates\": "
                    + candidates.stream().map(id -> "{\"id\": \"" + id + "\"}").collect(Collectors.joining(", ", "[",
                    "]")) + "}";
            int played = api().contentType("application/json").body(body).post("/v1/refinements").then()
                    .statusCode(200).extract().jsonPath().getInt("roundsPlayed");
            if (played >= rounds) {
                return seed;
            }
        }
        throw new AssertionError("no sample seed from 1 to 40 gives the offline agents " + rounds + " rounds with"
                + " this history: the bundled models changed; pick another history");
    }
}

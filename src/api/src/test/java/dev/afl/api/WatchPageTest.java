package dev.afl.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afl.evaluation.EvaluationCase;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The watch page ({@code /}, META-INF/resources) in a real browser: Debian's headless Chromium driven through
 * chromedriver, against the application as {@code ./afl serve} runs it with the offline agents. A session built on
 * the page from the catalog is watched to its end, a request the server refuses is shown as its problem, and a stored
 * session is opened by id (and by its address); what the page shows is checked against what the API answers.
 */
@QuarkusTest
@TestProfile(ApiProfile.class)
class WatchPageTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static WebDriver browser;

    @TestHTTPResource("/")
    URL root;

    @BeforeAll
    static void startBrowser() {
        for (Path tool : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(tool)) {
                throw new AssertionError(tool + " is missing: the watch page is tested in a real browser; install"
                        + " Debian's chromium and chromium-driver (apt-get install chromium chromium-driver, as .ci/run"
                        + " does)");
            }
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @BeforeEach
    void openThePage() {
        browser.get(root.toString());
        awaitReady();
        assertThat(problemShown()).as(() -> "the page loads without a problem, but shows: "
                + browser.findElement(By.id("problem")).getText()).isFalse();
    }

    private RequestSpecification api() {
        return RestAssured.given().baseUri(root.toString());
    }

    @Test
    void aSessionBuiltOnThePageIsWatchedRoundByRoundToItsEnd() {
        EvaluationCase c = ApiTestCases.cases().getFirst();
        List<String> historyTitles = c.history().subList(c.history().size() - 3, c.history().size()).stream()
                .map(id -> ApiTestCases.lastfm().catalog().require(id).title()).toList();
        new Select(browser.findElement(By.id("dataset"))).selectByValue("lastfm");
        for (String title : historyTitles) {
            searchAndAdd(title, "Add to history");
        }
        List<String> history = listedIds("history");
        assertThat(history).as("the history as built on the page").hasSize(3);
        int seed = seedWithRounds(history, 2);
        setValue("draw-seed", String.valueOf(seed));
        browser.findElement(By.id("draw")).click();
        new WebDriverWait(browser, WAIT).until(b -> listedIds("candidates").size() == 20);
        assertThat(listedIds("candidates")).as("drawn candidates leave the history out").doesNotContainAnyElementsOf(
                history);

        browser.findElement(By.id("start")).click();
        String status = awaitFinalStatus();
        String id = browser.findElement(By.id("session-status")).getAttribute("data-session-id");
        screenshot("watch-page.png");

        JsonPath session = api().get("/v1/sessions/" + id).then().statusCode(200).extract().jsonPath();
        assertThat(status).isEqualTo(session.getString("status"));
        JsonPath transcript = api().get("/v1/sessions/" + id + "/rounds?limit=20").then().statusCode(200).extract()
                .jsonPath();
        assertThat(session.getInt("roundsPlayed")).as("a session that takes several rounds").isGreaterThanOrEqualTo(2);
        assertRoundsShownAsStored(transcript, 20);
    }

    @Test
    void aRequestTheServerRefusesIsShownAsItsProblem() {
        new Select(browser.findElement(By.id("dataset"))).selectByValue("lastfm");
        EvaluationCase c = ApiTestCases.cases().getFirst();
        searchAndAdd(ApiTestCases.lastfm().catalog().require(c.history().getLast()).title(), "Add to history");
        browser.findElement(By.id("draw")).click();
        new WebDriverWait(browser, WAIT).until(b -> listedIds("candidates").size() == 20);
        setValue("session-id", "not a session id!");

        browser.findElement(By.id("start")).click();

        new WebDriverWait(browser, WAIT).until(b -> problemShown());
        assertThat(browser.findElement(By.id("problem-title")).getText()).isEqualTo("Invalid request");
        assertThat(browser.findElement(By.id("problem-detail")).getText()).contains("sessionId");
        assertThat(browser.findElements(By.cssSelector("#problem-errors li")).stream().map(WebElement::getText))
                .containsExactly("sessionId: " + SessionResource.ID_MESSAGE);
        assertThat(browser.findElement(By.id("session-status")).getAttribute("data-status"))
                .as("no session is shown for a refused request").isNull();
    }

    @Test
    void aStoredSessionIsOpenedById() {
        EvaluationCase c = ApiTestCases.cases().get(1);
        String id = "watch-page-stored-" + c.row();
        JsonPath stored = api().contentType("application/json").body(ApiTestCases.body(id, c, 4))
                .post("/v1/refinements").then().statusCode(200).extract().jsonPath();

        setValue("open-id", id);
        browser.findElement(By.id("open")).click();

        assertThat(awaitFinalStatus()).isEqualTo(stored.getString("status"));
        JsonPath transcript = api().get("/v1/sessions/" + id + "/rounds?limit=20").then().statusCode(200).extract()
                .jsonPath();
        assertRoundsShownAsStored(transcript, null);

        assertThat(browser.getCurrentUrl()).as("the address names the session shown").endsWith("#session=" + id);
        browser.navigate().refresh();
        awaitReady();
        assertThat(awaitFinalStatus()).as("a reload opens the session again").isEqualTo(stored.getString("status"));
        assertRoundsShownAsStored(transcript, null);

        setValue("open-id", "no-such-session");
        browser.findElement(By.id("open")).click();
        new WebDriverWait(browser, WAIT).until(b -> problemShown());
        String shown = browser.findElement(By.id("problem")).getText();
        String expected = api().get("/v1/sessions/no-such-session").then().statusCode(404).extract().jsonPath()
                .getString("detail");
        assertThat(shown).contains(expected);
    }

    /** Every stored round is on the page, in order, with its proposal, reasons, reward rank and decision. */
    private void assertRoundsShownAsStored(JsonPath transcript, Integer candidates) {
        List<Map<String, Object>> rounds = transcript.getList("rounds");
        List<WebElement> shown = browser.findElements(By.cssSelector("#rounds > li.round"));
        assertThat(shown).as("one entry per round").hasSize(rounds.size());
        for (int i = 0; i < rounds.size(); i++) {
            Map<String, Object> round = rounds.get(i);
            WebElement entry = shown.get(i);
            @SuppressWarnings("unchecked")
            Map<String, Object> item = (Map<String, Object>) round.get("item");
            boolean accepted = (Boolean) round.get("accepted");
            assertThat(entry.getAttribute("data-round")).isEqualTo(String.valueOf(round.get("round")));
            assertThat(text(entry, "proposal")).contains((String) item.get("title"))
                    .contains((String) item.get("id"));
            assertThat(text(entry, "recommendation-reason")).isEqualTo(round.get("recommendationReason"))
                    .isNotBlank();
            assertThat(text(entry, "reward-rank")).startsWith(round.get("rewardRank")
                    + (candidates == null ? " (score" : " of " + candidates + " (score"));
            assertThat(text(entry, "decision")).isEqualTo(accepted ? "Accepted" : "Rejected");
            assertThat(text(entry, "user-reason")).isEqualTo(round.get("userReason")).isNotBlank();
        }
        List<WebElement> points = browser.findElements(By.cssSelector("#chart circle.point"));
        assertThat(points).as("one point per round in the chart").hasSize(rounds.size());
        assertThat(points.stream().map(p -> p.getAttribute("data-rank")).toList())
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

    private void searchAndAdd(String title, String action) {
        setValue("search", title);
        browser.findElement(By.id("search")).sendKeys(Keys.ENTER); // the keyboard's way, as a person would
        // The results are replaced when the answer comes: an entry read as it goes is looked up again.
        WebElement match = new WebDriverWait(browser, WAIT).ignoring(StaleElementReferenceException.class)
                .until(b -> b.findElements(
                By.cssSelector("#search-results li[data-id]")).stream()
                .filter(li -> li.findElement(By.tagName("span")).getText().startsWith(title + " ("))
                .findFirst().orElse(null));
        match.findElements(By.tagName("button")).stream().filter(b -> b.getText().equals(action)).findFirst()
                .orElseThrow().click();
    }

    private List<String> listedIds(String list) {
        return browser.findElements(By.cssSelector("#" + list + " > li")).stream()
                .map(li -> li.getAttribute("data-id")).toList();
    }

    private void awaitReady() {
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready",
                "true"));
    }

    /** The session's status once the page has had the stream's last event. */
    private String awaitFinalStatus() {
        return new WebDriverWait(browser, WAIT).until(b -> {
            WebElement status = b.findElement(By.id("session-status"));
            return "true".equals(status.getAttribute("data-final")) ? status.getAttribute("data-status") : null;
        });
    }

    private boolean problemShown() {
        return browser.findElement(By.id("problem")).isDisplayed();
    }

    private void setValue(String field, String value) {
        WebElement input = browser.findElement(By.id(field));
        input.clear();
        input.sendKeys(value);
    }

    private static String text(WebElement round, String field) {
        return round.findElement(By.className(field)).getText();
    }

    /** The whole page as it stands, into target/ (the window made as tall as the page for it, then restored). */
    private static void screenshot(String name) {
        Dimension window = browser.manage().window().getSize();
        Number height = (Number) ((JavascriptExecutor) browser).executeScript(
                "window.scrollTo(0, 0); return document.documentElement.scrollHeight;");
        browser.manage().window().setSize(new Dimension(window.getWidth(), Math.max(window.getHeight(),
                height.intValue() + 120)));
        try {
            Files.createDirectories(Path.of("target"));
            Files.write(Path.of("target", name), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            browser.manage().window().setSize(window);
        }
    }
}

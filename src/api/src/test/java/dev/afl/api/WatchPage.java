package dev.afl.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
 * The watch page ({@code /}) in Debian's headless Chromium, driven through chromedriver: what a person does on it
 * (search, add, draw, start, open) and what it shows, by the page's element ids, for the browser tests.
 */
final class WatchPage implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Duration WAIT = Duration.ofSeconds(20);

    final WebDriver browser;

    private WatchPage(WebDriver browser) {
        this.browser = browser;
    }

    /** A headless Chromium; missing, it fails saying what to install (a browser test never skips). */
    static WatchPage startBrowser() {
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
        return new WatchPage(new ChromeDriver(service, options));
    }

    @Override
    public void close() {
        browser.quit();
    }

    /** Loads the page and waits until it has the datasets (and the session its address names, if any). */
    void open(URL root) {
        browser.get(root.toString());
        awaitReady();
        assertThat(problemShown()).as(() -> "the page loads without a problem, but shows: " + problem()).isFalse();
    }

    void awaitReady() {
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready",
                "true"));
    }

    void chooseDataset(String dataset) {
        new Select(browser.findElement(By.id("dataset"))).selectByValue(dataset);
    }

    /** Searches the catalog for a title (Enter, the keyboard's way) and presses {@code action} on its result. */
    void searchAndAdd(String title, String action) {
        setValue("search", title);
        browser.findElement(By.id("search")).sendKeys(Keys.ENTER);
        // The results are replaced when the answer comes: an entry read as it goes is looked up again.
        WebElement match = new WebDriverWait(browser, WAIT).ignoring(StaleElementReferenceException.class)
                .until(b -> b.findElements(By.cssSelector("#search-results li[data-id]")).stream()
                        .filter(li -> li.findElement(By.tagName("span")).getText().startsWith(title + " ("))
                        .findFirst().orElse(null));
        match.findElements(By.tagName("button")).stream().filter(b -> b.getText().equals(action)).findFirst()
                .orElseThrow().click();
    }

    /** Draws {@code count} candidates with this seed and waits for them. */
    void draw(int count, int seed) {
        setValue("draw-count", String.valueOf(count));
        setValue("draw-seed", String.valueOf(seed));
        browser.findElement(By.id("draw")).click();
        new WebDriverWait(browser, WAIT).until(b -> listedIds("candidates").size() == count);
    }

    /** The ids listed in the history or the candidates, in order. */
    List<String> listedIds(String list) {
        return browser.findElements(By.cssSelector("#" + list + " > li")).stream()
                .map(li -> li.getAttribute("data-id")).toList();
    }

    void start() {
        browser.findElement(By.id("start")).click();
    }

    void openSession(String id) {
        setValue("open-id", id);
        browser.findElement(By.id("open")).click();
    }

    /** The session's status once the page has had the stream's last event. */
    String awaitFinalStatus() {
        return new WebDriverWait(browser, WAIT).until(b -> {
            WebElement status = b.findElement(By.id("session-status"));
            return "true".equals(status.getAttribute("data-final")) ? status.getAttribute("data-status") : null;
        });
    }

    WebElement status() {
        return browser.findElement(By.id("session-status"));
    }

    /** The rounds shown, in order. */
    List<WebElement> rounds() {
        return browser.findElements(By.cssSelector("#rounds > li.round"));
    }

    /** The reward rank of each point of the chart, in order. */
    List<String> chartRanks() {
        return browser.findElements(By.cssSelector("#chart circle.point")).stream()
                .map(point -> point.getAttribute("data-rank")).toList();
    }

    static String text(WebElement round, String field) {
        return round.findElement(By.className(field)).getText();
    }

    boolean problemShown() {
        return browser.findElement(By.id("problem")).isDisplayed();
    }

    String problem() {
        return browser.findElement(By.id("problem")).getText();
    }

    void awaitProblem() {
        new WebDriverWait(browser, WAIT).until(b -> problemShown());
    }

    void setValue(String field, String value) {
        WebElement input = browser.findElement(By.id(field));
        input.clear();
        input.sendKeys(value);
    }

    /** The whole page as it stands, into target/ (the window made as tall as the page for it, then restored). */
    void screenshot(String name) {
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

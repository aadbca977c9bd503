package dev.orderplatform.stacktests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * order-svc's operator page ({@code GET /admin}) in the machine's headless Chromium, driven through ChromeDriver by
 * Selenium: what an operator clicks, in the words of the page. The system's browser and driver are used (Debian's
 * {@code chromium} and {@code chromium-driver}, which {@code .ci/run} installs); nothing is downloaded.
 */
final class OperatorPage implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private final ChromeDriver browser;
    private final WebDriverWait wait;
    private final Path screenshots;

    /** Whether this machine has the browser and its driver; where not, the page test says so and is skipped. */
    static boolean available() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    OperatorPage(String orderSvcUrl, Path screenshots) {
        this.screenshots = screenshots;
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile());
        Path profile = tempDirectory();
        // without the networking flags Chromium keeps trying Google's hosts, which this closed network refuses
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--window-size=1400,1000");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        this.browser = new ChromeDriver(service, options);
        this.browser.manage().window().setSize(new Dimension(1400, 1000));
        // the page re-renders its tables as answers arrive: a row read while it is replaced is simply read again
        this.wait = new WebDriverWait(browser, Duration.ofSeconds(60), Duration.ofMillis(200));
        this.wait.ignoring(StaleElementReferenceException.class);
        browser.get(orderSvcUrl + "/admin");
    }

    void useToken(String token) {
        type("token", token);
        click("use-token");
        wait.until(ExpectedConditions.textToBe(By.id("token-state"), "token set"));
    }

    /** Searches stragglers of one order, waiting until its row shows; returns the row's cells. */
    List<String> searchOrder(String orderId) {
        type("older-than", "PT0S");
        type("order-id", orderId);
        click("search");
        return wait.until(d -> table("stragglers").stream().filter(row -> row.size() > 1 && row.get(1).equals(orderId))
                .findFirst().orElse(null));
    }

    /** Starts a dry run and waits until it has finished; returns the run's status line. */
    String dryRun() {
        click("dry-run");
        return awaitRunFinished("dry run");
    }

    /** Runs what the last dry run reviewed and waits until it has finished. */
    String runForReal() {
        wait.until(ExpectedConditions.elementToBeClickable(By.id("real-run")));
        click("real-run");
        return awaitRunFinished("real run");
    }

    /** The items of the run on the page: per item its cells (#, straggler, found, action, evidence, result, detail). */
    List<List<String>> runItems() {
        return wait.until(d -> table("run-items"));
    }

    /** The audit log as the page shows it: per entry its cells (when, who, action, target, reason, result, detail). */
    List<List<String>> audit() {
        click("refresh-audit");
        return wait.until(d -> {
            List<List<String>> entries = table("audit");
            return entries.isEmpty() ? null : entries;
        });
    }

    String message() {
        return browser.findElement(By.id("message")).getText();
    }

    /**
     * Saves what the page looks like now, scrolled to the element {@code showing}, as {@code <name>.png} (the
     * pictures in docs/operating.md).
     */
    void screenshot(String name, String showing) {
        browser.executeScript("document.getElementById(arguments[0]).scrollIntoView({block: 'start'})", showing);
        try {
            Files.createDirectories(screenshots);
            Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(shot, screenshots.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        browser.quit();
    }

    private String awaitRunFinished(String kind) {
        wait.until(ExpectedConditions.textToBe(By.id("run-kind"), kind));
        wait.until(d -> !"RUNNING".equals(d.findElement(By.id("run-status")).getText())
                && !d.findElement(By.id("run-status")).getText().isEmpty());
        return browser.findElement(By.id("run")).getText();
    }

    private void type(String id, String text) {
        WebElement field = browser.findElement(By.id(id));
        field.clear();
        field.sendKeys(text);
    }

    private void click(String id) {
        browser.findElement(By.id(id)).click();
    }

    /** The cells of every row of a table; throws StaleElementReferenceException if it was re-rendered meanwhile. */
    private List<List<String>> table(String tableId) {
        return browser.findElements(By.cssSelector("#" + tableId + " tbody tr")).stream()
                .map(row -> row.findElements(By.tagName("td")).stream().map(WebElement::getText).toList())
                .toList();
    }

    private static Path tempDirectory() {
        try {
            return Files.createTempDirectory("chromium-profile");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

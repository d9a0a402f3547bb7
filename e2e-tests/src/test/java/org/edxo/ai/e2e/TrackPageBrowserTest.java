package org.edxo.ai.e2e;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.contracts.messages.TaskEvent;
import org.edxo.ai.contracts.messages.TaskEventType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * The track page ({@code GET /tasks/track/{task_id}}) in a real headless Chromium driven by Selenium, against
 * the whole system ({@link RunningSystem}) with a model slowed down to 40 tokens/s so that a task streams for
 * a few seconds: the page streams to completion, survives a reload mid-stream without duplicated text, and
 * shows markup coming from the model as text.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrackPageBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration TASK_TIMEOUT = Duration.ofSeconds(90);
    private static final String SIM_TOKENS_PER_SECOND = "40";

    private RunningSystem system;
    private WebDriver browser;
    private final HttpClient http = HttpClient.newHttpClient();
    private final SseClient sse = new SseClient();
    private JsonNode snapshot;

    @BeforeAll
    void start() throws Exception {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            fail("The browser test needs Debian's Chromium and ChromeDriver (" + CHROMIUM + ", " + CHROMEDRIVER
                    + "): run `apt-get install -y chromium chromium-driver` (`./edxo test` installs them when missing).");
        }
        snapshot = Json.tree(Files.readString(Path.of(System.getProperty("edxo.repo.root", ".."))
                .resolve("demo/analyse-plan-de-cours.json")));
        system = RunningSystem.start(Map.of("SIM_TOKENS_PER_SECOND", SIM_TOKENS_PER_SECOND));
        browser = startChromium();
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.quit(); // also stops chromedriver
        }
        if (system != null) {
            system.close();
        }
    }

    /** Local binaries only, so that Selenium Manager never tries to download a driver (verified-stack.md). */
    private static WebDriver startChromium() {
        ChromeDriverService driver = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1280,900", "--lang=fr-CA");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        return new ChromeDriver(driver, options);
    }

    // ---------------------------------------------------------------------------------------------

    @Test
    void thePageStreamsATaskToCompletionAndShowsTheResult() throws Exception {
        String token = coordoWithCredit("coordo-page-");
        String taskId = startAnalysis(token, 101);
        browser.get(trackUrl(taskId, token));
        assertThat(text("task-id")).isEqualTo(taskId);

        // Sample the page until the task ends: the streamed text must grow while the state is not final yet.
        List<String> samples = new ArrayList<>();
        List<Integer> lengthsBeforeEnd = new ArrayList<>();
        await().atMost(TASK_TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> {
            String state = state();
            int length = text("stream").length();
            samples.add(state + ":" + length);
            if (!isTerminal(state)) {
                lengthsBeforeEnd.add(length);
            }
            return isTerminal(state);
        });
        assertThat(state()).as(samples.toString()).isEqualTo("SUCCESS");
        assertThat(lengthsBeforeEnd.stream().filter(length -> length > 0).distinct().count())
                .as("distinct non-empty lengths of the streamed text before SUCCESS: %s", samples)
                .isGreaterThanOrEqualTo(2);

        JsonNode result = resultOf(taskId, token);
        assertPageShowsFinalOutputOf(taskId, token, result);
        assertThat(text("result-fields")).contains("compatibility_percentage", "recommendation_ameliore");
        assertThat(text("usage")).contains(result.get("usage").get("model").asString(),
                result.get("usage").get("input_tokens").asString(), result.get("usage").get("output_tokens").asString());
        WebElement link = browser.findElement(By.id("validation-link"));
        assertThat(link.isDisplayed()).isTrue();
        assertThat(link.getText()).isEqualTo("Aller à la validation");
        assertThat(link.getAttribute("href")).endsWith("/gestion_programme/?open=verify&plan_id=101");
        assertThat(browser.findElement(By.id("connection")).getAttribute("data-connection")).isEqualTo("finished");

        // The stop button of a finished task is disabled. Pressed anyway, it shows the server's answer (a no-op,
        // or a 404/405 while the cancel route is missing), never a script error.
        WebElement stop = browser.findElement(By.id("stop-button"));
        assertThat(stop.isEnabled()).isFalse();
        ((JavascriptExecutor) browser).executeScript("arguments[0].disabled = false", stop);
        stop.click();
        await().atMost(Duration.ofSeconds(10)).until(() -> !text("stop-answer").isEmpty()
                && !text("stop-answer").equals("Demande d’arrêt envoyée…"));
        assertNoScriptError();
    }

    @Test
    void aReloadMidStreamResumesWithoutDuplicatedText() throws Exception {
        String token = coordoWithCredit("coordo-reload-");
        String taskId = startAnalysis(token, 102);
        browser.get(trackUrl(taskId, token));

        await().atMost(TASK_TIMEOUT).pollInterval(Duration.ofMillis(50))
                .until(() -> text("stream").length() > 0 || isTerminal(state()));
        String stateBeforeReload = state();
        String partial = text("stream");
        assertThat(stateBeforeReload).as("the task must still be streaming when the page reloads").isEqualTo("PROGRESS");

        browser.navigate().refresh();
        // Right after the reload the page shows what it had, and reconnects after the last event it applied.
        long resumedFrom = Long.parseLong(browser.findElement(By.id("connection")).getAttribute("data-resumed-from"));
        assertThat(resumedFrom).isPositive();
        assertThat(text("stream")).startsWith(partial);

        await().atMost(TASK_TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> isTerminal(state()));
        assertThat(state()).isEqualTo("SUCCESS");
        JsonNode result = resultOf(taskId, token);
        String shown = assertPageShowsFinalOutputOf(taskId, token, result);
        assertThat(partial.length()).as("the reload happened before the whole text was shown").isLessThan(shown.length());

        // The page really resumed mid-stream: output events came after the one it resumed from.
        List<SseClient.Event> events = sse.readUntilDone(system.gateway() + "/tasks/events/" + taskId
                + "?access_token=" + token, TASK_TIMEOUT);
        long lastChunkId = events.stream().filter(TrackPageBrowserTest::isStreamChunk)
                .mapToLong(event -> Long.parseLong(event.id())).max().orElseThrow();
        assertThat(resumedFrom).isLessThan(lastChunkId);
        assertNoScriptError();
    }

    /**
     * Markup in every place the model or a document can put it (reasoning, streamed output, result fields, the
     * final message, a {@code javascript:} validation URL), published on the broker as a worker would: the page
     * must show it as text, create no element from it, and run none of it.
     */
    @Test
    void markupFromTheModelIsShownAsTextAndNeverRuns() throws Exception {
        String user = "campus-html-" + UUID.randomUUID();
        UUID taskId = UUID.randomUUID();
        String img = "<img src=x onerror=\"window.__pwned='img'\">";
        String script = "<script>window.__pwned='script'</script>";
        Map<String, Object> usage = Map.of("input_tokens", 10, "output_tokens", 20, "cost", 0.00035, "model", "gpt-5");
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("status", "success");
        result.put("plan_id", 7);
        result.put("compatibility_percentage", 50);
        result.put("recommendation_ameliore", img + "<b>gras</b>");
        result.put("recommendation_plan_cadre", script);
        result.put("usage", usage);
        result.put("validation_url", "javascript:window.__pwned='link'");
        publish(taskId,
                event(taskId, user, TaskEventType.STARTED, 1, TaskEvent.data(TaskEvent.MESSAGE, "Analyse démarrée")),
                event(taskId, user, TaskEventType.REASONING_DELTA, 2, TaskEvent.data(TaskEvent.DELTA, script)),
                event(taskId, user, TaskEventType.OUTPUT_DELTA, 3,
                        TaskEvent.data(TaskEvent.DELTA, "{\"recommendation_ameliore\": \"" + img.replace("\"", "\\\"") + "\"}")),
                event(taskId, user, TaskEventType.SUCCEEDED, 4,
                        TaskEvent.data(TaskEvent.MESSAGE, "<i>fini</i>", TaskEvent.RESULT, result)));

        String token = system.token(user, "coordo");
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            HttpResponse<String> status = get("/tasks/status/" + taskId, token);
            return status.statusCode() == 200 && Json.tree(status.body()).get("state").asString().equals("SUCCESS");
        });
        browser.get(trackUrl(taskId.toString(), token));
        await().atMost(Duration.ofSeconds(20)).until(() -> isTerminal(state()));

        assertThat(text("stream")).contains("<img src=x onerror=");
        assertThat(text("result-fields")).contains(img + "<b>gras</b>", script);
        assertThat(text("task-message")).isEqualTo("<i>fini</i>");
        JavascriptExecutor js = (JavascriptExecutor) browser;
        assertThat(js.executeScript("return document.querySelectorAll('main img, main script, main b, main i').length"))
                .isEqualTo(0L);
        assertThat(js.executeScript("return typeof window.__pwned")).isEqualTo("undefined");
        WebElement link = browser.findElement(By.id("validation-link"));
        assertThat(link.isDisplayed()).isFalse();
        assertThat(link.getAttribute("href")).isNull();
        assertNoScriptError();
    }

    // ---------------------------------------------------------------------------------------------

    /** The page's streamed text is exactly the model's output, byte for byte: the concatenation of every chunk. */
    private String assertPageShowsFinalOutputOf(String taskId, String token, JsonNode result) throws Exception {
        String shown = text("stream");
        List<SseClient.Event> events = sse.readUntilDone(system.gateway() + "/tasks/events/" + taskId
                + "?access_token=" + token, TASK_TIMEOUT);
        StringBuilder modelOutput = new StringBuilder();
        events.stream().filter(TrackPageBrowserTest::isStreamChunk)
                .forEach(event -> modelOutput.append(Json.tree(event.data()).get("meta").get("stream_chunk").asString()));
        assertThat(shown).isEqualTo(modelOutput.toString());
        JsonNode output = Json.tree(shown); // one JSON document: a duplicated chunk would break it or change a field
        for (String field : List.of("compatibility_percentage", "recommendation_ameliore", "recommendation_plan_cadre")) {
            assertThat(output.get(field).equals(SAME_NUMBER_OR_EQUAL, result.get(field)))
                    .as("%s: %s vs %s", field, output.get(field), result.get(field)).isTrue();
        }
        JsonNode shownResult = Json.tree(text("result-json"));
        assertThat(shownResult.equals(SAME_NUMBER_OR_EQUAL, result)).as("%s vs %s", shownResult, result).isTrue();
        return shown;
    }

    /** JavaScript prints 94.0 as 94: numbers are compared by value. */
    private static final Comparator<JsonNode> SAME_NUMBER_OR_EQUAL = (a, b) ->
            a.isNumber() && b != null && b.isNumber() ? a.decimalValue().compareTo(b.decimalValue()) : (a.equals(b) ? 0 : 1);

    private static boolean isStreamChunk(SseClient.Event event) {
        return event.name().equals("progress") && Json.tree(event.data()).path("meta").has("stream_chunk");
    }

    /** Uncaught exceptions and CSP violations are logged as browser console errors. */
    private void assertNoScriptError() {
        List<String> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .filter(message -> message.contains("Uncaught") || message.contains("Content Security Policy")
                        || message.contains("Refused"))
                .toList();
        assertThat(errors).isEmpty();
    }

    private String trackUrl(String taskId, String token) {
        return system.gateway() + "/tasks/track/" + taskId + "?access_token=" + token;
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getAttribute("textContent");
    }

    private String state() {
        return browser.findElement(By.id("task-state")).getAttribute("data-state");
    }

    private static boolean isTerminal(String state) {
        return List.of("SUCCESS", "FAILURE", "REVOKED").contains(state);
    }

    /** The stored result; the live relay may show {@code done} to the page a moment before the row is written. */
    private JsonNode resultOf(String taskId, String token) {
        AtomicReference<JsonNode> result = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            HttpResponse<String> status = get("/tasks/status/" + taskId, token);
            assertThat(status.statusCode()).as(status.body()).isEqualTo(200);
            JsonNode body = Json.tree(status.body());
            assertThat(body.get("state").asString()).isEqualTo("SUCCESS");
            result.set(body.get("result"));
        });
        return result.get();
    }

    /** A new coordinator with credit (a start without credit is refused). */
    private String coordoWithCredit(String prefix) throws Exception {
        String user = prefix + UUID.randomUUID();
        HttpResponse<String> topUp = http.send(HttpRequest.newBuilder(
                        URI.create(system.gateway() + "/api/v1/billing/accounts/" + user + "/top-ups"))
                .header("Authorization", "Bearer " + system.token("admin-track", "admin"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"amount\":\"10.00\",\"reason\":\"Crédits de départ\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(topUp.statusCode()).as(topUp.body()).isEqualTo(201);
        return system.token(user, "coordo");
    }

    private String startAnalysis(String token, int planId) throws Exception {
        HttpResponse<String> started = http.send(HttpRequest.newBuilder(
                        URI.create(system.gateway() + "/gestion_programme/analyse_plan_de_cours/" + planId + "/start"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(snapshot.toString())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        return Json.tree(started.body()).get("task_id").asString();
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(system.gateway() + path))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static TaskEvent event(UUID taskId, String user, TaskEventType type, long seq, Map<String, Object> data) {
        return new TaskEvent(UUID.randomUUID(), type, taskId, "analyse_plan_de_cours", user, seq, Instant.now(),
                TaskEvent.SCHEMA_VERSION, null, data);
    }

    private void publish(UUID taskId, TaskEvent... events) throws Exception {
        try (Connection connection = system.rabbit(); Channel channel = connection.createChannel()) {
            channel.confirmSelect();
            for (TaskEvent event : events) {
                AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().contentType("application/json")
                        .deliveryMode(2).headers(Map.of("edxo_type", event.type().wireName(),
                                "edxo_task_id", taskId.toString(), "edxo_kind", event.kind())).build();
                channel.basicPublish(system.brokerPrefix + "edxo.task.events", event.routingKey(), properties, Json.write(event));
            }
            channel.waitForConfirmsOrDie(5_000);
        }
    }
}

package org.edxo.ai.simulator;

import org.edxo.ai.contracts.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code SIM_OUTPUT_TOKENS} and {@code SIM_STAMP_DELTAS}: what {@code ./edxo bench} relies on. */
class BenchmarkOptionsTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private ResponsesSimulator simulator;

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void outputComesAsTheRequestedNumberOfDeltasEachStampedUnderTheTaskId() throws Exception {
        simulator = ResponsesSimulator.start(SimulatorConfig.fast().withOutputTokens(300).withStampDeltas(true));
        String body = WireProtocolTest.STREAM_BODY.replace("\"job_id\":\"job-1\"", "\"task_id\":\"task-7\"");

        StringBuilder output = new StringBuilder();
        int deltas = 0;
        String completedText = null;
        for (WireProtocolTest.SseEvent event : WireProtocolTest.readEvents(post(body).body())) {
            JsonNode data = Json.tree(event.data());
            if (event.name().equals("response.output_text.delta")) {
                output.append(data.get("delta").stringValue());
                deltas++;
            } else if (event.name().equals("response.output_text.done")) {
                completedText = data.get("text").stringValue();
            }
        }
        assertThat(deltas).isEqualTo(300);
        assertThat(output.toString()).isEqualTo(completedText);
        // Padding is trailing whitespace: still one JSON document with the schema's keys.
        assertThat(Json.tree(output.toString()).has("answer")).isTrue();

        JsonNode stamps = Json.tree(http.send(HttpRequest.newBuilder(uri("/sim/stamps")).build(),
                HttpResponse.BodyHandlers.ofString()).body()).get("task-7");
        assertThat(stamps.size()).isEqualTo(300);
        long previousEnd = 0;
        long previousMicros = 0;
        for (JsonNode row : stamps) {
            assertThat(row.get(0).asLong()).isGreaterThan(previousEnd);
            assertThat(row.get(1).asLong()).isGreaterThanOrEqualTo(previousMicros);
            previousEnd = row.get(0).asLong();
            previousMicros = row.get(1).asLong();
        }
        assertThat(previousEnd).isEqualTo(output.length());

        assertThat(http.send(HttpRequest.newBuilder(uri("/sim/stamps")).DELETE().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(204);
        assertThat(http.send(HttpRequest.newBuilder(uri("/sim/stamps")).build(), HttpResponse.BodyHandlers.ofString()).body())
                .isEqualTo("{}");
    }

    @Test
    void offByDefault() throws Exception {
        simulator = ResponsesSimulator.start(SimulatorConfig.fast());
        WireProtocolTest.readEvents(post(WireProtocolTest.STREAM_BODY).body());
        assertThat(http.send(HttpRequest.newBuilder(uri("/sim/stamps")).build(), HttpResponse.BodyHandlers.ofString()).body())
                .isEqualTo("{}");
        assertThat(SimulatorConfig.fromEnvironment(Map.of("SIM_OUTPUT_TOKENS", "500", "SIM_STAMP_DELTAS", "true")))
                .satisfies(config -> {
                    assertThat(config.outputTokens()).isEqualTo(500);
                    assertThat(config.stampDeltas()).isTrue();
                });
    }

    private HttpResponse<InputStream> post(String body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri("/v1/responses"))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer sim")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + simulator.port() + path);
    }
}

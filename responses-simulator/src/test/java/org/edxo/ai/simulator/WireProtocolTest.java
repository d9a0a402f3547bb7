package org.edxo.ai.simulator;

import org.edxo.ai.contracts.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The bytes on the wire, read without the SDK: SSE framing, error bodies and the /sim routes. */
class WireProtocolTest {

    static final String STREAM_BODY = """
            {"model":"gpt-5-mini","instructions":"Réponds en JSON.","input":[{"type":"message","role":"user","content":"Bonjour"}],
             "reasoning":{"effort":"low","summary":"detailed"},"metadata":{"job_id":"job-1"},"max_output_tokens":2048,
             "text":{"format":{"type":"json_schema","name":"answer","strict":true,
               "schema":{"type":"object","properties":{"answer":{"type":"string"},"confidence":{"type":"number"}},
                         "required":["answer","confidence"],"additionalProperties":false}},"verbosity":"low"},
             "stream":true}""";

    static ResponsesSimulator simulator;
    static HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        simulator = ResponsesSimulator.start(SimulatorConfig.fast());
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @AfterEach
    void reset() {
        simulator.clearFaults();
        simulator.clearRequests();
        simulator.clearFiles();
    }

    record SseEvent(String name, String data) {
    }

    @Test
    void streamFramingMatchesTheOpenAiTranscript() throws Exception {
        HttpResponse<InputStream> response = post("/v1/responses", STREAM_BODY, true);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
        assertThat(response.headers().firstValue("x-request-id")).hasValueSatisfying(v -> assertThat(v).startsWith("req_"));

        List<SseEvent> events = readEvents(response.body());
        List<String> types = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            JsonNode data = Json.tree(events.get(i).data());
            assertThat(data.get("type").stringValue()).isEqualTo(events.get(i).name());
            assertThat(data.get("sequence_number").asInt()).isEqualTo(i);
            assertThat(data.has("error")).as("top-level error key on %s", events.get(i).name()).isFalse();
            if (events.get(i).name().equals("response.output_text.delta")) {
                assertThat(data.get("logprobs").isArray()).isTrue();
            }
            types.add(events.get(i).name());
        }
        assertThat(types.subList(0, 4)).containsExactly("response.created", "response.in_progress",
                "response.output_item.added", "response.reasoning_summary_part.added");
        assertThat(types.subList(types.size() - 4, types.size())).containsExactly("response.output_text.done",
                "response.content_part.done", "response.output_item.done", "response.completed");
        assertThat(types.indexOf("response.reasoning_summary_text.delta")).isLessThan(types.indexOf("response.output_text.delta"));

        JsonNode completed = Json.tree(events.get(events.size() - 1).data()).get("response");
        assertThat(completed.get("status").stringValue()).isEqualTo("completed");
        assertThat(completed.get("instructions").stringValue()).isEqualTo("Réponds en JSON.");
        assertThat(completed.get("metadata").get("job_id").stringValue()).isEqualTo("job-1");
        assertThat(completed.get("reasoning").get("summary").stringValue()).isEqualTo("detailed");
        assertThat(completed.get("text").get("format").get("name").stringValue()).isEqualTo("answer");
        assertThat(completed.get("max_output_tokens").asInt()).isEqualTo(2048);
        JsonNode usage = completed.get("usage");
        assertThat(usage.get("input_tokens_details").has("cache_write_tokens")).isTrue();
        // "Réponds en JSON." + "Bonjour" = 23 characters → 6 tokens.
        assertThat(usage.get("input_tokens").asInt()).isEqualTo(6);
        JsonNode answer = Json.tree(completed.get("output").get(1).get("content").get(0).get("text").stringValue());
        assertThat(answer.get("answer").isString()).isTrue();
        assertThat(answer.get("confidence").isNumber()).isTrue();
    }

    @Test
    void missingAuthorizationGives401InOpenAiShape() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/v1/responses"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(401);
        JsonNode error = Json.tree(response.body()).get("error");
        assertThat(error.get("type").stringValue()).isEqualTo("invalid_request_error");
        assertThat(error.has("param")).isTrue();
        assertThat(response.headers().firstValue("x-request-id")).isPresent();
    }

    @Test
    void invalidJsonOrUnusableSchemaGive400() throws Exception {
        assertThat(post("/v1/responses", "{not json", false).statusCode()).isEqualTo(400);

        HttpResponse<InputStream> badSchema = post("/v1/responses", """
                {"model":"m","input":"x","text":{"format":{"type":"json_schema","name":"x",
                 "schema":{"type":"object","properties":{"a":{"$ref":"#/$defs/none"}}}}}}""", false);
        assertThat(badSchema.statusCode()).isEqualTo(400);
        assertThat(Json.tree(badSchema.body().readAllBytes()).get("error").get("code").stringValue()).isEqualTo("invalid_json_schema");
    }

    @Test
    void faultsCanBeQueuedAndClearedOverHttp() throws Exception {
        HttpResponse<String> queued = send("POST", "/sim/faults", "{\"type\":\"rate_limit\",\"count\":2,\"retry_after_seconds\":0.5}");
        assertThat(queued.statusCode()).isEqualTo(201);
        assertThat(Json.tree(queued.body()).get("count").asInt()).isEqualTo(2);
        assertThat(send("POST", "/sim/faults", "{\"type\":\"bogus\"}").statusCode()).isEqualTo(400);

        HttpResponse<InputStream> limited = post("/v1/responses", "{\"model\":\"m\",\"input\":\"x\"}", false);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("retry-after")).contains("0.5");
        assertThat(Json.tree(limited.body().readAllBytes()).get("error").get("code").stringValue()).isEqualTo("rate_limit_exceeded");

        assertThat(send("DELETE", "/sim/faults", null).statusCode()).isEqualTo(204);
        assertThat(post("/v1/responses", "{\"model\":\"m\",\"input\":\"x\"}", false).statusCode()).isEqualTo(200);
    }

    @Test
    void recordedRequestsStatsAndHealthOverHttp() throws Exception {
        Stats before = simulator.stats();
        readEvents(post("/v1/responses", STREAM_BODY, true).body());

        JsonNode requests = Json.tree(send("GET", "/sim/requests", null).body());
        assertThat(requests).hasSize(1);
        assertThat(requests.get(0).get("instructions").stringValue()).isEqualTo("Réponds en JSON.");
        assertThat(simulator.requests().get(0).header("Authorization")).contains("Bearer sim");

        JsonNode stats = Json.tree(send("GET", "/sim/stats", null).body());
        assertThat(stats.get("requests").asLong()).isEqualTo(before.requests() + 1);
        assertThat(stats.get("streams_started").asLong()).isEqualTo(before.streamsStarted() + 1);
        assertThat(stats.get("streams_completed").asLong()).isEqualTo(before.streamsCompleted() + 1);
        assertThat(stats.has("client_disconnects")).isTrue();

        assertThat(send("DELETE", "/sim/requests", null).statusCode()).isEqualTo(204);
        assertThat(simulator.requests()).isEmpty();
        assertThat(Json.tree(send("GET", "/health", null).body()).get("status").stringValue()).isEqualTo("UP");
    }

    @Test
    void recordedRequestsAreBoundedToTheLastThousand() throws Exception {
        for (int i = 0; i < 1005; i++) {
            simulator.enqueueFault(Fault.serverError());
        }
        for (int i = 0; i < 1005; i++) {
            post("/v1/responses", "{\"model\":\"m\",\"input\":\"" + i + "\"}", false).body().close();
        }
        List<RecordedRequest> requests = simulator.requests();
        assertThat(requests).hasSize(1000);
        assertThat(requests.get(999).body().get("input").stringValue()).isEqualTo("1004");
    }

    @Test
    void malformedFaultSendsInvalidJsonAfterTheGivenEvents() throws Exception {
        simulator.enqueueFault(Fault.of(Fault.Type.MALFORMED).withAfterEvents(3));

        List<SseEvent> events = readEvents(post("/v1/responses", STREAM_BODY, true).body());

        assertThat(events).hasSize(4);
        assertThat(events.subList(0, 3)).allSatisfy(event -> Json.tree(event.data()));
        assertThat(events.get(3).data()).doesNotEndWith("}");
    }

    @Test
    void dropDeltaLeavesOutTheFirstOutputDeltaButNotTheWholeText() throws Exception {
        List<String> normal = outputDeltas(readEvents(post("/v1/responses", STREAM_BODY, true).body()));
        simulator.enqueueFault(Fault.of(Fault.Type.DROP_DELTA));

        List<SseEvent> events = readEvents(post("/v1/responses", STREAM_BODY, true).body());

        assertThat(outputDeltas(events)).isEqualTo(normal.subList(1, normal.size()));
        JsonNode done = Json.tree(events.stream().filter(event -> event.name().equals("response.output_text.done"))
                .findFirst().orElseThrow().data());
        assertThat(done.get("text").stringValue()).isEqualTo(String.join("", normal));
    }

    private static List<String> outputDeltas(List<SseEvent> events) {
        return events.stream().filter(event -> event.name().equals("response.output_text.delta"))
                .map(event -> Json.tree(event.data()).get("delta").stringValue()).toList();
    }

    @Test
    void slowFirstTokenDelaysTheFirstDelta() throws Exception {
        simulator.enqueueFault(Fault.slowFirstToken(400));
        long start = System.nanoTime();
        HttpResponse<InputStream> response = post("/v1/responses", STREAM_BODY, true);
        long firstDeltaMs = -1;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.contains(".delta")) {
                    firstDeltaMs = (System.nanoTime() - start) / 1_000_000;
                    break;
                }
            }
        }
        assertThat(firstDeltaMs).isGreaterThanOrEqualTo(400);
    }

    @Test
    void plainTextWhenNoFormatAndIdenticalAnswersForIdenticalRequests() throws Exception {
        String body = "{\"model\":\"m\",\"input\":\"Bonjour\"}";
        JsonNode first = Json.tree(post("/v1/responses", body, false).body().readAllBytes());
        JsonNode second = Json.tree(post("/v1/responses", body, false).body().readAllBytes());

        String text = first.get("output").get(0).get("content").get(0).get("text").stringValue();
        assertThat(text).contains(" ").doesNotStartWith("{");
        assertThat(second.get("output").get(0).get("content").get(0).get("text").stringValue()).isEqualTo(text);
        assertThat(second.get("id").stringValue()).isNotEqualTo(first.get("id").stringValue());
        assertThat(first.get("reasoning").has("effort")).isTrue();
        assertThat(first.get("usage").get("output_tokens_details").get("reasoning_tokens").asInt()).isZero();
    }

    @Test
    void configFromEnvironmentHasTheDocumentedDefaults() {
        SimulatorConfig defaults = SimulatorConfig.fromEnvironment(Map.of());
        assertThat(defaults.port()).isEqualTo(8090);
        assertThat(defaults.tokensPerSecond()).isEqualTo(50);
        assertThat(defaults.firstTokenDelayMs()).isEqualTo(300);
        assertThat(defaults.chunkChars()).isEqualTo(4);

        SimulatorConfig custom = SimulatorConfig.fromEnvironment(Map.of("SIM_PORT", "0", "SIM_TOKENS_PER_SECOND", "500",
                "SIM_FIRST_TOKEN_DELAY_MS", "10", "SIM_SEED", "7"));
        assertThat(custom).isEqualTo(new SimulatorConfig("0.0.0.0", 0, 500, 4, 10, 7));
    }

    @Test
    void filesApiOverHttpWithSimRoutesAndOpenAiErrorShapes() throws Exception {
        byte[] content = "PK\u0003\u0004 pas vraiment un docx".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> created = upload("user_data", "plan.docx", content);
        assertThat(created.statusCode()).isEqualTo(200);
        JsonNode file = Json.tree(created.body());
        String id = file.get("id").stringValue();
        assertThat(file.get("object").stringValue()).isEqualTo("file");
        assertThat(file.get("filename").stringValue()).isEqualTo("plan.docx");
        assertThat(file.get("purpose").stringValue()).isEqualTo("user_data");
        assertThat(file.get("bytes").asInt()).isEqualTo(content.length);
        assertThat(file.get("created_at").isNumber()).isTrue();
        assertThat(file.get("status").stringValue()).isEqualTo("processed");

        JsonNode listed = Json.tree(send("GET", "/sim/files", null).body());
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("id").stringValue()).isEqualTo(id);
        assertThat(Json.tree(authorized("GET", "/v1/files/" + id).body()).get("id").stringValue()).isEqualTo(id);

        HttpResponse<String> deleted = authorized("DELETE", "/v1/files/" + id);
        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(Json.tree(deleted.body()).get("deleted").asBoolean()).isTrue();
        assertThat(Json.tree(send("GET", "/sim/files", null).body())).isEmpty();

        for (String method : List.of("GET", "DELETE")) {
            HttpResponse<String> missing = authorized(method, "/v1/files/" + id);
            assertThat(missing.statusCode()).isEqualTo(404);
            JsonNode error = Json.tree(missing.body()).get("error");
            assertThat(error.get("message").stringValue()).isEqualTo("No such File object: " + id);
            assertThat(error.get("type").stringValue()).isEqualTo("invalid_request_error");
        }

        assertThat(upload(null, "a.pdf", new byte[] {1}).statusCode()).isEqualTo(400);
        HttpResponse<String> badPurpose = upload("responses", "a.pdf", new byte[] {1});
        assertThat(badPurpose.statusCode()).isEqualTo(400);
        assertThat(Json.tree(badPurpose.body()).get("error").get("param").stringValue()).isEqualTo("purpose");

        upload("user_data", "b.pdf", new byte[] {2});
        assertThat(send("DELETE", "/sim/files", null).statusCode()).isEqualTo(204);
        assertThat(simulator.files()).isEmpty();
    }

    @Test
    void fileFaultsQueuedOverHttpAndInvalidFileDataRefused() throws Exception {
        assertThat(send("POST", "/sim/faults", "{\"type\":\"server_error\",\"target\":\"files.create\"}").statusCode()).isEqualTo(201);
        assertThat(send("POST", "/sim/faults", "{\"type\":\"stall\",\"target\":\"files.delete\"}").statusCode()).isEqualTo(400);
        assertThat(send("POST", "/sim/faults", "{\"type\":\"server_error\",\"target\":\"nowhere\"}").statusCode()).isEqualTo(400);

        assertThat(upload("user_data", "a.pdf", new byte[] {1}).statusCode()).isEqualTo(500);
        assertThat(upload("user_data", "a.pdf", new byte[] {1}).statusCode()).isEqualTo(200);
        // The file fault did not touch the responses queue.
        assertThat(post("/v1/responses", "{\"model\":\"m\",\"input\":\"x\"}", false).statusCode()).isEqualTo(200);

        HttpResponse<InputStream> badData = post("/v1/responses", """
                {"model":"m","input":[{"role":"user","content":[{"type":"input_text","text":"x"},
                 {"type":"input_file","filename":"a.pdf","file_data":"data:application/pdf;base64,@@@"}]}]}""", false);
        assertThat(badData.statusCode()).isEqualTo(400);
        assertThat(Json.tree(badData.body().readAllBytes()).get("error").get("param").stringValue())
                .isEqualTo("input[0].content[1].file_data");
        HttpResponse<InputStream> noSource = post("/v1/responses", """
                {"model":"m","input":[{"role":"user","content":[{"type":"input_file"}]}]}""", false);
        assertThat(noSource.statusCode()).isEqualTo(400);
        assertThat(Json.tree(noSource.body().readAllBytes()).get("error").get("code").stringValue())
                .isEqualTo("missing_required_parameter");
    }

    @Test
    void requestsSentOnOneKeepAliveConnectionBeforeTheLastOneEndedAreAllAnswered() throws Exception {
        // Reactor Netty 1.3.6 stopped reading such a connection once it had answered at once a request that arrived
        // before the previous one ended (reactor-netty#4361): the next request on it waited forever. That was the
        // "loopback stall" our tests met now and then, between any two of our services.
        byte[] body = STREAM_BODY.getBytes(StandardCharsets.UTF_8);
        String generation = "POST /v1/responses HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer sim\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n"
                + new String(body, StandardCharsets.ISO_8859_1);
        String request = "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
        for (int connection = 0; connection < 10; connection++) {
            try (Socket socket = new Socket("127.0.0.1", simulator.port())) {
                socket.setSoTimeout(5_000);
                OutputStream out = socket.getOutputStream();
                InputStream in = socket.getInputStream();
                // The health check waits for the stream to end, then is answered at once.
                out.write((generation + request).getBytes(StandardCharsets.ISO_8859_1));
                assertThat(readStatuses(in, 2)).as("connection %d: two pipelined requests", connection)
                        .containsExactly(200, 200);
                out.write(request.getBytes(StandardCharsets.US_ASCII));
                assertThat(readStatuses(in, 1)).as("connection %d: the request after them", connection)
                        .containsExactly(200);
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    static HttpResponse<String> authorized(String method, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer sim")
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** {@code POST /v1/files} as multipart/form-data; {@code purpose} null leaves the field out. */
    static HttpResponse<String> upload(String purpose, String filename, byte[] content) throws Exception {
        String boundary = "----edxo" + System.nanoTime();
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        if (purpose != null) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\n" + purpose + "\r\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return http.send(HttpRequest.newBuilder(uri("/v1/files")).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer sim")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The status codes of the next {@code count} responses on {@code in}, fewer if it stays quiet for its timeout. */
    static List<Integer> readStatuses(InputStream in, int count) throws IOException {
        StringBuilder seen = new StringBuilder();
        List<Integer> statuses = new ArrayList<>();
        byte[] buffer = new byte[8192];
        try {
            for (int read; statuses.size() < count && (read = in.read(buffer)) >= 0; ) {
                seen.append(new String(buffer, 0, read, StandardCharsets.US_ASCII));
                statuses.clear();
                for (int at = seen.indexOf("HTTP/1.1 "); at >= 0; at = seen.indexOf("HTTP/1.1 ", at + 1)) {
                    statuses.add(Integer.parseInt(seen.substring(at + 9, at + 12)));
                }
            }
        } catch (SocketTimeoutException quiet) {
            // what arrived is the answer
        }
        return statuses;
    }

    static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + simulator.port() + path);
    }

    static HttpResponse<InputStream> post(String path, String body, boolean stream) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer sim")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (stream) {
            request.header("Accept", "text/event-stream");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    static HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri(path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    static List<SseEvent> readEvents(InputStream body) throws Exception {
        List<SseEvent> events = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String name = null;
            StringBuilder data = new StringBuilder();
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("event: ")) {
                    name = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data.append(line.substring(6));
                } else if (line.isEmpty() && name != null) {
                    events.add(new SseEvent(name, data.toString()));
                    name = null;
                    data.setLength(0);
                }
            }
        }
        return events;
    }
}

package org.edxo.ai.simulator;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaderNames;
import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.simulator.protocol.OpenAiErrors;
import org.edxo.ai.simulator.protocol.ResponsePlan;
import org.edxo.ai.simulator.protocol.ResponseScript;
import org.edxo.ai.simulator.protocol.ResponseScript.Step;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A local OpenAI Responses API ({@code POST /v1/responses}, streaming and not) on Reactor Netty, with
 * faults on demand and a few {@code /sim/*} routes for tests. Streams are paced by shared timers on
 * Reactor's parallel scheduler; no thread is held per stream.
 */
public final class ResponsesSimulator implements AutoCloseable {

    private static final int MAX_RECORDED = 1000;
    /** Below one millisecond per token, several deltas are sent per timer tick instead. */
    private static final long MIN_TICK_NANOS = 1_000_000L;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final SimulatorConfig config;
    private final FaultQueue faults = new FaultQueue();
    private final Deque<RecordedRequest> recorded = new ArrayDeque<>();
    private final AtomicLong requestCount = new AtomicLong();
    private final AtomicLong streamsStarted = new AtomicLong();
    private final AtomicLong streamsCompleted = new AtomicLong();
    private final AtomicLong clientDisconnects = new AtomicLong();
    private final DeltaStamps stamps = new DeltaStamps();
    private final DisposableServer server;

    private ResponsesSimulator(SimulatorConfig config) {
        this.config = config;
        this.server = HttpServer.create()
                .host(config.host())
                .port(config.port())
                .route(routes -> routes
                        .post("/v1/responses", this::createResponse)
                        .post("/sim/faults", this::addFault)
                        .delete("/sim/faults", (request, response) -> {
                            faults.clear();
                            return noContent(response);
                        })
                        .get("/sim/requests", (request, response) -> sendJson(response, 200, recordedBodies()))
                        .delete("/sim/requests", (request, response) -> {
                            clearRequests();
                            return noContent(response);
                        })
                        .get("/sim/stamps", (request, response) -> sendJson(response, 200, stamps.toJson()))
                        .delete("/sim/stamps", (request, response) -> {
                            stamps.clear();
                            return noContent(response);
                        })
                        .get("/sim/stats", (request, response) -> sendJson(response, 200, statsJson()))
                        .get("/health", (request, response) -> sendJson(response, 200, NODES.objectNode().put("status", "UP"))))
                .bindNow(Duration.ofSeconds(10));
    }

    public static ResponsesSimulator start(SimulatorConfig config) {
        return new ResponsesSimulator(config);
    }

    public int port() {
        return server.port();
    }

    /** The base URL to give the OpenAI client: {@code http://127.0.0.1:<port>/v1}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port() + "/v1";
    }

    public SimulatorConfig config() {
        return config;
    }

    public void enqueueFault(Fault fault) {
        faults.add(fault);
    }

    public void clearFaults() {
        faults.clear();
    }

    /** The requests received, oldest first, newest last; at most the last 1000. */
    public List<RecordedRequest> requests() {
        synchronized (recorded) {
            return List.copyOf(recorded);
        }
    }

    public void clearRequests() {
        synchronized (recorded) {
            recorded.clear();
        }
    }

    public Stats stats() {
        return new Stats(requestCount.get(), streamsStarted.get(), streamsCompleted.get(), clientDisconnects.get());
    }

    @Override
    public void close() {
        server.disposeNow(Duration.ofSeconds(5));
    }

    // ---------------------------------------------------------------- POST /v1/responses

    private Publisher<Void> createResponse(HttpServerRequest request, HttpServerResponse response) {
        requestCount.incrementAndGet();
        response.header("x-request-id", requestId());
        String authorization = request.requestHeaders().get(HttpHeaderNames.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return sendJson(response, 401, OpenAiErrors.missingApiKey());
        }
        Map<String, String> headers = new LinkedHashMap<>();
        request.requestHeaders().forEach(h -> headers.put(h.getKey().toLowerCase(Locale.ROOT), h.getValue()));
        return request.receive().aggregate().asString(StandardCharsets.UTF_8).defaultIfEmpty("")
                .flatMap(text -> Mono.from(handle(text, headers, response)));
    }

    private Publisher<Void> handle(String text, Map<String, String> headers, HttpServerResponse response) {
        JsonNode body;
        try {
            body = Json.tree(text);
        } catch (RuntimeException e) {
            return sendJson(response, 400, OpenAiErrors.invalidJson(e.getClass().getSimpleName()));
        }
        if (body == null || !body.isObject()) {
            return sendJson(response, 400, OpenAiErrors.invalidJson("the body must be a JSON object"));
        }
        record(new RecordedRequest(Instant.now(), Map.copyOf(headers), body));

        Fault fault = faults.take();
        Fault.Type faultType = fault == null ? null : fault.type();
        if (faultType == Fault.Type.RATE_LIMIT) {
            response.header("retry-after", formatSeconds(fault.retryAfterSeconds()));
            return sendJson(response, 429, fault.message() == null ? OpenAiErrors.rateLimit()
                    : OpenAiErrors.body(fault.message(), "requests", "rate_limit_exceeded"));
        }
        if (faultType == Fault.Type.INSUFFICIENT_QUOTA) {
            return sendJson(response, 429, OpenAiErrors.insufficientQuota());
        }
        if (faultType == Fault.Type.SERVER_ERROR) {
            return sendJson(response, 500, OpenAiErrors.serverError(fault.message()));
        }
        ResponseScript script;
        try {
            script = new ResponseScript(ResponsePlan.of(body, config.seed(), config.chunkChars(), config.outputTokens()));
        } catch (IllegalArgumentException e) {
            return sendJson(response, 400, OpenAiErrors.invalidSchema(e.getMessage()));
        }
        return body.path("stream").asBoolean(false)
                ? stream(script, fault, response)
                : respondAtOnce(script, fault, response);
    }

    private Publisher<Void> respondAtOnce(ResponseScript script, Fault fault, HttpServerResponse response) {
        if (fault == null) {
            return sendJson(response, 200, script.finalResponse());
        }
        return switch (fault.type()) {
            case SLOW_FIRST_TOKEN -> Mono.delay(Duration.ofMillis(fault.delayMs()))
                    .then(Mono.from(sendJson(response, 200, script.finalResponse())));
            case FAILED -> sendJson(response, 200, script.failedResponse(
                    script.plan().reasoningTokens(), script.plan().outputChunks().size(), failureMessage(fault)));
            case CUT_STREAM -> {
                response.withConnection(connection -> connection.channel().close());
                yield Mono.never();
            }
            case STALL -> Mono.never();
            case TRUNCATE_STREAM -> {
                String json = Json.writeString(script.finalResponse());
                yield response.status(200).header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                        .sendString(Mono.just(json.substring(0, json.length() / 2)), StandardCharsets.UTF_8);
            }
            case MALFORMED -> response.status(200).header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                    .sendString(Mono.just("{\"id\": \"resp_"), StandardCharsets.UTF_8);
            default -> sendJson(response, 200, script.finalResponse());
        };
    }

    // ---------------------------------------------------------------- streaming

    private Publisher<Void> stream(ResponseScript script, Fault fault, HttpServerResponse response) {
        List<Step> steps = script.steps();
        Fault.Type faultType = fault == null ? null : fault.type();
        List<Step> toSend = steps;
        Flux<String> tail = Flux.empty();
        AtomicBoolean ended = new AtomicBoolean();
        Channel[] channel = new Channel[1];
        response.withConnection(connection -> channel[0] = connection.channel());

        if (faultType == Fault.Type.FAILED) {
            List<Step> sent = steps.subList(0, Math.min(fault.afterEvents(), steps.size() - 1));
            toSend = new ArrayList<>(sent);
            toSend.add(script.failedStep(sent, failureMessage(fault)));
        } else if (faultType == Fault.Type.CUT_STREAM || faultType == Fault.Type.TRUNCATE_STREAM
                || faultType == Fault.Type.STALL || faultType == Fault.Type.MALFORMED) {
            toSend = steps.subList(0, Math.min(fault.afterEvents(), steps.size()));
            int nextSequence = toSend.size();
            tail = switch (faultType) {
                // Let the events already written reach the socket, then drop the connection mid-body.
                case CUT_STREAM -> Mono.delay(Duration.ofMillis(50))
                        .then(Mono.<String>fromRunnable(() -> {
                            ended.set(true);
                            channel[0].close();
                        }))
                        .concatWith(Mono.never());
                case STALL -> Flux.never();
                case MALFORMED -> Flux.just("event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\","
                        + "\"sequence_number\":" + nextSequence + ",\"delta\":\"oops\n\n");
                default -> Flux.empty();
            };
        }
        long firstDelayMs = faultType == Fault.Type.SLOW_FIRST_TOKEN ? fault.delayMs() : config.firstTokenDelayMs();
        DeltaStamps.Stream stampLog = null;
        if (config.stampDeltas()) {
            JsonNode taskId = script.plan().request().path("metadata").path("task_id");
            stampLog = stamps.open(taskId.isString() ? taskId.stringValue() : script.plan().responseId());
        }

        Mono<Boolean> clientGone = Mono.create(sink -> {
            if (channel[0] == null) {
                return;
            }
            channel[0].closeFuture().addListener(future -> sink.success(Boolean.TRUE));
        });
        Flux<String> frames = Flux.concat(paced(toSend, firstDelayMs, stampLog), tail)
                .takeUntilOther(clientGone.doOnNext(gone -> {
                    if (ended.compareAndSet(false, true)) {
                        clientDisconnects.incrementAndGet();
                    }
                }))
                .doOnSubscribe(subscription -> streamsStarted.incrementAndGet())
                .doOnComplete(() -> {
                    if (ended.compareAndSet(false, true)) {
                        streamsCompleted.incrementAndGet();
                    }
                })
                .doOnCancel(() -> {
                    if (ended.compareAndSet(false, true)) {
                        clientDisconnects.incrementAndGet();
                    }
                });
        return response.status(200)
                .header(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8")
                .header(HttpHeaderNames.CACHE_CONTROL, "no-cache")
                .sendString(frames, StandardCharsets.UTF_8);
    }

    /**
     * The steps as SSE frames: everything before the first delta at once, then one timer tick per
     * delta (or per few deltas at very high rates), each tick also carrying the control events that
     * follow its deltas. The first tick comes after the first-token delay.
     */
    private Flux<String> paced(List<Step> steps, long firstDelayMs, DeltaStamps.Stream stampLog) {
        long periodNanos = 1_000_000_000L / config.tokensPerSecond();
        int deltasPerTick = 1;
        if (periodNanos < MIN_TICK_NANOS) {
            deltasPerTick = (int) Math.ceil((double) MIN_TICK_NANOS / Math.max(1, periodNanos));
            periodNanos = 1_000_000_000L * deltasPerTick / config.tokensPerSecond();
        }
        List<List<Integer>> ticks = new ArrayList<>();
        List<Integer> current = new ArrayList<>();
        int deltasInCurrent = 0;
        for (int index = 0; index < steps.size(); index++) {
            if (steps.get(index).delta()) {
                if (ticks.isEmpty() || deltasInCurrent == deltasPerTick) {
                    ticks.add(current);
                    current = new ArrayList<>();
                    deltasInCurrent = 0;
                }
                deltasInCurrent++;
            }
            current.add(index);
        }
        ticks.add(current);

        Flux<String> head = Flux.fromIterable(ticks.get(0)).map(index -> frame(steps.get(index), index, stampLog));
        if (ticks.size() == 1) {
            return head;
        }
        Flux<String> timed = Flux.interval(Duration.ofMillis(firstDelayMs), Duration.ofNanos(periodNanos))
                .onBackpressureBuffer()
                .take(ticks.size() - 1)
                .concatMapIterable(tick -> ticks.get((int) (tick + 1)))
                .map(index -> frame(steps.get(index), index, stampLog));
        return head.concatWith(timed);
    }

    private static String frame(Step step, int sequenceNumber, DeltaStamps.Stream stampLog) {
        ObjectNode event = step.render().apply(sequenceNumber);
        if (stampLog != null && step.kind() == ResponseScript.StepKind.OUTPUT_DELTA) {
            // Stamped just before the write: what a reader of this stream could see at the earliest.
            stampLog.outputDelta(event.path("delta").stringValue().length());
        }
        return "event: " + step.type() + "\ndata: " + Json.writeString(event) + "\n\n";
    }

    // ---------------------------------------------------------------- /sim routes

    private Publisher<Void> addFault(HttpServerRequest request, HttpServerResponse response) {
        return request.receive().aggregate().asString(StandardCharsets.UTF_8).defaultIfEmpty("")
                .flatMap(text -> {
                    Fault fault;
                    try {
                        fault = parseFault(Json.tree(text));
                    } catch (RuntimeException e) {
                        return Mono.from(sendJson(response, 400, NODES.objectNode().put("error", "Faute invalide : " + e.getMessage())));
                    }
                    faults.add(fault);
                    return Mono.from(sendJson(response, 201, faultJson(fault)));
                });
    }

    static Fault parseFault(JsonNode json) {
        if (json == null || !json.path("type").isString()) {
            throw new IllegalArgumentException("\"type\" is required");
        }
        return new Fault(Fault.Type.fromWireName(json.get("type").stringValue()),
                json.path("count").asInt(1),
                json.path("retry_after_seconds").asDouble(-1),
                json.path("after_events").asInt(-1),
                json.path("delay_ms").asLong(-1),
                json.path("message").isString() ? json.get("message").stringValue() : null);
    }

    private static ObjectNode faultJson(Fault fault) {
        ObjectNode json = NODES.objectNode()
                .put("type", fault.type().wireName())
                .put("count", fault.count())
                .put("retry_after_seconds", fault.retryAfterSeconds())
                .put("after_events", fault.afterEvents())
                .put("delay_ms", fault.delayMs());
        if (fault.message() != null) {
            json.put("message", fault.message());
        }
        return json;
    }

    private ArrayNode recordedBodies() {
        ArrayNode bodies = NODES.arrayNode();
        requests().forEach(recordedRequest -> bodies.add(recordedRequest.body()));
        return bodies;
    }

    private ObjectNode statsJson() {
        Stats stats = stats();
        return NODES.objectNode()
                .put("requests", stats.requests())
                .put("streams_started", stats.streamsStarted())
                .put("streams_completed", stats.streamsCompleted())
                .put("client_disconnects", stats.clientDisconnects());
    }

    // ---------------------------------------------------------------- helpers

    private void record(RecordedRequest request) {
        synchronized (recorded) {
            recorded.addLast(request);
            while (recorded.size() > MAX_RECORDED) {
                recorded.removeFirst();
            }
        }
    }

    private static Publisher<Void> sendJson(HttpServerResponse response, int status, JsonNode body) {
        byte[] bytes = Json.write(body);
        if (response.responseHeaders().get("x-request-id") == null) {
            response.header("x-request-id", requestId());
        }
        return response.status(status)
                .header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                .header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(bytes.length))
                .sendByteArray(Mono.just(bytes));
    }

    private static Publisher<Void> noContent(HttpServerResponse response) {
        return response.status(204).header("x-request-id", requestId()).send();
    }

    private static String failureMessage(Fault fault) {
        return fault.message() != null ? fault.message() : "The model failed to generate a response (simulated).";
    }

    private static String formatSeconds(double seconds) {
        return seconds == Math.rint(seconds) ? Long.toString((long) seconds) : Double.toString(seconds);
    }

    private static String requestId() {
        return "req_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    }
}

package org.edxo.ai.simulator;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.multipart.Attribute;
import io.netty.handler.codec.http.multipart.FileUpload;
import io.netty.handler.codec.http.multipart.HttpData;
import org.edxo.ai.simulator.files.FileOperation;
import org.edxo.ai.simulator.files.FileStore;
import org.edxo.ai.simulator.files.StoredFile;
import org.edxo.ai.simulator.protocol.InputFiles;
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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A local OpenAI Responses API ({@code POST /v1/responses}, streaming and not) and Files API
 * ({@code POST /v1/files}, {@code GET} and {@code DELETE /v1/files/{id}}) on Reactor Netty, with faults on
 * demand and a few {@code /sim/*} routes for tests. Streams are paced by shared timers on Reactor's
 * parallel scheduler; no thread is held per stream.
 */
public final class ResponsesSimulator implements AutoCloseable {

    private static final int MAX_RECORDED = 1000;
    /** Below one millisecond per token, several deltas are sent per timer tick instead. */
    private static final long MIN_TICK_NANOS = 1_000_000L;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Largest file {@code POST /v1/files} takes (OpenAI's limit for a PDF given to a model is 32 MB). */
    static final long MAX_FILE_BYTES = 64L * 1024 * 1024;
    /** All stored files together; beyond, uploads get a 400 (nothing is evicted, so leaks stay visible). */
    static final long MAX_STORED_FILE_BYTES = 512L * 1024 * 1024;

    private final SimulatorConfig config;
    private final FaultQueue faults = new FaultQueue();
    private final Map<FileOperation, FaultQueue> fileFaults = new EnumMap<>(Map.of(
            FileOperation.CREATE, new FaultQueue(), FileOperation.DELETE, new FaultQueue()));
    private final FileStore files = new FileStore(MAX_STORED_FILE_BYTES);
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
                        .post("/v1/files", this::createFile)
                        .get("/v1/files/{id}", this::retrieveFile)
                        .delete("/v1/files/{id}", this::deleteFile)
                        .post("/sim/faults", this::addFault)
                        .delete("/sim/faults", (request, response) -> {
                            clearFaults();
                            return noContent(response);
                        })
                        .get("/sim/files", (request, response) -> sendJson(response, 200, filesJson()))
                        .delete("/sim/files", (request, response) -> {
                            files.clear();
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

    /**
     * Fails the next {@code fault.count()} calls of a Files API operation: {@code rate_limit},
     * {@code insufficient_quota} and {@code server_error} answer that error; {@code slow_first_token}
     * does the operation but answers only after {@code delayMs}.
     */
    public void enqueueFileFault(FileOperation operation, Fault fault) {
        if (fault.type() != Fault.Type.RATE_LIMIT && fault.type() != Fault.Type.INSUFFICIENT_QUOTA
                && fault.type() != Fault.Type.SERVER_ERROR && fault.type() != Fault.Type.SLOW_FIRST_TOKEN) {
            throw new IllegalArgumentException("a " + operation.wireName() + " fault must be rate_limit, insufficient_quota, "
                    + "server_error or slow_first_token, not " + fault.type().wireName());
        }
        fileFaults.get(operation).add(fault);
    }

    public void clearFaults() {
        faults.clear();
        fileFaults.values().forEach(FaultQueue::clear);
    }

    /** The files currently stored by the Files API, oldest first (a client that cleans up leaves none). */
    public List<StoredFile> files() {
        return files.list();
    }

    public void clearFiles() {
        files.clear();
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
        if (!authorized(request)) {
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
        InputFiles.Scan inputFiles = InputFiles.scan(body, files);
        if (inputFiles.error() != null) {
            return sendJson(response, 400, inputFiles.error());
        }

        Fault fault = faults.take();
        Publisher<Void> httpFault = httpFault(fault, response);
        if (httpFault != null) {
            return httpFault;
        }
        ResponseScript script;
        try {
            script = new ResponseScript(ResponsePlan.of(body, config.seed(), config.chunkChars(), config.outputTokens(),
                    inputFiles.totalBytes()));
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

    /** The answer of an HTTP-level fault (429, 500), or null when the fault (if any) acts later. */
    private static Publisher<Void> httpFault(Fault fault, HttpServerResponse response) {
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
        return null;
    }

    // ---------------------------------------------------------------- Files API

    private record Upload(byte[] bytes, String filename, String contentType) {
    }

    /** {@code POST /v1/files}, multipart {@code file} + {@code purpose}: the file object. */
    private Publisher<Void> createFile(HttpServerRequest request, HttpServerResponse response) {
        requestCount.incrementAndGet();
        if (!authorized(request)) {
            return sendJson(response, 401, OpenAiErrors.missingApiKey());
        }
        if (!request.isMultipart()) {
            return sendJson(response, 400, OpenAiErrors.body("Invalid request: the body must be multipart/form-data.",
                    "invalid_request_error", null));
        }
        Map<String, String> fields = new LinkedHashMap<>();
        Upload[] upload = new Upload[1];
        return request.receiveForm(form -> form.maxInMemorySize(MAX_FILE_BYTES).maxSize(MAX_FILE_BYTES))
                .doOnNext(data -> readPart(data, fields, upload))
                .then(Mono.defer(() -> Mono.from(storeFile(fields, upload[0], response))))
                .onErrorResume(error -> Mono.from(isTooLarge(error)
                        ? sendJson(response, 413, OpenAiErrors.body("File too large: the maximum size is "
                                + MAX_FILE_BYTES / (1024 * 1024) + " MB.", "invalid_request_error", "file_too_large"))
                        : sendJson(response, 400, OpenAiErrors.body("Invalid multipart body: " + error.getMessage(),
                                "invalid_request_error", null))));
    }

    private static void readPart(HttpData data, Map<String, String> fields, Upload[] upload) {
        try {
            if (data instanceof FileUpload file && "file".equals(data.getName())) {
                upload[0] = new Upload(file.get(), file.getFilename(), file.getContentType());
            } else if (data instanceof Attribute attribute) {
                fields.put(attribute.getName(), attribute.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isTooLarge(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException && String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT).contains("size")) {
                return true;
            }
        }
        return false;
    }

    private Publisher<Void> storeFile(Map<String, String> fields, Upload upload, HttpServerResponse response) {
        if (upload == null) {
            return sendJson(response, 400, parameterError("Missing required parameter: 'file'.", "file", "missing_required_parameter"));
        }
        String purpose = fields.get("purpose");
        if (purpose == null) {
            return sendJson(response, 400, parameterError("Missing required parameter: 'purpose'.", "purpose", "missing_required_parameter"));
        }
        if (!FileStore.PURPOSES.contains(purpose)) {
            return sendJson(response, 400, parameterError("Invalid value for 'purpose': '" + purpose + "'. Supported values are: "
                    + String.join(", ", FileStore.PURPOSES.stream().sorted().toList()) + ".", "purpose", "invalid_value"));
        }
        Fault fault = fileFaults.get(FileOperation.CREATE).take();
        Publisher<Void> failure = httpFault(fault, response);
        if (failure != null) {
            return failure;
        }
        return delayed(fault, Mono.defer(() -> Mono.from(addFile(fields, upload, purpose, response))));
    }

    private Publisher<Void> addFile(Map<String, String> fields, Upload upload, String purpose, HttpServerResponse response) {
        Long expiresAfter = null;
        if (fields.containsKey("expires_after[seconds]")) {
            try {
                expiresAfter = Long.parseLong(fields.get("expires_after[seconds]").trim());
            } catch (NumberFormatException e) {
                expiresAfter = -1L;
            }
            // OpenAI: anchored at created_at, between one hour and thirty days.
            if (expiresAfter < 3600 || expiresAfter > 2_592_000
                    || !"created_at".equals(fields.getOrDefault("expires_after[anchor]", "created_at"))) {
                return sendJson(response, 400, parameterError("Invalid value for 'expires_after': seconds must be between 3600 "
                        + "and 2592000, anchored at created_at.", "expires_after", "invalid_value"));
            }
        }
        String filename = upload.filename() == null || upload.filename().isBlank() ? "file" : upload.filename();
        return files.add(filename, purpose, upload.bytes(), upload.contentType(), expiresAfter)
                .map(file -> sendJson(response, 200, file.toJson()))
                .orElseGet(() -> sendJson(response, 400, OpenAiErrors.body("File storage limit reached: delete files first.",
                        "invalid_request_error", "storage_limit_exceeded")));
    }

    /** {@code GET /v1/files/{id}}. */
    private Publisher<Void> retrieveFile(HttpServerRequest request, HttpServerResponse response) {
        requestCount.incrementAndGet();
        if (!authorized(request)) {
            return sendJson(response, 401, OpenAiErrors.missingApiKey());
        }
        String id = request.param("id");
        return files.get(id)
                .map(file -> sendJson(response, 200, file.toJson()))
                .orElseGet(() -> sendJson(response, 404, noSuchFile(id)));
    }

    /** {@code DELETE /v1/files/{id}}: {@code {id, object: "file", deleted: true}}. */
    private Publisher<Void> deleteFile(HttpServerRequest request, HttpServerResponse response) {
        requestCount.incrementAndGet();
        // Read the request to its end first (the SDK may send a body with DELETE): an answer sent before the body
        // arrived left its bytes on the kept-alive connection, and the client's next request there never got one.
        return request.receive().then(Mono.defer(() -> Mono.from(deleteFileNow(request, response))));
    }

    private Publisher<Void> deleteFileNow(HttpServerRequest request, HttpServerResponse response) {
        if (!authorized(request)) {
            return sendJson(response, 401, OpenAiErrors.missingApiKey());
        }
        Fault fault = fileFaults.get(FileOperation.DELETE).take();
        Publisher<Void> failure = httpFault(fault, response);
        if (failure != null) {
            return failure;
        }
        String id = request.param("id");
        return delayed(fault, Mono.defer(() -> Mono.from(files.remove(id)
                ? sendJson(response, 200, NODES.objectNode().put("id", id).put("object", "file").put("deleted", true))
                : sendJson(response, 404, noSuchFile(id)))));
    }

    /** The operation at once, or after the delay of a {@code slow_first_token} fault. */
    private static Mono<Void> delayed(Fault fault, Mono<Void> operation) {
        return fault != null && fault.type() == Fault.Type.SLOW_FIRST_TOKEN
                ? Mono.delay(Duration.ofMillis(fault.delayMs())).then(operation)
                : operation;
    }

    private static ObjectNode noSuchFile(String id) {
        return parameterError("No such File object: " + id, "id", null);
    }

    private static ObjectNode parameterError(String message, String param, String code) {
        ObjectNode body = OpenAiErrors.body(message, "invalid_request_error", code);
        ((ObjectNode) body.get("error")).put("param", param);
        return body;
    }

    private static boolean authorized(HttpServerRequest request) {
        String authorization = request.requestHeaders().get(HttpHeaderNames.AUTHORIZATION);
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7);
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
                // Let the events already written reach the socket (an empty write queued behind them is
                // flushed after them, however busy the machine), then drop the connection mid-body.
                case CUT_STREAM -> Mono.delay(Duration.ofMillis(20))
                        .then(Mono.<String>fromRunnable(() -> {
                            ended.set(true);
                            channel[0].writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER)
                                    .addListener(written -> channel[0].close());
                        }))
                        .concatWith(Mono.never());
                case STALL -> Flux.never();
                case MALFORMED -> Flux.just("event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\","
                        + "\"sequence_number\":" + nextSequence + ",\"delta\":\"oops\n\n");
                default -> Flux.empty();
            };
        }
        if (faultType == Fault.Type.DROP_DELTA) {
            toSend = new ArrayList<>(steps);
            toSend.stream().filter(step -> step.kind() == ResponseScript.StepKind.OUTPUT_DELTA).findFirst()
                    .ifPresent(toSend::remove);
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
                    String target;
                    try {
                        JsonNode json = Json.tree(text);
                        fault = parseFault(json);
                        target = json.path("target").asString("responses");
                        if ("responses".equals(target)) {
                            faults.add(fault);
                        } else {
                            enqueueFileFault(FileOperation.fromWireName(target), fault);
                        }
                    } catch (RuntimeException e) {
                        return Mono.from(sendJson(response, 400, NODES.objectNode().put("error", "Faute invalide : " + e.getMessage())));
                    }
                    return Mono.from(sendJson(response, 201, faultJson(fault).put("target", target)));
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

    private ArrayNode filesJson() {
        ArrayNode list = NODES.arrayNode();
        files.list().forEach(file -> list.add(file.toJson()));
        return list;
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

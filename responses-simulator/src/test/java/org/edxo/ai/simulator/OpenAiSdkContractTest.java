package org.edxo.ai.simulator;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.core.MultipartField;
import com.openai.errors.BadRequestException;
import com.openai.errors.InternalServerException;
import com.openai.errors.NotFoundException;
import com.openai.errors.OpenAIInvalidDataException;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.RateLimitException;
import com.openai.models.Reasoning;
import com.openai.models.ReasoningEffort;
import com.openai.models.files.FileCreateParams;
import com.openai.models.files.FileDeleted;
import com.openai.models.files.FileObject;
import com.openai.models.files.FilePurpose;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFormatTextJsonSchemaConfig;
import com.openai.models.responses.ResponseInputFile;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseStatus;
import com.openai.models.responses.ResponseStreamEvent;
import com.openai.models.responses.ResponseTextConfig;
import com.openai.models.responses.ResponseUsage;
import org.edxo.ai.contracts.json.ContractValidator;
import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.simulator.files.FileOperation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The real openai-java client, with full response validation, against the embedded simulator. */
class OpenAiSdkContractTest {

    static final String OUTPUT_SCHEMA = "schemas/outputs/PlanDeCoursAIResponse.schema.json";
    static final String INSTRUCTIONS = "Tu es un conseiller pédagogique. Compare le plan de cours au plan-cadre.";
    static final String INPUT = "Plan de cours : semaine 1, introduction. Plan-cadre : compétence 00SE.";

    static ResponsesSimulator simulator;
    static OpenAIClient client;

    @BeforeAll
    static void start() {
        simulator = ResponsesSimulator.start(SimulatorConfig.fast());
        client = OpenAIOkHttpClient.builder()
                .apiKey("sim")
                .baseUrl(simulator.baseUrl())
                .maxRetries(0)
                .responseValidation(true)
                // A request the simulator never answers fails the test in seconds, not after the SDK's 10 minutes.
                .timeout(java.time.Duration.ofSeconds(30))
                .build();
    }

    @AfterAll
    static void stop() {
        client.close();
        simulator.close();
    }

    @AfterEach
    void reset() {
        simulator.clearFaults();
        simulator.clearRequests();
        simulator.clearFiles();
    }

    static ResponseCreateParams.Builder planDeCoursParams() {
        JsonNode schemaNode = ContractValidator.schemaNode(OUTPUT_SCHEMA);
        @SuppressWarnings("unchecked")
        Map<String, Object> schemaMap = Json.mapper().treeToValue(schemaNode, Map.class);
        ResponseFormatTextJsonSchemaConfig.Schema.Builder schema = ResponseFormatTextJsonSchemaConfig.Schema.builder();
        schemaMap.forEach((key, value) -> schema.putAdditionalProperty(key, JsonValue.from(value)));
        return ResponseCreateParams.builder()
                .model("gpt-5-mini")
                .instructions(INSTRUCTIONS)
                .input(INPUT)
                .reasoning(Reasoning.builder().effort(ReasoningEffort.MEDIUM).summary(Reasoning.Summary.AUTO).build())
                .text(ResponseTextConfig.builder()
                        .format(ResponseFormatTextJsonSchemaConfig.builder()
                                .name("PlanDeCoursAIResponse").strict(true).schema(schema.build()).build())
                        .build())
                .metadata(ResponseCreateParams.Metadata.builder().putAdditionalProperty("task_id", JsonValue.from("t-1")).build())
                .store(false);
    }

    static List<ResponseStreamEvent> streamAll(ResponseCreateParams params) {
        List<ResponseStreamEvent> events = new ArrayList<>();
        try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(params)) {
            stream.stream().forEach(events::add);
        }
        return events;
    }

    @Test
    void streamsReasoningSummaryThenSchemaValidJsonWithConsistentUsage() {
        List<ResponseStreamEvent> events = streamAll(planDeCoursParams().build());

        assertThat(events.get(0).isCreated()).isTrue();
        assertThat(events.get(events.size() - 1).isCompleted()).isTrue();
        int lastReasoningDelta = -1;
        int firstOutputDelta = Integer.MAX_VALUE;
        StringBuilder text = new StringBuilder();
        StringBuilder summary = new StringBuilder();
        long reasoningDeltas = 0;
        long outputDeltas = 0;
        for (int i = 0; i < events.size(); i++) {
            ResponseStreamEvent event = events.get(i);
            if (event.isReasoningSummaryTextDelta()) {
                lastReasoningDelta = i;
                reasoningDeltas++;
                summary.append(event.asReasoningSummaryTextDelta().delta());
            }
            if (event.isOutputTextDelta()) {
                firstOutputDelta = Math.min(firstOutputDelta, i);
                outputDeltas++;
                text.append(event.asOutputTextDelta().delta());
            }
        }
        assertThat(reasoningDeltas).isPositive();
        assertThat(lastReasoningDelta).isLessThan(firstOutputDelta);
        assertThat(summary.toString()).startsWith("**");

        JsonNode document = Json.tree(text.toString());
        assertThat(ContractValidator.validate(OUTPUT_SCHEMA, document)).isEmpty();
        assertThat(document.get("compatibility_percentage").isNumber()).isTrue();

        Response completed = events.get(events.size() - 1).asCompleted().response();
        assertThat(completed.status()).contains(ResponseStatus.COMPLETED);
        assertThat(completed.instructions()).isPresent();
        ResponseUsage usage = completed.usage().orElseThrow();
        assertThat(usage.inputTokens()).isEqualTo((INSTRUCTIONS.length() + INPUT.length() + 3) / 4);
        assertThat(usage.outputTokensDetails().reasoningTokens()).isEqualTo(reasoningDeltas);
        assertThat(usage.outputTokens()).isEqualTo(outputDeltas + reasoningDeltas);
        assertThat(usage.totalTokens()).isEqualTo(usage.inputTokens() + usage.outputTokens());
        assertThat(usage.inputTokensDetails().cachedTokens()).isZero();

        RecordedRequest recorded = simulator.requests().get(simulator.requests().size() - 1);
        assertThat(recorded.instructions()).contains(INSTRUCTIONS);
        assertThat(recorded.streaming()).isTrue();
    }

    @Test
    void sameSeedAndRequestGiveTheSameText() {
        String first = outputText(streamAll(planDeCoursParams().build()));
        String second = outputText(streamAll(planDeCoursParams().build()));
        assertThat(second).isEqualTo(first);
    }

    @Test
    void nonStreamingCallReturnsTheCompletedResponse() {
        Response response = client.responses().create(planDeCoursParams().build());

        assertThat(response.status()).contains(ResponseStatus.COMPLETED);
        String text = response.output().stream()
                .flatMap(item -> item.message().stream())
                .flatMap(message -> message.content().stream())
                .flatMap(content -> content.outputText().stream())
                .map(outputText -> outputText.text())
                .findFirst().orElseThrow();
        assertThat(ContractValidator.validate(OUTPUT_SCHEMA, Json.tree(text))).isEmpty();
        assertThat(response.output().get(0).isReasoning()).isTrue();
        assertThat(simulator.requests().get(0).streaming()).isFalse();
    }

    @Test
    void rateLimitFaultGivesRateLimitExceptionWithRetryAfter() {
        simulator.enqueueFault(Fault.rateLimit(2));

        assertThatThrownBy(() -> client.responses().create(planDeCoursParams().build()))
                .isInstanceOfSatisfying(RateLimitException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(429);
                    assertThat(e.headers().values("retry-after")).containsExactly("2");
                    assertThat(e.code()).contains("rate_limit_exceeded");
                });
        // The fault was used up: the next call succeeds.
        assertThat(client.responses().create(planDeCoursParams().build()).status()).contains(ResponseStatus.COMPLETED);
    }

    @Test
    void faultCountAppliesToConsecutiveRequests() {
        simulator.enqueueFault(Fault.of(Fault.Type.INSUFFICIENT_QUOTA).withCount(2));

        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> client.responses().create(planDeCoursParams().build()))
                    .isInstanceOfSatisfying(RateLimitException.class, e -> assertThat(e.code()).contains("insufficient_quota"));
        }
        assertThat(client.responses().create(planDeCoursParams().build()).status()).contains(ResponseStatus.COMPLETED);
    }

    @Test
    void serverErrorFaultGivesInternalServerException() {
        simulator.enqueueFault(Fault.serverError());

        assertThatThrownBy(() -> streamAll(planDeCoursParams().build()))
                .isInstanceOfSatisfying(InternalServerException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(500);
                    assertThat(e.code()).contains("server_error");
                    assertThat(e.headers().values("x-request-id")).singleElement().asString().startsWith("req_");
                });
    }

    @Test
    void cutStreamGivesOpenAiIoException() {
        simulator.enqueueFault(Fault.cutStream(5));
        List<ResponseStreamEvent> received = new ArrayList<>();

        assertThatThrownBy(() -> {
            try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(planDeCoursParams().build())) {
                stream.stream().forEach(received::add);
            }
        }).isInstanceOf(OpenAIIoException.class);
        assertThat(received).hasSize(5);
    }

    @Test
    void truncateStreamEndsWithoutTerminalEvent() {
        simulator.enqueueFault(Fault.truncateStream(7));

        List<ResponseStreamEvent> events = streamAll(planDeCoursParams().build());

        assertThat(events).hasSize(7);
        assertThat(events).noneMatch(e -> e.isCompleted() || e.isFailed() || e.isIncomplete());
    }

    @Test
    void failedFaultEndsWithResponseFailed() {
        simulator.enqueueFault(Fault.of(Fault.Type.FAILED).withAfterEvents(4));

        List<ResponseStreamEvent> events = streamAll(planDeCoursParams().build());

        assertThat(events).hasSize(5);
        Response failed = events.get(4).asFailed().response();
        assertThat(failed.status()).contains(ResponseStatus.FAILED);
        assertThat(failed.error().orElseThrow().code().asString()).isEqualTo("server_error");
    }

    @Test
    void maxOutputTokensEndsWithResponseIncomplete() {
        List<ResponseStreamEvent> events = streamAll(planDeCoursParams().maxOutputTokens(60L).build());

        ResponseStreamEvent last = events.get(events.size() - 1);
        assertThat(last.isIncomplete()).isTrue();
        Response incomplete = last.asIncomplete().response();
        assertThat(incomplete.incompleteDetails().orElseThrow().reason().orElseThrow().asString()).isEqualTo("max_output_tokens");
        assertThat(incomplete.usage().orElseThrow().outputTokens()).isEqualTo(60);
        assertThat(incomplete.maxOutputTokens()).contains(60L);
    }

    @Test
    void clientCloseMidStreamCountsAsDisconnectWithinOneSecond() throws Exception {
        // The stream stalls after 6 events: only the client's close can end it.
        assertClientCloseIsSeenWithinOneSecond(Fault.stall(6), 6);
    }

    @Test
    void malformedEventGivesOpenAiInvalidDataException() {
        simulator.enqueueFault(Fault.of(Fault.Type.MALFORMED).withAfterEvents(3));

        assertThatThrownBy(() -> streamAll(planDeCoursParams().build())).isInstanceOf(OpenAIInvalidDataException.class);
    }

    @Test
    void clientCloseWhileWaitingForTheFirstTokenStopsTheStream() throws Exception {
        // created, in_progress, reasoning item added, summary part added; then a 10 s wait for the first delta.
        assertClientCloseIsSeenWithinOneSecond(Fault.slowFirstToken(10_000), 4);
    }

    /**
     * Reads some events, then closes the stream on the same thread (OkHttp's close can race a read
     * blocked on another thread and throw "Unbalanced enter/exit"), and expects the simulator to
     * count the disconnect, not a completion, within one second.
     */
    private static void assertClientCloseIsSeenWithinOneSecond(Fault fault, int eventsToRead) throws InterruptedException {
        Stats before = simulator.stats();
        simulator.enqueueFault(fault);
        StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(planDeCoursParams().build());
        Iterator<ResponseStreamEvent> events = stream.stream().iterator();
        for (int i = 0; i < eventsToRead; i++) {
            assertThat(events.hasNext()).isTrue();
            events.next();
        }

        long closedAt = System.nanoTime();
        stream.close();
        while (simulator.stats().clientDisconnects() == before.clientDisconnects()
                && System.nanoTime() - closedAt < TimeUnit.SECONDS.toNanos(1)) {
            Thread.sleep(10);
        }
        assertThat(simulator.stats().clientDisconnects()).isEqualTo(before.clientDisconnects() + 1);
        assertThat(simulator.stats().streamsCompleted()).isEqualTo(before.streamsCompleted());
    }

    // ------------------------------------------------------------------ Files API

    static final byte[] PDF = "%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
            .getBytes(StandardCharsets.US_ASCII);

    static FileObject upload(byte[] bytes, String filename) {
        return client.files().create(FileCreateParams.builder()
                .file(MultipartField.<java.io.InputStream>builder()
                        .value(new java.io.ByteArrayInputStream(bytes))
                        .filename(filename)
                        .contentType("application/pdf")
                        .build())
                .purpose(FilePurpose.USER_DATA)
                .expiresAfter(FileCreateParams.ExpiresAfter.builder().seconds(3600).build())
                .build());
    }

    static ResponseCreateParams withFile(ResponseInputFile file) {
        return planDeCoursParams()
                .inputOfResponse(List.of(ResponseInputItem.ofMessage(ResponseInputItem.Message.builder()
                        .role(ResponseInputItem.Message.Role.USER)
                        .addContent(file)
                        .addInputTextContent("Extrais les compétences du devis joint.")
                        .build())))
                .build();
    }

    @Test
    void uploadStreamWithInputFileThenDeleteLeavesNothing() {
        FileObject file = upload(PDF, "devis-420.B0.pdf");

        assertThat(file.id()).startsWith("file-");
        assertThat(file.bytes()).isEqualTo(PDF.length);
        assertThat(file.filename()).isEqualTo("devis-420.B0.pdf");
        assertThat(file.purpose()).isEqualTo(FileObject.Purpose.USER_DATA);
        assertThat(file.expiresAt()).contains(file.createdAt() + 3600);
        assertThat(client.files().retrieve(file.id()).id()).isEqualTo(file.id());
        assertThat(simulator.files()).singleElement().satisfies(stored -> {
            assertThat(stored.bytes()).isEqualTo(PDF);
            assertThat(stored.purpose()).isEqualTo("user_data");
        });

        List<ResponseStreamEvent> events = streamAll(withFile(ResponseInputFile.builder().fileId(file.id()).build()));

        Response completed = events.get(events.size() - 1).asCompleted().response();
        assertThat(ContractValidator.validate(OUTPUT_SCHEMA, Json.tree(outputText(events)))).isEmpty();
        // The file counts one input token per four bytes, on top of the text.
        String text = "Extrais les compétences du devis joint.";
        assertThat(completed.usage().orElseThrow().inputTokens())
                .isEqualTo((INSTRUCTIONS.length() + text.length() + 3) / 4 + (PDF.length + 3) / 4);
        RecordedRequest recorded = simulator.requests().get(simulator.requests().size() - 1);
        assertThat(recorded.inputFiles()).singleElement()
                .satisfies(part -> assertThat(part.get("file_id").stringValue()).isEqualTo(file.id()));

        FileDeleted deleted = client.files().delete(file.id());
        assertThat(deleted.deleted()).isTrue();
        assertThat(deleted.id()).isEqualTo(file.id());
        assertThat(simulator.files()).isEmpty();
        assertThatThrownBy(() -> client.files().delete(file.id()))
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.getMessage()).contains(file.id()));
    }

    @Test
    void inputFileWithAnUnknownIdIsA400AndWithInlineDataIsAccepted() {
        assertThatThrownBy(() -> streamAll(withFile(ResponseInputFile.builder().fileId("file-doesnotexist").build())))
                .isInstanceOfSatisfying(BadRequestException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.param()).contains("input[0].content[0].file_id");
                    assertThat(e.getMessage()).contains("file-doesnotexist");
                });

        String dataUrl = "data:application/pdf;base64," + Base64.getEncoder().encodeToString(PDF);
        List<ResponseStreamEvent> events = streamAll(withFile(
                ResponseInputFile.builder().filename("devis.pdf").fileData(dataUrl).build()));
        assertThat(events.get(events.size() - 1).isCompleted()).isTrue();
        assertThat(simulator.requests().get(simulator.requests().size() - 1).inputFiles()).singleElement()
                .satisfies(part -> assertThat(part.get("file_data").stringValue()).isEqualTo(dataUrl));
    }

    @Test
    void fileFaultsFailTheUploadOrTheDeletionOnce() {
        simulator.enqueueFileFault(FileOperation.CREATE, Fault.serverError());
        assertThatThrownBy(() -> upload(PDF, "a.pdf")).isInstanceOf(InternalServerException.class);
        assertThat(simulator.files()).isEmpty();

        FileObject file = upload(PDF, "a.pdf");
        simulator.enqueueFileFault(FileOperation.DELETE, Fault.serverError());
        assertThatThrownBy(() -> client.files().delete(file.id())).isInstanceOf(InternalServerException.class);
        assertThat(simulator.files()).hasSize(1);
        assertThat(client.files().delete(file.id()).deleted()).isTrue();
        assertThat(simulator.files()).isEmpty();
    }

    private static String outputText(List<ResponseStreamEvent> events) {
        StringBuilder text = new StringBuilder();
        events.forEach(event -> event.outputTextDelta().ifPresent(delta -> text.append(delta.delta())));
        return text.toString();
    }
}

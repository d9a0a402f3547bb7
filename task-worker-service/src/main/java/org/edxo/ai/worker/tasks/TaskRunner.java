package org.edxo.ai.worker.tasks;

import com.openai.errors.OpenAIServiceException;
import com.openai.models.responses.ResponseCreateParams;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import org.edxo.ai.contracts.json.ContractValidator;
import org.edxo.ai.contracts.messages.TaskCommand;
import org.edxo.ai.contracts.messages.TaskEvent;
import org.edxo.ai.contracts.messages.TaskEventType;
import org.edxo.ai.contracts.messages.UsageRecorded;
import org.edxo.ai.contracts.money.ModelPrice;
import org.edxo.ai.worker.billing.HoldClient;
import org.edxo.ai.worker.billing.PriceClient;
import org.edxo.ai.worker.config.OpenAiProperties;
import org.edxo.ai.worker.config.WorkerProperties;
import org.edxo.ai.worker.control.CancelledTasks;
import org.edxo.ai.worker.documents.OpenAiFiles;
import org.edxo.ai.worker.kinds.KindHandler;
import org.edxo.ai.worker.kinds.ModelCall;
import org.edxo.ai.worker.messaging.BrokerPublisher;
import org.edxo.ai.worker.messaging.BrokerPublisher.PublishFailure;
import org.edxo.ai.worker.messaging.Delivery;
import org.edxo.ai.worker.messaging.TaskEventSequence;
import org.edxo.ai.worker.openai.ModelRequestFactory;
import org.edxo.ai.worker.openai.ModelResilience;
import org.edxo.ai.worker.openai.ModelStreamClient;
import org.edxo.ai.worker.openai.ModelStreamEvent;
import org.edxo.ai.worker.openai.ModelStreamEvent.Delta;
import org.edxo.ai.worker.openai.ModelStreamEvent.DeltaKind;
import org.edxo.ai.worker.openai.ModelStreamEvent.Finished;
import org.edxo.ai.worker.openai.ModelStreamEvent.ReasoningSummaryDone;
import org.edxo.ai.worker.openai.ModelStreamEvent.TokenUsage;
import org.edxo.ai.worker.settings.EffectiveSettings;
import org.edxo.ai.worker.settings.SectionSettings;
import org.edxo.ai.worker.settings.SettingsClient;
import org.edxo.ai.worker.streaming.DeltaCoalescer;
import org.edxo.ai.worker.tasks.CommandValidator.Accepted;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs one accepted command as a single {@code Mono<Void>}: {@code started}, then each of the kind's model
 * calls in turn ({@code progress}, reasoning/output deltas coalesced, its usage), then {@code succeeded} —
 * or {@code failed} / {@code revoked} — and finally the delivery's ack. Every call's worst case is held
 * before the first call starts, so a task never spends on its first call what its last one cannot cover.
 * Nothing here blocks: HTTP calls are reactive, the model stream is the SDK's async one, broker calls
 * run on a bounded scheduler.
 */
@Component
public class TaskRunner {

    private static final Logger log = LoggerFactory.getLogger(TaskRunner.class);

    static final String STARTED_MESSAGE = "Tâche démarrée.";
    static final String SUMMARY_MESSAGE = "Résumé du raisonnement";
    static final String RESET_MESSAGE = "Nouvelle tentative : le contenu recommence.";
    static final String REVOKED_MESSAGE = "Tâche annulée.";

    private final SettingsClient settingsClient;
    private final PriceClient priceClient;
    private final HoldClient holdClient;
    private final ModelStreamClient modelStreamClient;
    private final BrokerPublisher publisher;
    private final RunningTasks runningTasks;
    private final WorkerProperties properties;
    private final CancelledTasks cancelledTasks;
    private final ModelResilience modelResilience;
    private final OpenAiProperties openAi;
    private final OpenAiFiles openAiFiles;
    private final AbandonedAttempts abandonedAttempts;
    private final Map<String, String> outputSchemaTexts = new ConcurrentHashMap<>();

    public TaskRunner(SettingsClient settingsClient, PriceClient priceClient, HoldClient holdClient,
                      ModelStreamClient modelStreamClient, BrokerPublisher publisher, RunningTasks runningTasks,
                      WorkerProperties properties, CancelledTasks cancelledTasks, ModelResilience modelResilience,
                      OpenAiProperties openAi, OpenAiFiles openAiFiles, AbandonedAttempts abandonedAttempts) {
        this.settingsClient = settingsClient;
        this.priceClient = priceClient;
        this.holdClient = holdClient;
        this.modelStreamClient = modelStreamClient;
        this.publisher = publisher;
        this.runningTasks = runningTasks;
        this.properties = properties;
        this.cancelledTasks = cancelledTasks;
        this.modelResilience = modelResilience;
        this.openAi = openAi;
        this.openAiFiles = openAiFiles;
        this.abandonedAttempts = abandonedAttempts;
    }

    /** Starts the task and returns at once; the task settles {@code delivery} itself. */
    public void start(Accepted accepted, Delivery delivery) {
        UUID taskId = accepted.command().taskId();
        // A task cancelled while its command was queued is revoked without calling the model, at no cost.
        runningTasks.start(taskId, cancelledTasks.isCancelled(taskId)
                .flatMap(cancelled -> cancelled ? revokeUnstarted(accepted, delivery) : run(accepted, delivery)));
    }

    private Mono<Void> revokeUnstarted(Accepted accepted, Delivery delivery) {
        TaskCommand command = accepted.command();
        log.info("task {} was cancelled before it started: revoked without calling the model", command.taskId());
        return emit(new TaskEventSequence(command, delivery.attempt()), TaskEventType.REVOKED,
                        TaskEvent.data(TaskEvent.MESSAGE, REVOKED_MESSAGE))
                .then(publisher.ack(delivery))
                .onErrorResume(error -> {
                    log.error("task {}: could not publish its revocation; the command goes back to the queue",
                            command.taskId(), error);
                    return publisher.requeue(delivery).onErrorResume(e -> Mono.empty());
                });
    }

    /**
     * One model call ready to go, its worst case computable.
     *
     * @param index from 1, the call's number in holds and usage
     */
    record PreparedCall(int index, ModelCall spec, EffectiveSettings settings, ModelPrice price, Prompt prompt) {

        /** The input the request carries, estimated: its texts at about four bytes a token, and its file. */
        long estimatedInputTokens() {
            return CallOutcome.estimateTokens(Objects.requireNonNullElse(prompt.instructions(), "") + prompt.userMessage())
                    + (spec.attachment() == null ? 0 : spec.attachment().estimatedInputTokens());
        }
    }

    /** What a completed call leaves for the result. */
    private record CompletedCall(JsonNode output, String reasoningSummary, TaskResults.CallUsage usage) {
    }

    /** One attempt of one task: its events, and the calls whose hold is still open (no usage or release yet). */
    private record Attempt(Accepted accepted, Delivery delivery, TaskEventSequence events, Set<Integer> openHolds) {

        TaskCommand command() {
            return accepted.command();
        }

        KindHandler handler() {
            return accepted.handler();
        }
    }

    Mono<Void> run(Accepted accepted, Delivery delivery) {
        TaskCommand command = accepted.command();
        Attempt attempt = new Attempt(accepted, delivery, new TaskEventSequence(command, delivery.attempt()),
                ConcurrentHashMap.newKeySet());
        long startedAt = System.nanoTime();
        Mono<Void> reset = delivery.redelivered()
                ? emit(attempt.events(), TaskEventType.RESET, TaskEvent.data(TaskEvent.MESSAGE, RESET_MESSAGE))
                : Mono.empty();
        return reset
                .then(emit(attempt.events(), TaskEventType.STARTED, TaskEvent.data(TaskEvent.MESSAGE, STARTED_MESSAGE)))
                .then(Mono.defer(() -> accepted.handler().plan(accepted.input())))
                .flatMap(plan -> prepare(attempt, plan.calls())
                        .flatMap(calls -> abandonedAttempts.settle(command, delivery.attempt(), calls,
                                        abandoned -> publishUsage(command, abandoned.attempt(), abandoned.call(), null,
                                                abandoned.estimate()))
                                .then(runFrom(attempt, plan, calls, 0, new ArrayList<>()))))
                .onErrorMap(error -> !(error instanceof TaskFailure || error instanceof PublishFailure), error -> {
                    log.error("task {}: unexpected error", command.taskId(), error);
                    return TaskFailure.internalError(error);
                })
                .onErrorResume(TaskFailure.class, failure -> {
                    log.warn("task {} failed: {} ({}){}", command.taskId(), failure.getMessage(), failure.errorCode(),
                            failure.getCause() == null ? "" : " caused by " + failure.getCause());
                    return releaseHolds(attempt)
                            .then(emit(attempt.events(), TaskEventType.FAILED, failedData(failure)));
                })
                .thenReturn(true)
                .onErrorResume(error -> {
                    // Only a PublishFailure gets here: events or usage could not be made safe, so the
                    // broker delivers the command again.
                    log.error("task {} could not publish its outcome; the command goes back to the queue",
                            command.taskId(), error);
                    return Mono.just(false);
                })
                .flatMap(published -> releaseHolds(attempt).thenReturn(published))
                .flatMap(published -> published ? publisher.ack(delivery) : publisher.requeue(delivery))
                .doOnSuccess(done -> log.info("task {} ({}, attempt {}) settled in {} ms", command.taskId(),
                        command.kind(), delivery.attempt(), (System.nanoTime() - startedAt) / 1_000_000))
                .onErrorResume(error -> {
                    log.warn("task {}: could not settle its command delivery ({}); the broker redelivers it once "
                            + "the consumer's channel is gone", command.taskId(), error.toString());
                    return Mono.empty();
                });
    }

    /**
     * Settings, price and prompt of every call, then the hold of each call's worst case (an upper bound of
     * its input tokens and {@code max_output_tokens}, always sent), all before the first call: a refused
     * hold fails the task before the model is called at all.
     */
    private Mono<List<PreparedCall>> prepare(Attempt attempt, List<ModelCall> calls) {
        TaskCommand command = attempt.command();
        return Flux.range(0, calls.size())
                .concatMap(i -> prepareOne(command, i + 1, calls.get(i)))
                .collectList()
                .flatMap(prepared -> Flux.fromIterable(prepared)
                        .concatMap(call -> holdClient.hold(command, attempt.delivery().attempt(), call.index(),
                                        call.settings().model(), maxInputTokens(call), call.settings().maxOutputTokens())
                                .doOnSuccess(held -> attempt.openHolds().add(call.index())))
                        .then(Mono.just(prepared)));
    }

    private Mono<PreparedCall> prepareOne(TaskCommand command, int index, ModelCall spec) {
        Mono<String> template = spec.template() == null
                ? Mono.just("")
                : settingsClient.section(spec.template().section())
                        .map(section -> Objects.requireNonNullElse(section.template(spec.template().name()), ""));
        return Mono.zip(settingsClient.section(spec.section()), template)
                .flatMap(found -> {
                    SectionSettings section = found.getT1();
                    EffectiveSettings settings = withOutputBound(EffectiveSettings.resolve(command.data().options(), section));
                    Prompt prompt = Prompt.compose(spec, settings.systemPrompt(),
                            found.getT2().isEmpty() ? null : found.getT2());
                    return priceClient.price(settings.model())
                            .map(price -> new PreparedCall(index, spec, settings, price, prompt));
                });
    }

    private long maxInputTokens(PreparedCall call) {
        ModelCall.Attachment file = call.spec().attachment();
        return HoldClient.maxInputTokens(call.prompt().instructions(), call.prompt().userMessage(),
                outputSchemaText(call.spec())) + (file == null ? 0 : file.maxInputTokens());
    }

    private String outputSchemaText(ModelCall spec) {
        return outputSchemaTexts.computeIfAbsent(spec.output().schema(),
                location -> ContractValidator.schemaNode(location).toString());
    }

    private EffectiveSettings withOutputBound(EffectiveSettings settings) {
        return settings.maxOutputTokens() != null ? settings : settings.withMaxOutputTokens(properties.defaultMaxOutputTokens());
    }

    /** Gives back the holds no usage message settled (calls that failed, were never made, or sent nothing). */
    private Mono<Void> releaseHolds(Attempt attempt) {
        return Flux.defer(() -> {
                    List<Integer> open = new ArrayList<>(attempt.openHolds());
                    attempt.openHolds().removeAll(open);
                    return Flux.fromIterable(open);
                })
                .concatMap(call -> holdClient.release(attempt.command().taskId(), attempt.delivery().attempt(), call))
                .then();
    }

    /** Runs the calls from {@code next} on, one after the other; after the last one, the result. */
    private Mono<Void> runFrom(Attempt attempt, KindHandler.Plan plan, List<PreparedCall> calls, int next,
                               List<CompletedCall> completed) {
        if (next == calls.size()) {
            return succeed(attempt, plan, calls, completed);
        }
        PreparedCall call = calls.get(next);
        CallOutcome outcome = new CallOutcome();
        Map<String, Object> startData = TaskEvent.data(TaskEvent.MESSAGE, call.spec().progressMessage(),
                TaskEvent.CALL, call.index());
        if (next > 0) {
            startData.put(TaskEvent.OUTPUT_RESTART, true);
        }
        return emit(attempt.events(), TaskEventType.PROGRESS, startData)
                // Deferred: the request is built on the broker thread, not on the HTTP event loop.
                .then(Mono.defer(() -> callModel(attempt, call, outcome)))
                .onErrorResume(TaskFailure.class, failure -> billBrokenCall(attempt, call, outcome)
                        .then(Mono.error(failure)))
                .then(Mono.defer(() -> outcome.cancelled()
                        ? revoke(attempt, call, outcome)
                        : complete(attempt, call, outcome).flatMap(done -> {
                            completed.add(done);
                            return runFrom(attempt, plan, calls, next + 1, completed);
                        })));
    }

    /**
     * Streams one call, publishing coalesced deltas as they come; {@code outcome} collects what it produced.
     * The kind's limits apply: the first token, and the whole call, retries included. A call's file is
     * uploaded once, before the first try, and deleted when the call ends, whichever way (its time limit and a
     * cancel close the stream, which ends the file's scope too).
     */
    private Mono<Void> callModel(Attempt attempt, PreparedCall call, CallOutcome outcome) {
        UUID taskId = attempt.command().taskId();
        String kind = attempt.command().kind();
        Duration callLimit = openAi.callTimeout(kind);
        ModelCall.Attachment file = call.spec().attachment();
        Flux<ModelStreamEvent> stream = Flux.defer(() -> {
                    if (cancelledTasks.cancelledHere(taskId)) {
                        outcome.cancel(); // cancelled before the request left: nothing to bill
                        return Flux.<ModelStreamEvent>empty();
                    }
                    return file == null
                            ? modelStream(call, outcome, kind, taskId, null)
                            : openAiFiles.withFileMany(file.bytes(), file.filename(), file.contentType(),
                                    fileId -> modelStream(call, outcome, kind, taskId, fileId));
                })
                .doOnNext(event -> outcome.streamStarted())
                // Past the kind's limit the stream is closed like a cancel (an error signal from here would
                // leave the HTTP stream open), and the call fails below.
                .takeUntilOther(Mono.delay(callLimit).doOnNext(late -> outcome.timeOut()))
                .onErrorMap(error -> modelFailure(error, outcome.hasStreamStarted(), call.settings().model()))
                // A cancel closes the model stream (the SDK closes its HTTP connection) and ends it here.
                .takeUntilOther(runningTasks.cancellation(taskId).doOnNext(cancel -> outcome.cancel()));
        return DeltaCoalescer.coalesce(stream, properties.coalesceInterval(), properties.coalesceMaxBytes(),
                        Schedulers.parallel())
                .concatMap(event -> {
                    outcome.accept(event);
                    return publishStreamEvent(event, outcome, attempt.events());
                }, 0) // one at a time: deltas merge in the coalescer while a publish waits (DeltaCoalescer)
                .then(Mono.defer(() -> outcome.timedOut() ? Mono.error(TaskFailure.callTimedOut(callLimit)) : Mono.empty()));
    }

    /** The model's stream of one call, retried (429, 5xx, connection, first-token timeout) only while nothing was relayed. */
    private Flux<ModelStreamEvent> modelStream(PreparedCall call, CallOutcome outcome, String kind, UUID taskId,
                                               String fileId) {
        ResponseCreateParams params = ModelRequestFactory.build(call.spec().output(), call.settings(), call.prompt(),
                taskId, fileId);
        return modelResilience.call(call.settings().model(), openAi.firstTokenTimeout(kind),
                () -> modelStreamClient.stream(params)
                        .doOnSubscribe(subscription -> outcome.sent(call.estimatedInputTokens())));
    }

    private Mono<Void> publishStreamEvent(ModelStreamEvent event, CallOutcome outcome, TaskEventSequence events) {
        if (event instanceof Delta delta) {
            TaskEventType type = delta.kind() == DeltaKind.OUTPUT ? TaskEventType.OUTPUT_DELTA : TaskEventType.REASONING_DELTA;
            return emit(events, type, TaskEvent.data(TaskEvent.DELTA, delta.text()));
        }
        if (event instanceof ReasoningSummaryDone) {
            return emit(events, TaskEventType.PROGRESS, TaskEvent.data(TaskEvent.MESSAGE, SUMMARY_MESSAGE,
                    TaskEvent.REASONING_SUMMARY, outcome.reasoningSummary()));
        }
        return Mono.empty();
    }

    /**
     * A call whose stream broke after it started (cut, timeout, error event) consumed tokens at the
     * provider although it never reported them: it is billed on an estimate, like a cancelled call, so
     * that every attempt is billed. A call refused before its stream started is not.
     */
    private Mono<Void> billBrokenCall(Attempt attempt, PreparedCall call, CallOutcome outcome) {
        if (!outcome.hasStreamStarted() || outcome.finishedWithUsage()) {
            return Mono.empty();
        }
        log.info("task {} call {}: stream broken after it started, billed on an estimate", attempt.command().taskId(),
                call.index());
        return publishUsage(attempt, call, null, outcome.estimatedUsage());
    }

    /**
     * A cancelled call: usage for what was sent, then {@code task.revoked}. The model never reported its
     * counts, so they are estimated; nothing is billed when the request never left. Holds of the calls
     * not made are released before the ack.
     */
    private Mono<Void> revoke(Attempt attempt, PreparedCall call, CallOutcome outcome) {
        log.info("task {} cancelled while running (call {})", attempt.command().taskId(), call.index());
        Mono<Void> usage = outcome.requestSent()
                ? publishUsage(attempt, call, null, outcome.estimatedUsage())
                : Mono.empty();
        return usage.then(emit(attempt.events(), TaskEventType.REVOKED,
                TaskEvent.data(TaskEvent.MESSAGE, REVOKED_MESSAGE)));
    }

    /**
     * A call whose stream ended: its usage first (billing never misses tokens that were used; it settles
     * the call's hold), then its output, checked against the call's schema.
     */
    private Mono<CompletedCall> complete(Attempt attempt, PreparedCall call, CallOutcome outcome) {
        Finished finished;
        try {
            finished = outcome.finished();
        } catch (TaskFailure truncated) { // the stream ended without a terminal event
            return billBrokenCall(attempt, call, outcome).then(Mono.error(truncated));
        }
        Mono<Void> usage = finished.usage() == null
                ? Mono.empty() // the hold stays open and is released with the others
                : publishUsage(attempt, call, finished.responseId(), finished.usage());
        return usage.then(Mono.fromCallable(() -> switch (finished.status()) {
            case COMPLETED -> new CompletedCall(TaskResults.output(call.spec().output(), completedOutput(attempt, call, outcome)),
                    outcome.reasoningSummary(), new TaskResults.CallUsage(call.settings().model(),
                    finished.usage() != null ? finished.usage() : new TokenUsage(0, 0, 0, 0), call.price()));
            case INCOMPLETE -> throw TaskFailure.incomplete(finished.detail());
            case FAILED -> throw TaskFailure.modelError(finished.detail(), null);
        }));
    }

    /**
     * The output of a completed call: the model's whole text. Deltas that disagree with it were lost or
     * altered between the model and here; the result does not suffer, but it is a defect worth a warning.
     */
    private static String completedOutput(Attempt attempt, PreparedCall call, CallOutcome outcome) {
        int mismatch = outcome.streamedOutputMismatch();
        if (mismatch >= 0) {
            String streamed = outcome.output();
            log.warn("task {} call {}: the streamed deltas ({} chars) depart from the model's final text ({} chars) at "
                            + "char {} (streamed there: '{}'); the final text is used", attempt.command().taskId(), call.index(),
                    streamed.length(), outcome.finalOutput().length(), mismatch,
                    streamed.substring(mismatch, Math.min(streamed.length(), mismatch + 40)));
        }
        return outcome.finalOutput();
    }

    /** Every call completed: the kind's payload, then {@code task.succeeded}. */
    private Mono<Void> succeed(Attempt attempt, KindHandler.Plan plan, List<PreparedCall> calls,
                               List<CompletedCall> completed) {
        return Mono.defer(() -> {
            List<String> summaries = completed.stream().map(CompletedCall::reasoningSummary).filter(Objects::nonNull).toList();
            KindHandler.ResultContext context = new KindHandler.ResultContext(attempt.command().taskId(),
                    summaries.isEmpty() ? null : String.join("\n\n", summaries),
                    TaskResults.usage(completed.stream().map(CompletedCall::usage).toList()),
                    calls.get(0).settings().settingsUsed(), properties.webBaseUrl(), plan.state());
            Map<String, Object> result = TaskResults.result(attempt.handler(), attempt.accepted().input(),
                    completed.stream().map(CompletedCall::output).toList(), context);
            return publisher.publish(attempt.events().next(TaskEventType.SUCCEEDED, TaskEvent.data(TaskEvent.RESULT, result)));
        });
    }

    /** Publishes the usage of one call and waits for the broker's confirm: billing then settles its hold. */
    private Mono<Void> publishUsage(Attempt attempt, PreparedCall call, String responseId, TokenUsage tokens) {
        return publishUsage(attempt.command(), attempt.delivery().attempt(), call, responseId, tokens)
                .doOnSuccess(published -> attempt.openHolds().remove(call.index()));
    }

    private Mono<Void> publishUsage(TaskCommand command, int attempt, PreparedCall call, String responseId, TokenUsage tokens) {
        UsageRecorded usage = new UsageRecorded(UsageRecorded.idOf(command.taskId(), attempt, call.index()), UsageRecorded.TYPE,
                command.taskId(), command.kind(), command.userId(), Instant.now(), UsageRecorded.SCHEMA_VERSION, command.trace(),
                new UsageRecorded.Usage(call.settings().model(), call.spec().section(), responseId,
                        attempt, call.index(), tokens.inputTokens(), tokens.cachedInputTokens(),
                        tokens.outputTokens(), tokens.reasoningTokens()));
        return publisher.publish(usage);
    }

    private static TaskFailure modelFailure(Throwable error, boolean streamStarted, String model) {
        if (error instanceof TaskFailure failure) {
            return failure;
        }
        if (error instanceof ModelResilience.BrokenAfterOutput broken) {
            error = broken.getCause();
            streamStarted = true;
        }
        if (error instanceof CallNotPermittedException || error instanceof BulkheadFullException) {
            return TaskFailure.modelUnavailable(model, error);
        }
        if (ModelResilience.quotaExhausted(error)) {
            return TaskFailure.quotaExhausted(error);
        }
        if (error instanceof ModelResilience.FirstTokenTimeout) {
            return TaskFailure.modelError(error.getMessage(), error);
        }
        if (error instanceof OpenAIServiceException service) {
            // "<status>: <message>", as the SDK words it.
            return TaskFailure.modelError(service.getMessage(), error);
        }
        return streamStarted ? TaskFailure.truncated(error) : TaskFailure.modelError(error.toString(), error);
    }

    private static Map<String, Object> failedData(TaskFailure failure) {
        return TaskEvent.data(TaskEvent.MESSAGE, failure.getMessage(), TaskEvent.ERROR_CODE, failure.errorCode());
    }

    /** Creates the event only when subscribed, so that seq follows publishing order. */
    private Mono<Void> emit(TaskEventSequence events, TaskEventType type, Map<String, Object> data) {
        return Mono.defer(() -> publisher.publish(events.next(type, data)));
    }
}

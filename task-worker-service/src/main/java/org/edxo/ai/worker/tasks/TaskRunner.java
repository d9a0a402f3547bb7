package org.edxo.ai.worker.tasks;

import com.openai.errors.OpenAIServiceException;
import com.openai.models.responses.ResponseCreateParams;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import org.edxo.ai.contracts.json.ContractValidator;
import org.edxo.ai.contracts.kinds.TaskKind;
import org.edxo.ai.contracts.messages.TaskCommand;
import org.edxo.ai.contracts.messages.TaskEvent;
import org.edxo.ai.contracts.messages.TaskEventType;
import org.edxo.ai.contracts.messages.UsageRecorded;
import org.edxo.ai.contracts.money.ModelPrice;
import org.edxo.ai.worker.billing.HoldClient;
import org.edxo.ai.worker.billing.PriceClient;
import org.edxo.ai.worker.config.WorkerProperties;
import org.edxo.ai.worker.control.CancelledTasks;
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
import org.edxo.ai.worker.settings.EffectiveSettings;
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

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs one accepted command as a single {@code Mono<Void>}: events {@code started → progress →
 * reasoning/output deltas (coalesced) → succeeded | failed}, the usage message before the terminal
 * event, then the delivery's ack. Nothing here blocks: HTTP calls are reactive, the model stream is
 * the SDK's async one, broker calls run on a bounded scheduler.
 */
@Component
public class TaskRunner {

    private static final Logger log = LoggerFactory.getLogger(TaskRunner.class);

    static final String STARTED_MESSAGE = "Tâche démarrée.";
    static final String CALLING_MESSAGE = "Appel du modèle (stream)…";
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
    private final Map<String, JsonNode> outputSchemas = new ConcurrentHashMap<>();

    public TaskRunner(SettingsClient settingsClient, PriceClient priceClient, HoldClient holdClient,
                      ModelStreamClient modelStreamClient, BrokerPublisher publisher, RunningTasks runningTasks,
                      WorkerProperties properties, CancelledTasks cancelledTasks, ModelResilience modelResilience) {
        this.settingsClient = settingsClient;
        this.priceClient = priceClient;
        this.holdClient = holdClient;
        this.modelStreamClient = modelStreamClient;
        this.publisher = publisher;
        this.runningTasks = runningTasks;
        this.properties = properties;
        this.cancelledTasks = cancelledTasks;
        this.modelResilience = modelResilience;
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
     * What the model call needs once settings and price are known and its worst case is held;
     * {@code holdOpen} stays true until a usage message or a release settles the hold.
     */
    record PreparedCall(EffectiveSettings settings, ModelPrice price, AtomicBoolean holdOpen) {
    }

    Mono<Void> run(Accepted accepted, Delivery delivery) {
        TaskCommand command = accepted.command();
        TaskEventSequence events = new TaskEventSequence(command, delivery.attempt());
        // Minted before the call: billing's idempotency key for whatever this attempt consumes.
        UUID usageId = UUID.randomUUID();
        AtomicBoolean holdOpen = new AtomicBoolean();
        long startedAt = System.nanoTime();
        Mono<Void> reset = delivery.redelivered()
                ? emit(events, TaskEventType.RESET, TaskEvent.data(TaskEvent.MESSAGE, RESET_MESSAGE))
                : Mono.empty();
        return reset
                .then(emit(events, TaskEventType.STARTED, TaskEvent.data(TaskEvent.MESSAGE, STARTED_MESSAGE)))
                .then(prepare(accepted, delivery.attempt(), holdOpen))
                .flatMap(call -> emit(events, TaskEventType.PROGRESS, TaskEvent.data(TaskEvent.MESSAGE, CALLING_MESSAGE))
                        // Deferred: the request is built on the broker thread, not on the HTTP event loop.
                        .then(Mono.defer(() -> callModel(accepted, call, events)))
                        .flatMap(outcome -> outcome.cancelled()
                                ? revoke(accepted, delivery, call, outcome, events, usageId)
                                : finish(accepted, delivery, call, outcome, events, usageId)))
                .onErrorMap(error -> !(error instanceof TaskFailure || error instanceof PublishFailure), error -> {
                    log.error("task {}: unexpected error", command.taskId(), error);
                    return TaskFailure.internalError(error);
                })
                .onErrorResume(TaskFailure.class, failure -> {
                    log.warn("task {} failed: {} ({}){}", command.taskId(), failure.getMessage(), failure.errorCode(),
                            failure.getCause() == null ? "" : " caused by " + failure.getCause());
                    return releaseHold(command, delivery, holdOpen)
                            .then(emit(events, TaskEventType.FAILED, failedData(failure)));
                })
                .thenReturn(true)
                .onErrorResume(error -> {
                    // Only a PublishFailure gets here: events or usage could not be made safe, so the
                    // broker delivers the command again.
                    log.error("task {} could not publish its outcome; the command goes back to the queue",
                            command.taskId(), error);
                    return Mono.just(false);
                })
                .flatMap(published -> releaseHold(command, delivery, holdOpen).thenReturn(published))
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
     * Settings, price, then the hold of the call's worst case: an upper bound of the input tokens and
     * {@code max_output_tokens}, always sent (the section's, else {@code edxo.worker.default-max-output-tokens}).
     * A refused hold fails the task before the model is called.
     */
    private Mono<PreparedCall> prepare(Accepted accepted, int attempt, AtomicBoolean holdOpen) {
        TaskCommand command = accepted.command();
        return settingsClient.section(accepted.handler().kind().section())
                .map(section -> withOutputBound(EffectiveSettings.resolve(command.data().options(), section,
                        accepted.handler().templateVariables(accepted.input()))))
                .flatMap(settings -> priceClient.price(settings.model()).flatMap(price -> {
                    TaskKind kind = accepted.handler().kind();
                    JsonNode outputSchema = outputSchemas.computeIfAbsent(kind.outputSchema(), ContractValidator::schemaNode);
                    long maxInputTokens = HoldClient.maxInputTokens(settings.instructions(),
                            accepted.handler().userMessage(accepted.input(), outputSchema), outputSchema.toString());
                    return holdClient.hold(command, attempt, settings.model(), maxInputTokens, settings.maxOutputTokens())
                            .doOnSuccess(held -> holdOpen.set(true))
                            .thenReturn(new PreparedCall(settings, price, holdOpen));
                }));
    }

    private EffectiveSettings withOutputBound(EffectiveSettings settings) {
        return settings.maxOutputTokens() != null ? settings : settings.withMaxOutputTokens(properties.defaultMaxOutputTokens());
    }

    /** Gives the hold back when no usage message settles it (the call failed before or without usage). */
    private Mono<Void> releaseHold(TaskCommand command, Delivery delivery, AtomicBoolean holdOpen) {
        return Mono.defer(() -> holdOpen.compareAndSet(true, false)
                ? holdClient.release(command.taskId(), delivery.attempt()) : Mono.empty());
    }

    /** Streams the call, publishing coalesced deltas as they come; emits what the stream produced. */
    private Mono<CallOutcome> callModel(Accepted accepted, PreparedCall call, TaskEventSequence events) {
        TaskKind kind = accepted.handler().kind();
        JsonNode outputSchema = outputSchemas.computeIfAbsent(kind.outputSchema(), ContractValidator::schemaNode);
        UUID taskId = accepted.command().taskId();
        String userMessage = accepted.handler().userMessage(accepted.input(), outputSchema);
        ResponseCreateParams params = ModelRequestFactory.build(kind, call.settings(), userMessage, taskId);
        AtomicBoolean received = new AtomicBoolean();
        CallOutcome outcome = new CallOutcome();
        Flux<ModelStreamEvent> stream = Flux.defer(() -> {
                    if (cancelledTasks.cancelledHere(taskId)) {
                        outcome.cancel(); // cancelled before the request left: nothing to bill
                        return Flux.<ModelStreamEvent>empty();
                    }
                    // Retried (429, 5xx, connection, first-token timeout) only while nothing was relayed.
                    return modelResilience.call(call.settings().model(), () -> modelStreamClient.stream(params)
                            .doOnSubscribe(subscription -> outcome.sent(
                                    estimateTokens(params.instructions().orElse("") + userMessage))));
                })
                .doOnNext(event -> received.set(true))
                .onErrorMap(error -> modelFailure(error, received.get(), call.settings().model()))
                // A cancel closes the model stream (the SDK closes its HTTP connection) and ends it here.
                .takeUntilOther(runningTasks.cancellation(taskId).doOnNext(cancel -> outcome.cancel()));
        return DeltaCoalescer.coalesce(stream, properties.coalesceInterval(), properties.coalesceMaxBytes(),
                        Schedulers.parallel())
                .concatMap(event -> {
                    outcome.accept(event);
                    return publishStreamEvent(event, outcome, events);
                }, 0) // one at a time: deltas merge in the coalescer while a publish waits (DeltaCoalescer)
                .then(Mono.fromSupplier(() -> outcome));
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
     * A cancelled call: usage for what was sent, then {@code task.revoked}. The model never reported its
     * counts, so they are estimated (UTF-8 bytes / 4) from the instructions and user message sent and the
     * text received; nothing is billed when the request never left.
     */
    private Mono<Void> revoke(Accepted accepted, Delivery delivery, PreparedCall call, CallOutcome outcome,
                              TaskEventSequence events, UUID usageId) {
        TaskCommand command = accepted.command();
        log.info("task {} cancelled while running", command.taskId());
        long reasoningTokens = estimateTokens(outcome.reasoningSummary() == null ? "" : outcome.reasoningSummary());
        Mono<Void> usage = !outcome.requestSent() ? Mono.empty() : publisher.publish(new UsageRecorded(usageId,
                UsageRecorded.TYPE, command.taskId(), command.kind(), command.userId(), Instant.now(),
                UsageRecorded.SCHEMA_VERSION, command.trace(), new UsageRecorded.Usage(call.settings().model(),
                accepted.handler().kind().section(), null, delivery.attempt(), outcome.estimatedInputTokens(), 0,
                estimateTokens(outcome.output()) + reasoningTokens, reasoningTokens)));
        return usage
                // The usage settles the hold in billing; a call never sent is released before the ack.
                .doOnSuccess(published -> call.holdOpen().compareAndSet(outcome.requestSent(), false))
                .then(emit(events, TaskEventType.REVOKED, TaskEvent.data(TaskEvent.MESSAGE, REVOKED_MESSAGE)));
    }

    static long estimateTokens(String text) {
        return (text.getBytes(StandardCharsets.UTF_8).length + 3) / 4;
    }

    /** Usage first (billing never misses tokens that were used), then the terminal event. */
    private Mono<Void> finish(Accepted accepted, Delivery delivery, PreparedCall call, CallOutcome outcome,
                              TaskEventSequence events, UUID usageId) {
        Finished finished = outcome.finished(); // throws TaskFailure when the stream had no terminal event
        Mono<Void> usage = finished.usage() == null
                ? releaseHold(accepted.command(), delivery, call.holdOpen())
                // Confirmed by the broker: billing captures the call's cost from its hold.
                : publisher.publish(usageRecorded(accepted, delivery, call, finished, usageId))
                        .doOnSuccess(published -> call.holdOpen().set(false));
        return usage.then(Mono.defer(() -> publisher.publish(terminal(accepted, call, outcome, finished, events))));
    }

    private TaskEvent terminal(Accepted accepted, PreparedCall call, CallOutcome outcome, Finished finished,
                               TaskEventSequence events) {
        try {
            return switch (finished.status()) {
                case COMPLETED -> {
                    ModelStreamEvent.TokenUsage usage = finished.usage() != null
                            ? finished.usage() : new ModelStreamEvent.TokenUsage(0, 0, 0, 0);
                    Map<String, Object> result = TaskResults.result(accepted.handler(), accepted.input(),
                            outcome.output(), outcome.reasoningSummary(), usage, call.settings(), call.price(),
                            properties.webBaseUrl());
                    yield events.next(TaskEventType.SUCCEEDED, TaskEvent.data(TaskEvent.RESULT, result));
                }
                case INCOMPLETE -> throw TaskFailure.incomplete(finished.detail());
                case FAILED -> throw TaskFailure.modelError(finished.detail(), null);
            };
        } catch (RuntimeException error) {
            TaskFailure failure = error instanceof TaskFailure known ? known : TaskFailure.internalError(error);
            log.warn("task {} failed after the call: {} ({}){}", accepted.command().taskId(), failure.getMessage(),
                    failure.errorCode(), failure.getCause() == null ? "" : " caused by " + failure.getCause());
            return events.next(TaskEventType.FAILED, failedData(failure));
        }
    }

    private UsageRecorded usageRecorded(Accepted accepted, Delivery delivery, PreparedCall call, Finished finished,
                                        UUID usageId) {
        TaskCommand command = accepted.command();
        ModelStreamEvent.TokenUsage tokens = finished.usage();
        return new UsageRecorded(usageId, UsageRecorded.TYPE, command.taskId(), command.kind(), command.userId(),
                Instant.now(), UsageRecorded.SCHEMA_VERSION, command.trace(),
                new UsageRecorded.Usage(call.settings().model(), accepted.handler().kind().section(),
                        finished.responseId(), delivery.attempt(), tokens.inputTokens(), tokens.cachedInputTokens(),
                        tokens.outputTokens(), tokens.reasoningTokens()));
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

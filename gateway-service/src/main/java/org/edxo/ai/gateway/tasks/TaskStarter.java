package org.edxo.ai.gateway.tasks;

import org.edxo.ai.contracts.json.ContractValidator;
import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.contracts.messages.TaskCommand;
import org.edxo.ai.gateway.billing.CreditCheck;
import org.edxo.ai.gateway.web.ApiException;
import org.edxo.ai.gateway.web.ApiException.FieldError;
import org.edxo.ai.gateway.web.Caller;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Starts a task: checks the caller's role for the kind, validates the input against the kind's schema and
 * the command against the command schema, checks that the caller has credit (402 otherwise), records the
 * task as PENDING, publishes the command and waits for the broker's confirm. A command the broker did not
 * take leaves a FAILURE task and a 503.
 */
@Service
public class TaskStarter {

    static final String COMMAND_SCHEMA = "schemas/messages/task-command.v1.schema.json";
    static final String QUEUED = "Tâche en file d'attente.";
    static final String UNAVAILABLE = "Service momentanément indisponible, réessayez.";
    private static final Pattern REQUIRED = Pattern.compile("required property '([^']+)'");

    private final TaskRepository tasks;
    private final TaskCommandPublisher publisher;
    private final CreditCheck credits;

    public TaskStarter(TaskRepository tasks, TaskCommandPublisher publisher, CreditCheck credits) {
        this.tasks = tasks;
        this.publisher = publisher;
        this.credits = credits;
    }

    /**
     * @param input        the task input as the client sent it
     * @param options      {@code options} of the request, or null
     * @param inputPointer where the input sits in the request body ("" when the body is the input), for details
     * @return the new task id once the command is queued
     */
    public Mono<UUID> start(Caller caller, KindPolicy policy, JsonNode input, JsonNode options, String inputPointer) {
        return Mono.fromCallable(() -> command(caller, policy, input, options, inputPointer))
                // 402 when the balance is zero, 503 when billing cannot tell: nothing recorded or queued.
                .flatMap(command -> credits.requireCredit(UNAVAILABLE).thenReturn(command))
                .flatMap(command -> tasks.insertPending(command.taskId(), command.kind(), command.userId(), QUEUED)
                        .then(publisher.publish(command)
                                .onErrorResume(TaskCommandPublisher.PublishFailedException.class,
                                        e -> tasks.markUnpublished(command.taskId(), UNAVAILABLE)
                                                .then(Mono.error(new ApiException(HttpStatus.SERVICE_UNAVAILABLE, UNAVAILABLE)))))
                        .thenReturn(command.taskId()));
    }

    @SuppressWarnings("unchecked")
    private static TaskCommand command(Caller caller, KindPolicy policy, JsonNode input, JsonNode options,
                                       String inputPointer) {
        policy.authorize(caller);
        if (input == null || !input.isObject()) {
            throw ApiException.invalid(policy.invalidInputMessage(),
                    List.of(new FieldError(inputPointer.isEmpty() ? "/" : inputPointer, "un objet JSON est requis")));
        }
        List<FieldError> inputErrors = details(ContractValidator.validate(policy.kind().inputSchema(), input), inputPointer);
        if (!inputErrors.isEmpty()) {
            throw ApiException.invalid(policy.invalidInputMessage(), inputErrors);
        }
        policy.authorizeInput(caller, input);
        TaskCommand command = TaskCommand.of(UUID.randomUUID(), policy.kind().id(), caller.userId(),
                Json.mapper().convertValue(input, Map.class), options(options));
        // The command schema is what workers and campus systems rely on; it also bounds the options.
        List<FieldError> commandErrors = details(ContractValidator.validate(COMMAND_SCHEMA, Json.mapper().valueToTree(command)), "")
                .stream()
                .map(error -> new FieldError(error.field().replaceFirst("^/data/options", "/options")
                        .replaceFirst("^/data/input", inputPointer), error.message()))
                .toList();
        if (!commandErrors.isEmpty()) {
            throw ApiException.invalid("Options invalides.", commandErrors);
        }
        return command;
    }

    private static TaskCommand.Options options(JsonNode options) {
        if (options == null || options.isNull() || options.isMissingNode()) {
            return null;
        }
        if (!options.isObject()) {
            throw ApiException.invalid("Options invalides.", List.of(new FieldError("/options", "un objet JSON est attendu")));
        }
        List<FieldError> errors = new ArrayList<>();
        String model = text(options, "model", errors);
        String effort = text(options, "reasoning_effort", errors);
        String verbosity = text(options, "verbosity", errors);
        if (!errors.isEmpty()) {
            throw ApiException.invalid("Options invalides.", errors);
        }
        return new TaskCommand.Options(model, effort, verbosity);
    }

    private static String text(JsonNode options, String name, List<FieldError> errors) {
        JsonNode value = options.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            errors.add(new FieldError("/options/" + name, "une chaîne est attendue"));
            return null;
        }
        return value.asString();
    }

    /** Schema violations as details; a missing property is reported at its own pointer ("/plan_cours"). */
    static List<FieldError> details(List<ContractValidator.Violation> violations, String prefix) {
        return violations.stream().map(violation -> {
            String field = prefix + violation.path();
            Matcher missing = REQUIRED.matcher(violation.message());
            if (missing.find()) {
                field = field + "/" + missing.group(1);
            }
            return new FieldError(field.isEmpty() ? "/" : field, violation.message());
        }).toList();
    }
}

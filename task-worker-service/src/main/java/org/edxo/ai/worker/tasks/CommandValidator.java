package org.edxo.ai.worker.tasks;

import org.edxo.ai.contracts.json.ContractValidator;
import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.contracts.messages.MessageHeaderNames;
import org.edxo.ai.contracts.messages.TaskCommand;
import org.edxo.ai.worker.config.CommandIntakeProperties;
import org.edxo.ai.worker.kinds.KindHandler;
import org.edxo.ai.worker.kinds.KindHandlers;
import org.springframework.messaging.MessageHeaders;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Decides whether a command body can run: contract, known kind, valid input (DESIGN §4). */
@Component
public class CommandValidator {

    static final String COMMAND_SCHEMA = "schemas/messages/task-command.v1.schema.json";
    public static final String INVALID_COMMAND = "invalid_command";
    public static final String UNKNOWN_KIND = "unknown_kind";
    public static final String INVALID_INPUT = "invalid_input";
    public static final String TOO_LARGE = "command_too_large";

    private static final Pattern KIND_PATTERN = Pattern.compile("^[a-z][a-z0-9_]{1,63}$");

    private final KindHandlers kindHandlers;
    private final long maxBytes;

    public CommandValidator(KindHandlers kindHandlers, CommandIntakeProperties intake) {
        this.kindHandlers = kindHandlers;
        this.maxBytes = intake.maxSize().toBytes();
    }

    public sealed interface Verdict {
    }

    public record Accepted(TaskCommand command, KindHandler handler, JsonNode input) implements Verdict {
    }

    /**
     * @param taskId what could be read of the task id (body, else header); null when nothing could
     * @param kind   a routing-safe kind, {@code unknown} when none could be read
     */
    public record Rejected(UUID taskId, String kind, String userId, String trace, String errorCode,
                           String message) implements Verdict {
    }

    public Verdict validate(byte[] body, MessageHeaders headers) {
        if (body.length > maxBytes) {
            // Never parsed: the task id, kind and user come from the headers, if any.
            return rejected(null, headers, TOO_LARGE, "le corps fait " + body.length
                    + " octets, au-delà de la limite de " + maxBytes + " octets");
        }
        JsonNode tree;
        try {
            tree = Json.tree(body);
        } catch (RuntimeException e) {
            return rejected(null, headers, INVALID_COMMAND, "le corps n'est pas un document JSON");
        }
        if (tree == null || !tree.isObject()) {
            return rejected(null, headers, INVALID_COMMAND, "le corps n'est pas un objet JSON");
        }
        List<ContractValidator.Violation> violations = ContractValidator.validate(COMMAND_SCHEMA, tree);
        if (!violations.isEmpty()) {
            return rejected(tree, headers, INVALID_COMMAND, describe(violations, ""));
        }
        TaskCommand command;
        try {
            command = Json.mapper().treeToValue(tree, TaskCommand.class);
        } catch (RuntimeException e) {
            return rejected(tree, headers, INVALID_COMMAND, "enveloppe illisible (" + e.getMessage() + ")");
        }
        Optional<KindHandler> handler = kindHandlers.find(command.kind());
        if (handler.isEmpty()) {
            return rejected(tree, headers, UNKNOWN_KIND, "/kind: type de tâche inconnu « " + command.kind() + " »");
        }
        JsonNode input = tree.path("data").path("input");
        List<ContractValidator.Violation> inputViolations =
                ContractValidator.validate(handler.get().kind().inputSchema(), input);
        if (!inputViolations.isEmpty()) {
            return rejected(tree, headers, INVALID_INPUT, describe(inputViolations, "/data/input"));
        }
        return new Accepted(command, handler.get(), input);
    }

    private static String describe(List<ContractValidator.Violation> violations, String prefix) {
        return violations.stream()
                .map(v -> (prefix + v.path()).isEmpty() ? "/: " + v.message() : prefix + v.path() + ": " + v.message())
                .collect(Collectors.joining("; "));
    }

    private static Rejected rejected(JsonNode tree, MessageHeaders headers, String code, String detail) {
        UUID taskId = uuid(text(tree, "task_id")).or(() -> uuid(header(headers, MessageHeaderNames.TASK_ID)))
                .orElse(null);
        String kind = Optional.ofNullable(text(tree, "kind")).or(() -> Optional.ofNullable(header(headers, MessageHeaderNames.KIND)))
                .filter(k -> KIND_PATTERN.matcher(k).matches())
                .orElse("unknown");
        String userId = Optional.ofNullable(text(tree, "user_id"))
                .or(() -> Optional.ofNullable(header(headers, MessageHeaderNames.USER_ID)))
                .orElse("");
        return new Rejected(taskId, kind, userId, text(tree, "trace"), code, "Commande invalide : " + detail);
    }

    private static String text(JsonNode tree, String field) {
        if (tree == null || !tree.isObject()) {
            return null;
        }
        JsonNode value = tree.path(field);
        return value.isString() ? value.stringValue() : null;
    }

    private static String header(MessageHeaders headers, String name) {
        Object value = headers.get(name);
        return value == null ? null : value.toString();
    }

    private static Optional<UUID> uuid(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}

package org.edxo.ai.gateway.attempts;

import org.edxo.ai.contracts.messages.TaskEvent;
import org.edxo.ai.gateway.tasks.TaskAccess;
import org.edxo.ai.gateway.tasks.TaskEventLog;
import org.edxo.ai.gateway.tasks.TaskRepository;
import org.edxo.ai.gateway.web.ApiException;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * {@code GET /internal/v1/tasks/{task_id}/relayed?before_attempt=n} (role {@code service}):
 * {@code {"task_id", "attempts": [{"attempt", "calls": [{"call", "output_bytes", "reasoning_bytes"}]}]}}, the
 * attempts before {@code n} that left events, the calls they started and what those streamed
 * ({@link RelayedOutput}); 404 for a task the gateway has not seen.
 */
@RestController
public class AttemptController {

    private final TaskRepository tasks;
    private final TaskEventLog eventLog;

    public AttemptController(TaskRepository tasks, TaskEventLog eventLog) {
        this.tasks = tasks;
        this.eventLog = eventLog;
    }

    @GetMapping("/internal/v1/tasks/{taskId}/relayed")
    Mono<Map<String, Object>> relayed(@PathVariable String taskId, @RequestParam(name = "before_attempt") String beforeAttempt) {
        UUID id = parseTaskId(taskId);
        int before = parseAttempt(beforeAttempt);
        return tasks.find(id)
                .switchIfEmpty(Mono.error(() -> new ApiException(HttpStatus.NOT_FOUND, TaskAccess.NOT_FOUND)))
                .flatMap(task -> eventLog.between(id, 1, TaskEvent.firstSeq(before) - 1).collectList())
                .map(events -> {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("task_id", id.toString());
                    body.put("attempts", RelayedOutput.of(events));
                    return body;
                });
    }

    private static UUID parseTaskId(String raw) {
        try {
            return UUID.fromString(raw);
        } catch (IllegalArgumentException e) {
            throw new ApiException(HttpStatus.NOT_FOUND, TaskAccess.NOT_FOUND);
        }
    }

    private static int parseAttempt(String raw) {
        try {
            int attempt = Integer.parseInt(raw);
            if (attempt >= 1 && attempt <= 1_000_000) {
                return attempt;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ApiException(HttpStatus.BAD_REQUEST, "Numéro de tentative invalide : " + raw);
    }
}

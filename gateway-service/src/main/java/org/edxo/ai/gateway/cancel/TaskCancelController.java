package org.edxo.ai.gateway.cancel;

import org.edxo.ai.gateway.tasks.TaskAccess;
import org.edxo.ai.gateway.tasks.TaskRepository;
import org.edxo.ai.gateway.web.ApiException;
import org.edxo.ai.gateway.web.Caller;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * {@code POST /tasks/cancel/{task_id}} (owner or admin, 404 otherwise): 202 {@code {ok, task_id, state, message}}
 * when a cancel was started, 200 with the final state when the task had already finished.
 * {@code GET /internal/v1/tasks/{task_id}/cancelled} (role {@code service}): what a worker asks before it runs a
 * command, {@code {"task_id", "cancelled"}}; 404 for a task the gateway has not seen.
 */
@RestController
public class TaskCancelController {

    private final TaskAccess access;
    private final TaskCanceller canceller;
    private final TaskRepository tasks;

    public TaskCancelController(TaskAccess access, TaskCanceller canceller, TaskRepository tasks) {
        this.access = access;
        this.canceller = canceller;
        this.tasks = tasks;
    }

    @PostMapping("/tasks/cancel/{taskId}")
    Mono<ResponseEntity<Map<String, Object>>> cancel(@PathVariable String taskId, Authentication authentication) {
        Caller caller = Caller.of(authentication);
        return access.visibleTask(taskId, caller)
                .flatMap(task -> canceller.cancel(task, caller.userId()))
                .map(outcome -> {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("ok", true);
                    body.put("task_id", outcome.taskId().toString());
                    body.put("state", outcome.state().name());
                    body.put("message", outcome.message());
                    return ResponseEntity.status(outcome.accepted() ? HttpStatus.ACCEPTED : HttpStatus.OK).body(body);
                });
    }

    @GetMapping("/internal/v1/tasks/{taskId}/cancelled")
    Mono<Map<String, Object>> cancelled(@PathVariable String taskId) {
        UUID id;
        try {
            id = UUID.fromString(taskId);
        } catch (IllegalArgumentException e) {
            return Mono.error(new ApiException(HttpStatus.NOT_FOUND, TaskAccess.NOT_FOUND));
        }
        return tasks.cancelled(id)
                .switchIfEmpty(Mono.error(() -> new ApiException(HttpStatus.NOT_FOUND, TaskAccess.NOT_FOUND)))
                .map(cancelled -> Map.of("task_id", id.toString(), "cancelled", cancelled));
    }
}

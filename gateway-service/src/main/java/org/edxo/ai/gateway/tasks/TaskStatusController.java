package org.edxo.ai.gateway.tasks;

import org.edxo.ai.gateway.web.Caller;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /tasks/status/{task_id}}: the original's status shape, for the owner or an admin. */
@RestController
public class TaskStatusController {

    private final TaskAccess access;

    public TaskStatusController(TaskAccess access) {
        this.access = access;
    }

    @GetMapping("/tasks/status/{taskId}")
    Mono<Map<String, Object>> status(@PathVariable String taskId, Authentication authentication) {
        return access.visibleTask(taskId, Caller.of(authentication)).map(task -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("task_id", task.taskId().toString());
            body.put("state", task.state().name());
            body.put("message", task.message());
            body.put("meta", task.meta());
            body.put("result", task.state() == TaskState.SUCCESS ? task.result() : null);
            return body;
        });
    }
}

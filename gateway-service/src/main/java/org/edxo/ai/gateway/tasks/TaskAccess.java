package org.edxo.ai.gateway.tasks;

import org.edxo.ai.gateway.web.ApiException;
import org.edxo.ai.gateway.web.Caller;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.util.UUID;

/** Finds a task the caller may see (owner or admin); anything else is the same 404, so existence is never revealed. */
@Component
public class TaskAccess {

    public static final String NOT_FOUND = "Tâche introuvable.";

    private final TaskRepository tasks;

    public TaskAccess(TaskRepository tasks) {
        this.tasks = tasks;
    }

    public Mono<TaskRow> visibleTask(String rawTaskId, Caller caller) {
        UUID taskId;
        try {
            taskId = UUID.fromString(rawTaskId);
        } catch (IllegalArgumentException e) {
            return Mono.error(TaskAccess::notFound);
        }
        return tasks.find(taskId)
                .filter(task -> caller.isAdmin() || task.userId().equals(caller.userId()))
                .switchIfEmpty(Mono.error(TaskAccess::notFound));
    }

    private static ApiException notFound() {
        return new ApiException(HttpStatus.NOT_FOUND, NOT_FOUND);
    }
}

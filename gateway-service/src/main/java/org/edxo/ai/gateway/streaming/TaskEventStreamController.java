package org.edxo.ai.gateway.streaming;

import org.edxo.ai.gateway.tasks.TaskAccess;
import org.edxo.ai.gateway.web.Caller;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * {@code GET /tasks/events/{task_id}}: the task's SSE stream, for its owner or an admin (404 before the stream
 * otherwise). The cursor is the {@code Last-Event-ID} header (EventSource's automatic reconnection) or
 * {@code ?last_event_id=} (a page that reconnects by itself).
 */
@RestController
public class TaskEventStreamController {

    private final TaskAccess access;
    private final TaskEventStream stream;
    private final SseShutdown shutdown;

    public TaskEventStreamController(TaskAccess access, TaskEventStream stream, SseShutdown shutdown) {
        this.access = access;
        this.stream = stream;
        this.shutdown = shutdown;
    }

    @GetMapping("/tasks/events/{taskId}")
    Mono<ResponseEntity<Flux<ServerSentEvent<String>>>> events(
            @PathVariable String taskId,
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventIdHeader,
            @RequestParam(name = "last_event_id", required = false) String lastEventIdParam,
            Authentication authentication) {
        long cursor = cursor(lastEventIdHeader != null ? lastEventIdHeader : lastEventIdParam);
        return detached(access.visibleTask(taskId, Caller.of(authentication))).map(task -> ResponseEntity.ok()
                .contentType(MediaType.TEXT_EVENT_STREAM)
                .header(HttpHeaders.CACHE_CONTROL, "no-cache, no-transform")
                .header("X-Accel-Buffering", "no")
                .body(shutdown.untilShutdown(stream.stream(task.taskId(), cursor))));
    }

    /**
     * The access check's answer without the chain that produced it. WebFlux keeps the handler's Mono chain
     * reachable until the response is written, i.e. for as long as the stream is open, and a finished R2DBC
     * query chain still holds its parsed SQL and row metadata: a few KiB per idle stream (BENCHMARKS.md).
     */
    static <T> Mono<T> detached(Mono<T> source) {
        return Mono.defer(() -> {
            Sinks.One<T> answer = Sinks.one();
            source.subscribe(answer::tryEmitValue, answer::tryEmitError, answer::tryEmitEmpty);
            return answer.asMono();
        });
    }

    /** A cursor that is not a positive number means "from the start". */
    static long cursor(String raw) {
        if (raw == null) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(raw.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}

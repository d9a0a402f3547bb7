package org.edxo.ai.gateway.streaming;

import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.gateway.GatewayProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Graceful shutdown of the SSE streams: when this instance is asked to stop, every open stream (and any
 * opened after) gets a last {@code error} event telling the client to reconnect, with the SSE {@code retry}
 * field, and is completed. EventSource then reconnects by itself with {@code Last-Event-ID}, and the track
 * page reconnects on {@code error} with its {@code last_event_id}; behind a load balancer that lands on
 * another instance, which resumes exactly where the client was (DESIGN §8). Without this, graceful shutdown
 * would wait for streams that never end until the shutdown phase times out.
 * <p>
 * Stopped before the binder's input bindings (phase {@code Integer.MAX_VALUE - 1000}), so the live relay still
 * runs while clients are told, and before the web server's graceful shutdown.
 */
@Component
public class SseShutdown implements SmartLifecycle {

    static final String RESTARTING = "Le serveur redémarre ; reconnexion à un autre serveur…";

    private static final Logger log = LoggerFactory.getLogger(SseShutdown.class);

    private final Sinks.One<Boolean> stopping = Sinks.one();
    private final Duration retry;
    private volatile boolean running;
    private volatile boolean stopped;

    @Autowired
    public SseShutdown(GatewayProperties properties) {
        this(properties.sse().retry());
    }

    /** @param retry the reconnection delay the hint advertises */
    SseShutdown(Duration retry) {
        this.retry = retry;
    }

    /** The stream as is, until shutdown; then the reconnect hint, and the end. */
    public Flux<ServerSentEvent<String>> untilShutdown(Flux<ServerSentEvent<String>> events) {
        return events.takeUntilOther(stopping.asMono())
                .concatWith(Mono.fromSupplier(() -> stopped ? reconnectHint(retry) : null));
    }

    /** {@code event: error}, {@code retry: <ms>}, {@code data: {"error": "...", "reconnect": true}}; no id. */
    static ServerSentEvent<String> reconnectHint(Duration retry) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("error", RESTARTING);
        data.put("reconnect", true);
        return ServerSentEvent.<String>builder().event(TaskSseMapper.ERROR).retry(retry).data(Json.writeString(data)).build();
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        stopped = true;
        log.info("shutting down: SSE clients are told to reconnect elsewhere");
        stopping.tryEmitValue(true);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 500;
    }
}

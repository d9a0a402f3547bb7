package org.edxo.ai.gateway.retention;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.time.Instant;

/**
 * Purges tasks (and, by cascade, their events) untouched for {@code edxo.gateway.retention}, in batches.
 * Several instances may purge at once: {@code SKIP LOCKED} keeps them off each other's rows.
 */
@Component
public class TaskRetention {

    private static final Logger log = LoggerFactory.getLogger(TaskRetention.class);

    private final DatabaseClient db;
    private final RetentionProperties properties;

    public TaskRetention(DatabaseClient db, RetentionProperties properties) {
        this.db = db;
        this.properties = properties;
    }

    @Scheduled(initialDelayString = "${edxo.gateway.retention-purge-interval:1h}",
            fixedDelayString = "${edxo.gateway.retention-purge-interval:1h}")
    void scheduledPurge() {
        try {
            long deleted = purgeOlderThan(properties.retention()).block(Duration.ofMinutes(30));
            if (deleted > 0) {
                log.info("retention: purged {} task(s) older than {}", deleted, properties.retention());
            }
        } catch (RuntimeException e) {
            log.warn("retention purge failed: {}", e.toString());
        }
    }

    /** @return how many tasks were deleted */
    public Mono<Long> purgeOlderThan(Duration retention) {
        Instant cutoff = Instant.now().minus(retention);
        return purgeBatch(cutoff)
                .expand(deleted -> deleted < properties.retentionPurgeBatch() ? Mono.empty() : purgeBatch(cutoff))
                .reduce(0L, Long::sum);
    }

    private Mono<Long> purgeBatch(Instant cutoff) {
        return db.sql("""
                        DELETE FROM gateway.tasks WHERE task_id IN (
                            SELECT task_id FROM gateway.tasks WHERE updated_at < :cutoff
                            ORDER BY updated_at LIMIT :batch FOR UPDATE SKIP LOCKED)""")
                .bind("cutoff", cutoff)
                .bind("batch", properties.retentionPurgeBatch())
                .fetch()
                .rowsUpdated();
    }
}

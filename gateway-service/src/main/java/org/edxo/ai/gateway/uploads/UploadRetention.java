package org.edxo.ai.gateway.uploads;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Duration;

/**
 * Deletes uploads no task took within {@code edxo.gateway.uploads.unattached-ttl} (a campus system that
 * uploaded and never started, a start that died half-way). Uploads of a task go with the task: the
 * retention purge deletes tasks, and the foreign key cascades.
 */
@Component
public class UploadRetention {

    private static final Logger log = LoggerFactory.getLogger(UploadRetention.class);

    private final UploadStore store;
    private final UploadProperties properties;

    public UploadRetention(UploadStore store, UploadProperties properties) {
        this.store = store;
        this.properties = properties;
    }

    @Scheduled(initialDelayString = "${edxo.gateway.uploads.purge-interval:10m}",
            fixedDelayString = "${edxo.gateway.uploads.purge-interval:10m}")
    void scheduledPurge() {
        try {
            long deleted = store.purgeUnattachedOlderThan(properties.unattachedTtl()).block(Duration.ofMinutes(10));
            if (deleted > 0) {
                log.info("uploads: purged {} upload(s) no task took within {}", deleted, properties.unattachedTtl());
            }
        } catch (RuntimeException e) {
            log.warn("purge of unattached uploads failed: {}", e.toString());
        }
    }
}

package org.edxo.ai.billing.holds;

import org.edxo.ai.billing.config.BillingProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.time.Instant;

/**
 * Releases holds that outlived their task (a worker died between hold and usage): every
 * {@code edxo.billing.hold-sweep-interval} (1 min), holds open for more than {@code edxo.billing.hold-ttl}
 * are released as {@code expired}. Safe with several billing instances: each release locks the account
 * and skips a hold another transaction holds (SKIP LOCKED); a settled hold is left alone.
 */
@Component
public class HoldSweeper {

    private static final Logger log = LoggerFactory.getLogger(HoldSweeper.class);
    private static final int BATCH = 200;

    private final Holds holds;
    private final BillingProperties properties;

    public HoldSweeper(Holds holds, BillingProperties properties) {
        this.holds = holds;
        this.properties = properties;
    }

    @Scheduled(fixedDelayString = "${edxo.billing.hold-sweep-interval:60s}", initialDelayString = "${edxo.billing.hold-sweep-interval:60s}")
    public void sweepExpired() {
        try {
            Long released = sweep(Instant.now().minus(properties.holdTtl())).block(Duration.ofMinutes(1));
            if (released != null && released > 0) {
                log.warn("released {} expired hold(s) older than {}", released, properties.holdTtl());
            }
        } catch (RuntimeException e) {
            log.warn("hold sweep failed, next run retries: {}", e.toString());
        }
    }

    /** Releases the holds opened before {@code cutoff} and still open; how many it released. */
    public Mono<Long> sweep(Instant cutoff) {
        return holds.openSince(cutoff, BATCH)
                .concatMap(hold -> holds.release(hold.taskId(), hold.attempt(), hold.call(), Hold.EXPIRED)
                        .filter(Holds.Settled::now)
                        .onErrorResume(HoldNotFoundException.class, e -> Mono.empty()))
                .count();
    }
}

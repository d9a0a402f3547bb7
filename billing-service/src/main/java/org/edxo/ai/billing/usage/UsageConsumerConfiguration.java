package org.edxo.ai.billing.usage;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.edxo.ai.billing.ledger.PostingResult;
import org.edxo.ai.contracts.messages.UsageRecorded;
import org.edxo.ai.support.web.DatabaseOutages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;
import reactor.util.retry.Retry;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * Binding {@code usageRecorded-in-0} (queue {@code <prefix>edxo.usage.billing}). An imperative consumer
 * on purpose: it blocks its listener-container thread (not an event loop) until the charge is
 * committed, so the broker's ack follows the commit, and the binder's dead-letter handling applies.
 * While the database is unreachable the charge is retried in place (backoff up to 5 s, for at most
 * {@link #OUTAGE_PATIENCE}), the message unacked: an outage delays charges, it never dead-letters them.
 * Counter {@code edxo.billing.usage{outcome=charged|duplicate|rejected}} shows what happened.
 */
@Configuration(proxyBeanMethods = false)
public class UsageConsumerConfiguration {

    static final String OUTCOME_METER = "edxo.billing.usage";
    private static final Logger log = LoggerFactory.getLogger(UsageConsumerConfiguration.class);
    private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(30);
    static final Duration OUTAGE_PATIENCE = Duration.ofMinutes(5);

    @Bean
    public Consumer<Message<byte[]>> usageRecorded(UsageCharges charges, MeterRegistry meters) {
        Counter charged = outcome(meters, "charged");
        Counter duplicate = outcome(meters, "duplicate");
        Counter rejected = outcome(meters, "rejected");
        return message -> {
            try {
                UsageRecorded usage = UsageCharges.parse(message.getPayload());
                PostingResult result = charges.charge(usage)
                        .timeout(COMMIT_TIMEOUT)
                        .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(500))
                                .maxBackoff(Duration.ofSeconds(5))
                                .filter(DatabaseOutages::isOutage)
                                .doBeforeRetry(retry -> log.warn("usage {} not charged yet, database unreachable "
                                        + "(attempt {}): {}", usage.id(), retry.totalRetries() + 1, retry.failure().toString())))
                        .block(OUTAGE_PATIENCE);
                (result != null && result.applied() ? charged : duplicate).increment();
            } catch (UsageRejectedException e) {
                rejected.increment();
                log.warn("usage message dead-lettered: {}", e.getMessage());
                throw e;
            }
        };
    }

    private static Counter outcome(MeterRegistry meters, String outcome) {
        return Counter.builder(OUTCOME_METER).tag("outcome", outcome)
                .description("usage.recorded messages by outcome").register(meters);
    }
}

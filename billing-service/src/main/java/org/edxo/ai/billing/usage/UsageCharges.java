package org.edxo.ai.billing.usage;

import org.edxo.ai.billing.holds.Holds;
import org.edxo.ai.billing.ledger.Ledger;
import org.edxo.ai.billing.ledger.Posting;
import org.edxo.ai.billing.ledger.PostingResult;
import org.edxo.ai.billing.ledger.Tokens;
import org.edxo.ai.billing.pricing.PriceBook;
import org.edxo.ai.billing.pricing.PriceBookEntry;
import org.edxo.ai.billing.pricing.UnknownModelException;
import org.edxo.ai.contracts.json.ContractValidator;
import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.contracts.messages.UsageRecorded;
import org.edxo.ai.contracts.money.TokenCost;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.List;

/**
 * Turns one {@code usage.recorded} message into one {@code capture} entry, exactly once: the entry's
 * idempotency key is {@code usage:<message id>}, so a redelivered or duplicated message is a no-op.
 * When the call had a hold (same {@code task_id}, {@code attempt} and {@code call}), the same transaction first
 * releases the hold in full, then debits the real cost: the hold pays for the call, its unused part
 * goes back, and a cost above the hold takes the excess from the balance as far as it goes
 * ({@code uncovered} records the rest). Without a hold (a campus system's worker) the cost is debited
 * directly.
 */
@Service
public class UsageCharges {

    static final String SCHEMA = "schemas/messages/usage-recorded.v1.schema.json";
    private static final Logger log = LoggerFactory.getLogger(UsageCharges.class);

    private final PriceBook priceBook;
    private final Ledger ledger;
    private final Holds holds;

    public UsageCharges(PriceBook priceBook, Ledger ledger, Holds holds) {
        this.priceBook = priceBook;
        this.ledger = ledger;
        this.holds = holds;
    }

    /** Parses and checks a message body; a {@link UsageRejectedException} when it breaks the contract. */
    public static UsageRecorded parse(byte[] body) {
        try {
            JsonNode document = Json.tree(body);
            List<ContractValidator.Violation> violations = ContractValidator.validate(SCHEMA, document);
            if (!violations.isEmpty()) {
                throw new UsageRejectedException("Message usage.recorded invalide : " + violations);
            }
            return Json.mapper().treeToValue(document, UsageRecorded.class);
        } catch (JacksonException e) {
            throw new UsageRejectedException("Message usage.recorded illisible : " + e.getOriginalMessage(), e);
        }
    }

    /** The cost of a usage at a price, or a {@link UsageRejectedException} for impossible token counts. */
    public static BigDecimal cost(UsageRecorded.Usage usage, PriceBookEntry price) {
        try {
            return TokenCost.of(usage.inputTokens(), usage.cachedInputTokens(), usage.outputTokens(),
                    price.toModelPrice());
        } catch (IllegalArgumentException e) {
            throw new UsageRejectedException("Compteurs de jetons invalides : " + e.getMessage(), e);
        }
    }

    /** Prices the usage as of when it happened and captures its cost (settling its hold) in one transaction. */
    public Mono<PostingResult> charge(UsageRecorded usage) {
        UsageRecorded.Usage data = usage.data();
        return priceBook.priceAt(data.model(), usage.occurredAt())
                .onErrorMap(UnknownModelException.class, e -> new UsageRejectedException(e.getMessage(), e))
                .map(price -> Posting.capture(usage.userId(), cost(data, price), "usage:" + usage.id(),
                        usage.taskId(), data.attempt(), data.model(),
                        new Tokens(data.inputTokens(), data.cachedInputTokens(), data.outputTokens(),
                                data.reasoningTokens()),
                        data.section(), usage.kind()))
                .flatMap(capture -> ledger.inTransaction(ledger.lock(usage.userId())
                        .flatMap(account -> ledger.entryExists(capture.idempotencyKey())
                                // A redelivery: the hold was settled with the first delivery, touch nothing.
                                .flatMap(seen -> seen ? ledger.apply(capture, account)
                                        : holds.settleForCapture(usage.taskId(), data.attempt(), data.callIndex(), account)
                                                .flatMap(afterHold -> ledger.apply(capture, afterHold))))))
                .doOnNext(result -> logCharge(usage, result));
    }

    private static void logCharge(UsageRecorded usage, PostingResult result) {
        if (!result.applied()) {
            log.info("usage {} already charged (entry {}), ignored", usage.id(), result.entry().id());
        } else if (result.entry().uncovered().signum() > 0) {
            log.warn("usage {} of user {}: balance too low, {} $ not covered", usage.id(), usage.userId(),
                    result.entry().uncovered().toPlainString());
        } else {
            log.debug("usage {} of user {} charged {} $", usage.id(), usage.userId(),
                    result.entry().amount().negate().toPlainString());
        }
    }
}

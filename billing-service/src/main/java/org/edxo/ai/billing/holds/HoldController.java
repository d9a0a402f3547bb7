package org.edxo.ai.billing.holds;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.edxo.ai.billing.ledger.AccountState;
import org.edxo.ai.billing.web.MoneyFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.util.UUID;

/** Service routes of the workers: hold before a model call, release when it ended without usage. */
@RestController
@RequestMapping("/api/v1/billing/holds")
public class HoldController {

    private final Holds holds;

    public HoldController(Holds holds) {
        this.holds = holds;
    }

    /**
     * 201 {@code {"hold_id","amount","balance","held"}} for a new hold, 200 with the same hold for a
     * repeated one, 402 {@code {"error":"Crédits insuffisants pour cette opération."}} when the balance
     * cannot cover the worst case, 404 for a model without a price.
     */
    @PostMapping
    public Mono<ResponseEntity<HoldView>> hold(@RequestBody(required = false) String body) {
        return Mono.fromCallable(() -> HoldRequest.parse(body))
                .flatMap(holds::place)
                .map(placed -> ResponseEntity.status(placed.created() ? HttpStatus.CREATED : HttpStatus.OK)
                        .body(HoldView.of(placed.hold(), placed.account())));
    }

    /**
     * 200 {@code {"hold_id","amount","released","settlement","balance","held"}} for the hold of model call
     * {@code call} (default 1) of the attempt; idempotent; 404 without a hold.
     */
    @PostMapping("/{taskId}/{attempt}/release")
    public Mono<ReleaseView> release(@PathVariable UUID taskId, @PathVariable int attempt,
                                     @RequestParam(defaultValue = "1") int call) {
        return holds.release(taskId, attempt, call, Hold.RELEASED).map(ReleaseView::of);
    }

    public record HoldView(@JsonProperty("hold_id") UUID holdId, @JsonProperty("amount") String amount,
                           @JsonProperty("balance") String balance, @JsonProperty("held") String held) {
        static HoldView of(Hold hold, AccountState account) {
            return new HoldView(hold.holdEntryId(), MoneyFormat.format(hold.amount()),
                    MoneyFormat.format(account.balance()), MoneyFormat.format(account.held()));
        }
    }

    public record ReleaseView(@JsonProperty("hold_id") UUID holdId, @JsonProperty("amount") String amount,
                              @JsonProperty("released") String released,
                              @JsonProperty("settlement") String settlement,
                              @JsonProperty("balance") String balance, @JsonProperty("held") String held) {
        static ReleaseView of(Holds.Settled settled) {
            return new ReleaseView(settled.hold().holdEntryId(), MoneyFormat.format(settled.hold().amount()),
                    MoneyFormat.format(settled.released()),
                    settled.settlement(),
                    MoneyFormat.format(settled.account().balance()), MoneyFormat.format(settled.account().held()));
        }
    }
}

package org.edxo.ai.billing.pricing;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.edxo.ai.billing.web.MoneyFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Instant;

/** The prices in force now (workers show a task's cost with them); admins add new ones. */
@RestController
@RequestMapping("/api/v1/billing/prices")
public class PriceController {

    private final PriceBook priceBook;

    public PriceController(PriceBook priceBook) {
        this.priceBook = priceBook;
    }

    @GetMapping
    public Flux<PriceView> prices() {
        return priceBook.pricesAt(Instant.now()).map(PriceView::of);
    }

    /** 404 {@code {"error": "Modèle '<model>' non trouvé dans la base de données."}} for an unknown model. */
    @GetMapping("/{model}")
    public Mono<PriceView> price(@PathVariable String model) {
        return priceBook.priceAt(model, Instant.now()).map(PriceView::of);
    }

    /**
     * Admin: adds a price from {@code effective_from} on ({@link PriceRequest}). 201 with the price;
     * 409 when the model already has a price from that exact instant (prices are never edited).
     */
    @PostMapping
    public Mono<ResponseEntity<PriceView>> add(@RequestBody(required = false) String body) {
        return Mono.fromCallable(() -> PriceRequest.parse(body, Instant.now()))
                .flatMap(entry -> priceBook.add(entry).map(added -> {
                    if (!added) {
                        throw new DuplicatePriceException(entry);
                    }
                    return ResponseEntity.status(HttpStatus.CREATED).body(PriceView.of(entry));
                }));
    }

    /** {@code cached_input_per_million} is null when cached tokens cost the input price. */
    public record PriceView(@JsonProperty("model") String model,
                            @JsonProperty("input_per_million") String inputPerMillion,
                            @JsonProperty("cached_input_per_million") String cachedInputPerMillion,
                            @JsonProperty("output_per_million") String outputPerMillion,
                            @JsonProperty("effective_from") String effectiveFrom) {

        static PriceView of(PriceBookEntry entry) {
            return new PriceView(entry.model(), MoneyFormat.format(entry.inputPerMillion()),
                    MoneyFormat.format(entry.cachedInputPerMillion()), MoneyFormat.format(entry.outputPerMillion()),
                    entry.effectiveFrom().toString());
        }
    }
}

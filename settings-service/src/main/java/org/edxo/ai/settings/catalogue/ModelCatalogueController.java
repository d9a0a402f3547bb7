package org.edxo.ai.settings.catalogue;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;

@RestController
public class ModelCatalogueController {

    private final ModelCatalogue catalogue;

    public ModelCatalogueController(ModelCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    @GetMapping("/api/v1/settings/models")
    public Flux<AiModel> models() {
        return catalogue.findAll();
    }
}

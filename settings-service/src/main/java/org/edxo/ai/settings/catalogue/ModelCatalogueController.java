package org.edxo.ai.settings.catalogue;

import org.edxo.ai.settings.web.JsonBodies;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.security.Principal;

@RestController
public class ModelCatalogueController {

    private final ModelCatalogue catalogue;
    private final ModelCatalogueService service;

    public ModelCatalogueController(ModelCatalogue catalogue, ModelCatalogueService service) {
        this.catalogue = catalogue;
        this.service = service;
    }

    @GetMapping("/api/v1/settings/models")
    public Flux<AiModel> models() {
        return catalogue.findAll();
    }

    @PostMapping("/api/v1/settings/models")
    @ResponseStatus(HttpStatus.CREATED)
    public Mono<AiModel> create(@RequestBody String body, Principal caller) {
        return service.create(ModelUpdate.parse(null, JsonBodies.parseObject(body)), caller.getName());
    }

    @PutMapping("/api/v1/settings/models/{name}")
    public Mono<AiModel> update(@PathVariable String name, @RequestBody String body, Principal caller) {
        return service.update(ModelUpdate.parse(name, JsonBodies.parseObject(body)), caller.getName());
    }
}

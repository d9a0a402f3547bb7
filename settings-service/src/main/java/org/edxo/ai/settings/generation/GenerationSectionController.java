package org.edxo.ai.settings.generation;

import org.edxo.ai.settings.web.JsonBodies;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.security.Principal;

@RestController
@RequestMapping("/api/v1/settings/generation-sections")
public class GenerationSectionController {

    private final GenerationSectionService service;

    public GenerationSectionController(GenerationSectionService service) {
        this.service = service;
    }

    @GetMapping
    public Flux<GenerationSection> list() {
        return service.list();
    }

    @PutMapping("/{name}")
    public Mono<GenerationSection> update(@PathVariable String name, @RequestBody String body, Principal caller) {
        return service.update(name, JsonBodies.parseObject(body), caller.getName());
    }
}

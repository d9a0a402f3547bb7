package org.edxo.ai.settings.sections;

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

/** Section settings: read by workers (role service) and administrators, changed by administrators. */
@RestController
@RequestMapping("/api/v1/settings/sections")
public class SectionController {

    private final SectionService service;

    public SectionController(SectionService service) {
        this.service = service;
    }

    @GetMapping
    public Flux<SectionDocument> list() {
        return service.list();
    }

    @GetMapping("/{section}")
    public Mono<SectionDocument> get(@PathVariable String section) {
        return service.get(section);
    }

    /** Bodies are taken as text: {@link JsonBodies} parses them so that absent and null differ. */
    @PutMapping("/{section}")
    public Mono<SectionDocument> update(@PathVariable String section, @RequestBody String body, Principal caller) {
        SectionUpdate update = SectionUpdate.parse(JsonBodies.parseObject(body));
        return service.update(section, update, caller.getName());
    }

    @PutMapping("/{section}/templates/{name}")
    public Mono<SectionDocument> updateTemplate(@PathVariable String section, @PathVariable String name,
                                                @RequestBody String body, Principal caller) {
        TemplateUpdate update = TemplateUpdate.parse(name, JsonBodies.parseObject(body));
        return service.updateTemplate(section, update, caller.getName());
    }
}

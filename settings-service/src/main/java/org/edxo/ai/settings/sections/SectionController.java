package org.edxo.ai.settings.sections;

import org.edxo.ai.settings.web.FieldError;
import org.edxo.ai.settings.web.InvalidRequestException;
import org.edxo.ai.settings.web.JsonBodies;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.security.Principal;
import java.util.List;

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

    /**
     * The section as stored; with {@code ?view=effective}, the global defaults applied and the
     * {@code sources} of each value ({@link EffectiveSection}): what workers read.
     */
    @GetMapping("/{section}")
    public Mono<?> get(@PathVariable String section, @RequestParam(required = false) String view) {
        if (view == null) {
            return service.get(section);
        }
        if (view.equals("effective")) {
            return service.effective(section);
        }
        throw new InvalidRequestException(List.of(new FieldError("view", "Valeur invalide : attendu effective.")));
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

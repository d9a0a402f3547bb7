package org.edxo.ai.settings.defaults;

import org.edxo.ai.settings.web.JsonBodies;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.security.Principal;

@RestController
public class DefaultsController {

    private final DefaultsService service;

    public DefaultsController(DefaultsService service) {
        this.service = service;
    }

    @GetMapping("/api/v1/settings/defaults")
    public Mono<GlobalDefaults> get() {
        return service.get();
    }

    @PutMapping("/api/v1/settings/defaults")
    public Mono<GlobalDefaults> update(@RequestBody String body, Principal caller) {
        return service.update(JsonBodies.parseObject(body), caller.getName());
    }
}

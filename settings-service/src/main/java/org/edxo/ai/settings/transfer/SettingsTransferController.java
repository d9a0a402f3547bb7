package org.edxo.ai.settings.transfer;

import org.edxo.ai.settings.web.JsonBodies;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.security.Principal;

@RestController
public class SettingsTransferController {

    private final SettingsTransferService service;

    public SettingsTransferController(SettingsTransferService service) {
        this.service = service;
    }

    @GetMapping("/api/v1/settings/export")
    public Mono<SettingsExport> export() {
        return service.export();
    }

    /** Answers the export of the settings as they are after the import. */
    @PostMapping("/api/v1/settings/import")
    public Mono<SettingsExport> importDocument(@RequestBody String body, Principal caller) {
        return service.importDocument(JsonBodies.parseObject(body), caller.getName());
    }
}

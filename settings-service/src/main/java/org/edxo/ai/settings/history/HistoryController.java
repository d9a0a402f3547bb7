package org.edxo.ai.settings.history;

import org.edxo.ai.settings.web.FieldError;
import org.edxo.ai.settings.web.InvalidRequestException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

@RestController
public class HistoryController {

    static final int MAX_LIMIT = 500;

    private final SettingsHistory history;
    private final RollbackService rollback;

    public HistoryController(SettingsHistory history, RollbackService rollback) {
        this.history = history;
        this.rollback = rollback;
    }

    /** Newest first; {@code section} filters (models, defaults and imports have none). */
    @GetMapping("/api/v1/settings/history")
    public Flux<SettingChange> list(@RequestParam(required = false) String section,
                                    @RequestParam(defaultValue = "50") String limit) {
        int max;
        try {
            max = Integer.parseInt(limit);
        } catch (NumberFormatException e) {
            max = -1;
        }
        if (max < 1 || max > MAX_LIMIT) {
            throw new InvalidRequestException(List.of(new FieldError("limit", "Doit être un entier entre 1 et " + MAX_LIMIT + ".")));
        }
        return history.list(section == null || section.isBlank() ? null : section, max);
    }

    /** {@code {"rolled_back": id, "restored": <the entity after the rollback>}}. */
    @PostMapping("/api/v1/settings/history/{changeId}/rollback")
    public Mono<Map<String, Object>> rollback(@PathVariable long changeId, Principal caller) {
        return rollback.rollback(changeId, caller.getName()).map(restored -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("rolled_back", changeId);
            body.put("restored", restored);
            return body;
        });
    }
}

package org.edxo.ai.worker.kinds.competences;

import org.edxo.ai.contracts.json.Json;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/** The competencies the model extracted (schema {@code extraire_competences_en_json}), as the payloads carry them. */
final class CompetencesPayload {

    private CompetencesPayload() {
    }

    @SuppressWarnings("unchecked")
    static List<Object> competences(JsonNode output) {
        return Json.mapper().convertValue(output.path("competences"), List.class);
    }
}

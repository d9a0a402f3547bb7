package org.edxo.ai.worker.kinds.programme;

import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.worker.kinds.KindTestSupport;
import org.edxo.ai.worker.kinds.ModelCall;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class GenerateProgrammeLogigrammeHandlerTest {

    private final GenerateProgrammeLogigrammeHandler handler = new GenerateProgrammeLogigrammeHandler();
    private final JsonNode input = KindTestSupport.fixture("programme-logigramme-input.json");

    @Test
    void oneCallOnTheLogigrammeSection() {
        List<ModelCall> calls = handler.calls(input);

        assertThat(calls).hasSize(1);
        assertThat(calls.get(0).section()).isEqualTo("logigramme");
        assertThat(calls.get(0).output().name()).isEqualTo("ProgrammeLogigrammeResponse");
        assertThat(calls.get(0).template()).isNull();
        assertThat(calls.get(0).userMessage()).isEqualTo(GenerateProgrammeLogigrammeHandler.userMessage(input));
    }

    @Test
    void userMessageHasTheOriginalsKeysAndAdditionalInfoWhichTheOriginalNeverSent() {
        JsonNode tree = Json.tree(GenerateProgrammeLogigrammeHandler.userMessage(input));

        assertThat(new ArrayList<>(tree.propertyNames())).containsExactly("courses", "competences", "additional_info");
        assertThat(tree.get("additional_info").asString()).isEqualTo("Le stage réinvestit toutes les compétences.");
        JsonNode course = tree.get("courses").get(0);
        assertThat(new ArrayList<>(course.propertyNames())).containsExactly("code", "nom", "session", "heures_theorie",
                "heures_laboratoire", "heures_travail_maison");
        assertThat(Json.writeString(course)).isEqualTo("{\"code\":\"420-1A1-JR\",\"nom\":\"Introduction à la programmation\","
                + "\"session\":1,\"heures_theorie\":2,\"heures_laboratoire\":3,\"heures_travail_maison\":3}");
        JsonNode internship = tree.get("courses").get(2);
        assertThat(internship.get("session").asInt()).as("no session: 0, as the original").isZero();
        assertThat(internship.get("heures_travail_maison").asInt()).isZero();

        JsonNode competence = tree.get("competences").get(0);
        assertThat(new ArrayList<>(competence.propertyNames())).containsExactly("code", "nom", "criteria_de_performance",
                "contexte_de_realisation", "elements");
        assertThat(Json.writeString(competence.get("elements").get(0))).isEqualTo(
                "{\"nom\":\"Décomposer le problème\",\"criteres\":[\"Identification juste des données\",\"Découpage logique\"]}");
        assertThat(tree.get("competences").get(1).get("criteria_de_performance").isNull()).isTrue();
    }

    @Test
    void thePayloadProposesTheCleanedLinksWithTheirStatusAndValidatesAgainstTheResultSchema() {
        JsonNode payload = KindTestSupport.payload(handler, input, """
                {"links": [{"cours_code": "420-1A1-JR", "competence_code": "00Q7", "type": "developpe"},
                           {"cours_code": "420-6S9-JR", "competence_code": "00Q7", "type": "reinvesti"},
                           {"cours_code": "420-6S9-JR", "competence_code": "00Q7", "type": "atteint"},
                           {"cours_code": "999-ZZZ-ZZ", "competence_code": "00SF", "type": "atteint"}]}""");

        assertThat(new ArrayList<>(payload.propertyNames()))
                .containsExactly("status", "programme_id", "result", "usage", "settings_used", "validation_url");
        assertThat(payload.get("validation_url").asString()).isEqualTo("/programme/7/competences/logigramme");
        JsonNode result = payload.get("result");
        assertThat(new ArrayList<>(result.propertyNames())).containsExactly("links", "reasoning_summary", "message", "logigramme_url");
        assertThat(result.get("message").asString()).isEqualTo("2 liens proposés");
        assertThat(result.get("logigramme_url").asString()).isEqualTo("/programme/7/competences/logigramme");
        assertThat(result.get("links").valueStream().map(link -> link.get("status").asString()).toList())
                .containsExactly("Développé significativement", "Réinvesti");
        assertThat(payload.get("usage").get("prompt_tokens").asLong()).isEqualTo(1200);
        assertThat(payload.get("usage").get("completion_tokens").asLong()).isEqualTo(800);
    }
}

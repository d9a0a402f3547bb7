package org.edxo.ai.worker.kinds.programme;

import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.worker.kinds.KindTestSupport;
import org.edxo.ai.worker.kinds.ModelCall;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class GenerateProgrammeGrilleHandlerTest {

    private final GenerateProgrammeGrilleHandler handler = new GenerateProgrammeGrilleHandler();
    private final JsonNode input = KindTestSupport.fixture("programme-grille-input.json");

    @Test
    void oneCallOnTheGrilleSectionWithTheOriginalsUserMessage() {
        List<ModelCall> calls = handler.calls(input);

        assertThat(calls).hasSize(1);
        assertThat(calls.get(0).section()).isEqualTo("grille");
        assertThat(calls.get(0).output().name()).isEqualTo("ProgrammeGrilleResponse");
        assertThat(calls.get(0).template()).isNull();
        assertThat(calls.get(0).progressMessage()).isEqualTo("Appel du modèle…");
        assertThat(calls.get(0).userMessage()).isEqualTo(GenerateProgrammeGrilleHandler.userMessage(input));
    }

    @Test
    void userMessageHasTheOriginalsKeysInOrderAndCompetencesOrderedByCode() {
        String message = GenerateProgrammeGrilleHandler.userMessage(input);
        JsonNode tree = Json.tree(message);

        assertThat(new ArrayList<>(tree.propertyNames()))
                .containsExactly("programme", "total_hours", "total_units", "nb_sessions", "additional_info", "competences");
        assertThat(Json.writeString(tree.get("programme"))).isEqualTo("{\"id\":7,\"nom\":\"Techniques de l'informatique\"}");
        assertThat(tree.get("total_hours").asLong()).isEqualTo(1860);
        assertThat(tree.get("total_units").asDouble()).isEqualTo(58.33);
        assertThat(tree.get("nb_sessions").asLong()).isEqualTo(6);
        assertThat(tree.get("additional_info").asString()).startsWith("Prévoir un stage");
        assertThat(tree.get("competences").valueStream().map(c -> c.get("code").asString()).toList())
                .containsExactly("00Q4", "00Q7", "00SE", "00SF");
        assertThat(new ArrayList<>(tree.get("competences").get(0).propertyNames())).containsExactly("code", "nom");
        assertThat(message).contains("Exploiter un système d'exploitation").doesNotContain("\\u00e8");
    }

    @Test
    void optionalFormValuesBecomeNullOrEmptyAndTheProgrammeIdComesFromThePath() {
        ObjectNode minimal = (ObjectNode) input.deepCopy();
        minimal.remove("total_units");
        minimal.remove("additional_info");
        ((ObjectNode) minimal.get("programme")).remove("id");

        JsonNode tree = Json.tree(GenerateProgrammeGrilleHandler.userMessage(minimal));

        assertThat(tree.get("total_units").isNull()).isTrue();
        assertThat(tree.get("additional_info").asString()).isEmpty();
        assertThat(tree.get("programme").get("id").asLong()).isEqualTo(7);
    }

    @Test
    void thePayloadIsTheOriginalsWithTheGridCleanedAndValidatesAgainstTheResultSchema() {
        JsonNode payload = KindTestSupport.payload(handler, input, """
                {"sessions": [
                   {"session": 1, "courses": [
                     {"nom": "Introduction à la programmation", "heures_theorie": 2, "heures_laboratoire": 3,
                      "heures_travail_maison": 3, "nombre_unites": 0, "prealables": [], "corequis": []},
                     {"nom": "Systèmes d'exploitation", "heures_theorie": 2, "heures_laboratoire": 2,
                      "heures_travail_maison": 2, "nombre_unites": 2, "prealables": [], "corequis": ["Introduction à la programmation"]}]},
                   {"session": 2, "courses": [
                     {"nom": "Programmation orientée objet", "heures_theorie": 2, "heures_laboratoire": 4,
                      "heures_travail_maison": 3, "nombre_unites": 3, "corequis": [],
                      "prealables": ["Introduction à la programmation", "introduction à la programmation",
                                     "Systèmes d'exploitation", "Mathématiques"]}]}],
                 "fils_conducteurs": [
                   {"description": "Programmation", "couleur": "rouge",
                    "cours": ["Introduction à la programmation", "Programmation orientée objet"]},
                   {"description": "Inexistant", "couleur": "#123456", "cours": ["Cours fantôme"]}]}
                """);

        assertThat(new ArrayList<>(payload.propertyNames()))
                .containsExactly("status", "programme_id", "result", "usage", "settings_used", "validation_url");
        assertThat(payload.get("status").asString()).isEqualTo("success");
        assertThat(payload.get("programme_id").asLong()).isEqualTo(7);
        assertThat(payload.get("validation_url").asString())
                .isEqualTo("/programme/7/grille/review/" + KindTestSupport.TASK_ID);
        JsonNode result = payload.get("result");
        assertThat(new ArrayList<>(result.propertyNames())).containsExactly("sessions", "fils_conducteurs", "reasoning_summary");
        assertThat(result.get("reasoning_summary").asString()).isEqualTo("**Raisonnement**");
        JsonNode first = result.get("sessions").get(0).get("courses").get(0);
        assertThat(first.get("nombre_unites").asDouble()).isEqualTo(8.0);
        JsonNode poo = result.get("sessions").get(1).get("courses").get(0);
        assertThat(poo.get("prealables").valueStream().map(JsonNode::asString).toList())
                .containsExactly("Introduction à la programmation", "Systèmes d'exploitation");
        assertThat(result.get("fils_conducteurs")).hasSize(1);
        assertThat(result.get("fils_conducteurs").get(0).get("couleur").asString()).isEqualTo("#1F77B4");

        JsonNode usage = payload.get("usage");
        assertThat(new ArrayList<>(usage.propertyNames()).subList(0, 3)).containsExactly("prompt_tokens", "completion_tokens", "cost");
        assertThat(usage.get("prompt_tokens").asLong()).isEqualTo(1200);
        assertThat(usage.get("completion_tokens").asLong()).isEqualTo(800);
        assertThat(usage.get("input_tokens").asLong()).isEqualTo(1200);
        assertThat(usage.get("model").asString()).isEqualTo("gpt-5");
        assertThat(payload.get("settings_used").get("model").asString()).isEqualTo("gpt-5");
    }
}

package org.edxo.ai.worker.kinds.evaluation;

import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.contracts.kinds.PromptTemplate;
import org.edxo.ai.contracts.kinds.PromptVariables;
import org.edxo.ai.worker.kinds.KindTestSupport;
import org.edxo.ai.worker.kinds.ModelCall;
import org.edxo.ai.worker.tasks.Prompt;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class GenerateEvaluationGridHandlerTest {

    private final GenerateEvaluationGridHandler handler = new GenerateEvaluationGridHandler();
    private final JsonNode input = KindTestSupport.fixture("evaluation-grid-input.json");

    @Test
    void oneCallOnTheEvaluationSectionWithTheOriginalsUserMessage() {
        ModelCall call = handler.calls(input).get(0);

        assertThat(call.section()).isEqualTo("evaluation");
        assertThat(call.output().name()).isEqualTo("AISixLevelGridResponse");
        JsonNode message = Json.tree(call.userMessage());
        assertThat(new ArrayList<>(message.propertyNames()))
                .containsExactly("savoir_faire", "capacite", "seuil", "cible", "description_eval");
        assertThat(message.get("savoir_faire").asString()).startsWith("Rédiger un algorithme");
        assertThat(message.get("seuil").asString()).startsWith("L'algorithme produit");
    }

    @Test
    void theOptionalTemplateIsAppendedToTheSystemPromptWithExactlyTheRegisteredVariables() {
        ModelCall call = handler.calls(input).get(0);
        Map<String, String> registered = PromptVariables.allowed("evaluation", "prompt").orElseThrow();

        assertThat(call.template().section()).isEqualTo(PromptVariables.EVALUATION_PROMPT.section());
        assertThat(call.template().name()).isEqualTo(PromptVariables.EVALUATION_PROMPT.name());
        assertThat(call.template().placement()).isEqualTo(ModelCall.Placement.INSTRUCTIONS);
        assertThat(call.template().variables().keySet()).isEqualTo(registered.keySet());

        String everything = registered.keySet().stream().map(name -> name + "=[{" + name + "}]")
                .reduce((a, b) -> a + " " + b).orElseThrow();
        ObjectNode sparse = Json.mapper().createObjectNode().put("savoir_faire", "SF").put("capacite", "C");
        assertThat(PromptTemplate.render(everything, GenerateEvaluationGridHandler.templateVariables(sparse)))
                .isEqualTo("savoir_faire=[SF] capacite=[C] seuil=[] cible=[] description_eval=[]");

        Prompt prompt = Prompt.compose(call, "Six niveaux.", "Savoir-faire : {savoir_faire}");
        assertThat(prompt.instructions()).isEqualTo("Six niveaux.\n\nSavoir-faire : " + input.get("savoir_faire").asString());
        assertThat(Prompt.compose(call, "Six niveaux.", null).instructions()).isEqualTo("Six niveaux.");
    }

    @Test
    void thePayloadHasTheOriginalsLevelStringsOurLevelListsAndValidates() {
        JsonNode payload = KindTestSupport.payload(handler, input, """
                {"level1_description": ["Aucun algorithme n'est remis."],
                 "level2_description": ["Quelques étapes isolées.", "  ", "Démarche incorrecte. "],
                 "level3_description": ["Plusieurs étapes présentes.", "Erreurs importantes."],
                 "level4_description": ["Résultat attendu pour les cas usuels."],
                 "level5_description": ["Algorithme juste et efficace.", "Cas limites couverts."],
                 "level6_description": []}""");

        assertThat(payload.get("status").asString()).isEqualTo("success");
        assertThat(payload.get("level1_description").asString()).isEqualTo("Aucun algorithme n'est remis.");
        assertThat(payload.get("level2_description").asString()).isEqualTo("Quelques étapes isolées.\nDémarche incorrecte.");
        assertThat(payload.get("level5_description").asString()).isEqualTo("Algorithme juste et efficace.\nCas limites couverts.");
        assertThat(payload.get("level6_description").asString()).isEmpty();
        assertThat(payload.get("levels")).hasSize(6);
        assertThat(payload.get("levels").get(1).get("level").asInt()).isEqualTo(2);
        assertThat(payload.get("levels").get(1).get("description").valueStream().map(JsonNode::asString).toList())
                .isEqualTo(List.of("Quelques étapes isolées.", "Démarche incorrecte."));
        assertThat(payload.get("savoir_faire_id").asLong()).isEqualTo(31);
        assertThat(payload.get("evaluation_id").asLong()).isEqualTo(12);
        assertThat(payload.get("reasoning_summary").asString()).isEqualTo("**Raisonnement**");
        assertThat(payload.get("usage").get("prompt_tokens").asLong()).isEqualTo(1200);
        assertThat(payload.get("usage").get("cost").isNumber()).isTrue();
        assertThat(payload.get("validation_url").isNull()).isTrue();
        assertThat(payload.get("settings_used").get("model").asString()).isEqualTo("gpt-5");
    }
}

package org.edxo.ai.worker.kinds.plandecours;

import org.edxo.ai.contracts.kinds.PromptTemplate;
import org.edxo.ai.contracts.kinds.PromptVariables;
import org.edxo.ai.worker.Fixtures;
import org.edxo.ai.worker.kinds.ModelCall;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Each plan de cours template is rendered with exactly the variables settings-service lets it use. */
class PlanDeCoursTemplateVariablesTest {

    @SuppressWarnings("unchecked")
    private static Map<String, Object> variablesOf(ModelCall call) {
        return (Map<String, Object>) call.template().variables();
    }

    private static java.util.Set<String> registered(String section, String name) {
        return PromptVariables.allowed(section, name).orElseThrow().keySet();
    }

    @Test
    void theGlobalGenerationRendersAllWithItsRegisteredVariables() {
        ModelCall call = new GeneratePlanDeCoursHandler().calls(Fixtures.planDeCoursInput()).get(0);

        assertThat(call.template().section() + "/" + call.template().name()).isEqualTo("plan_de_cours/all");
        assertThat(variablesOf(call).keySet()).isEqualTo(registered("plan_de_cours", "all"));
        assertThat(variablesOf(call)).containsEntry("session", "H2026").containsEntry("cours_code", "243-2B4-JR")
                .containsEntry("cours_nom", "Dépannage de circuits")
                .containsEntry("additional_info", "Cours donné en formule hybride, une semaine sur deux à distance.");
        assertThat((String) variablesOf(call).get("sections")).startsWith("Place du cours: Deuxième cours");
    }

    @Test
    void everyFieldRendersItsOwnTemplateWithItsCurrentValue() {
        for (String field : PromptVariables.PLAN_DE_COURS_FIELDS) {
            ObjectNode input = (ObjectNode) Fixtures.planDeCoursInput();
            input.put("field_name", field);
            ModelCall call = new ImprovePlanDeCoursFieldHandler().calls(input).get(0);

            assertThat(call.template().section()).isEqualTo("plan_de_cours");
            assertThat(call.template().name()).isEqualTo(field);
            assertThat(variablesOf(call).keySet()).as(field).isEqualTo(registered("plan_de_cours", field));
        }
        ObjectNode input = (ObjectNode) Fixtures.planDeCoursInput();
        input.put("field_name", "seuil_reussite");
        assertThat(variablesOf(new ImprovePlanDeCoursFieldHandler().calls(input).get(0)))
                .containsEntry("current_value", "60 % et réussite de l'épreuve finale.");
        input.put("field_name", "accomodement"); // null in the snapshot
        assertThat(variablesOf(new ImprovePlanDeCoursFieldHandler().calls(input).get(0)))
                .containsEntry("current_value", "");
    }

    @Test
    void theCalendarRendersCalendrierWithTheCurrentCalendarAsJson() {
        ModelCall call = new GeneratePlanDeCoursCalendarHandler().calls(Fixtures.planDeCoursInput()).get(0);

        assertThat(call.template().section() + "/" + call.template().name()).isEqualTo("plan_de_cours/calendrier");
        assertThat(variablesOf(call).keySet()).isEqualTo(registered("plan_de_cours", "calendrier"));
        assertThat((String) variablesOf(call).get("current_value")).contains("\"sujet\" : \"Sécurité au laboratoire\"");
    }

    @Test
    void everyRegisteredVariableRendersEvenFromAMinimalSnapshot() {
        ObjectNode minimal = (ObjectNode) tools.jackson.databind.json.JsonMapper.builder().build().readTree("""
                {"plan_id": 1, "field_name": "materiel", "plan_de_cours": {"id": 1, "cours_id": 2, "session": "A2025"},
                 "plan_cadre": {"id": 3}}
                """);
        for (ModelCall call : java.util.List.of(new GeneratePlanDeCoursHandler().calls(minimal).get(0),
                new ImprovePlanDeCoursFieldHandler().calls(minimal).get(0),
                new GeneratePlanDeCoursCalendarHandler().calls(minimal).get(0))) {
            String everything = registered(call.template().section(), call.template().name()).stream()
                    .map(name -> name + "=[{" + name + "}]").reduce("", (a, b) -> a + " " + b).strip();

            String rendered = PromptTemplate.render(everything, call.template().variables());

            assertThat(rendered).as(call.template().name()).contains("session=[A2025]", "cours_code=[]", "sections=[]");
        }
    }
}

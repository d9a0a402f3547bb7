package org.edxo.ai.worker.kinds;

import org.edxo.ai.contracts.kinds.PromptTemplate;
import org.edxo.ai.contracts.kinds.PromptVariables;
import org.edxo.ai.worker.Fixtures;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AnalysePlanDeCoursTemplateVariablesTest {

    private final AnalysePlanDeCoursHandler handler = new AnalysePlanDeCoursHandler();

    @Test
    void theHandlerProvidesExactlyTheRegisteredVariablesFromTheSnapshot() {
        Map<String, Object> variables = handler.templateVariables(Fixtures.analyseInput());

        assertThat(variables.keySet()).isEqualTo(PromptVariables.allowed(
                PromptVariables.ANALYSE_PROMPT.section(), PromptVariables.ANALYSE_PROMPT.name()).orElseThrow().keySet());
        assertThat(variables).containsEntry("plan_id", 42L).containsEntry("session", "A2025")
                .containsEntry("cours_code", "420-2A3-JR").containsEntry("cours_nom", "Programmation orientée objet");
        assertThat(handler.kind().section()).isEqualTo(PromptVariables.ANALYSE_PROMPT.section());
    }

    @Test
    void everyRegisteredVariableRendersEvenWhenTheSnapshotLacksIt() {
        ObjectNode input = (ObjectNode) Fixtures.analyseInput();
        ((ObjectNode) input.get("plan_cours")).remove("cours_info");
        ((ObjectNode) input.get("plan_cours")).remove("session");
        String everything = PromptVariables.allowed("analyse_plan_cours", "prompt").orElseThrow().keySet().stream()
                .map(name -> name + "=[{" + name + "}]").reduce("{{", (a, b) -> a + " " + b) + " }}";

        String rendered = PromptTemplate.render(everything, handler.templateVariables(input));

        assertThat(rendered).isEqualTo("{ plan_id=[42] session=[] cours_code=[] cours_nom=[] }");
    }
}

package org.edxo.ai.worker.tasks;

import org.edxo.ai.contracts.kinds.OutputFormat;
import org.edxo.ai.worker.kinds.ModelCall;
import org.edxo.ai.worker.kinds.ModelCall.Placement;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PromptTest {

    private static final OutputFormat OUTPUT = new OutputFormat("X", "schemas/outputs/PlanDeCoursAIResponse.schema.json");

    private static ModelCall call(Placement placement, Map<String, ?> variables, String userMessage) {
        return new ModelCall("s", OUTPUT, "Appel…", new ModelCall.Template("s", "prompt", variables, placement), userMessage);
    }

    @Test
    void anInstructionsTemplateFollowsTheSystemPromptAfterABlankLineEachTrimmed() {
        Prompt prompt = Prompt.compose(call(Placement.INSTRUCTIONS, Map.of(), "{\"a\":1}"), "  Tu es expert. ",
                "\nAnalyse le calendrier.\n");
        assertThat(prompt.instructions()).isEqualTo("Tu es expert.\n\nAnalyse le calendrier.");
        assertThat(prompt.userMessage()).isEqualTo("{\"a\":1}");

        assertThat(Prompt.compose(call(Placement.INSTRUCTIONS, Map.of(), "m"), null, " Gabarit seul ").instructions())
                .isEqualTo("Gabarit seul");
        assertThat(Prompt.compose(call(Placement.INSTRUCTIONS, Map.of(), "m"), "Système seul", "   ").instructions())
                .isEqualTo("Système seul");
        assertThat(Prompt.compose(call(Placement.INSTRUCTIONS, Map.of(), "m"), "", null).instructions()).isNull();
    }

    @Test
    void theTemplateIsRenderedWithTheCallsVariablesAndEscapedBraces() {
        Prompt prompt = Prompt.compose(call(Placement.INSTRUCTIONS,
                        Map.of("plan_id", 42L, "cours_code", "420-2A3-JR", "session", "A2025"), "m"), "Système.",
                "Plan {plan_id} de {cours_code} ({session}) : réponds en {{\"json\": true}}.");
        assertThat(prompt.instructions())
                .isEqualTo("Système.\n\nPlan 42 de 420-2A3-JR (A2025) : réponds en {\"json\": true}.");
    }

    @Test
    void aUserMessageTemplateComesBeforeTheCallsOwnText() {
        Prompt prompt = Prompt.compose(call(Placement.USER_MESSAGE, Map.of("x", "valeur"), "Calendrier actuel : []"),
                "Système.", "Champ : {x}");
        assertThat(prompt.instructions()).isEqualTo("Système.");
        assertThat(prompt.userMessage()).isEqualTo("Champ : valeur\n\nCalendrier actuel : []");
        assertThat(Prompt.compose(call(Placement.USER_MESSAGE, Map.of("x", "v"), null), null, "{x}").userMessage())
                .isEqualTo("v");
    }

    @Test
    void aMissingUserMessageTemplateFailsTheTaskWithTheOriginalsMessage() {
        assertThatThrownBy(() -> Prompt.compose(call(Placement.USER_MESSAGE, Map.of(), null), null, null))
                .isInstanceOf(TaskFailure.class)
                .hasMessage("Configuration de prompt introuvable pour ce champ (s/prompt).");
    }

    @Test
    void aTemplateAskingForAVariableTheTaskDoesNotProvideFailsTheTask() {
        assertThatThrownBy(() -> Prompt.compose(call(Placement.INSTRUCTIONS, Map.of(), "m"), null, "{inconnue}"))
                .isInstanceOf(TaskFailure.class)
                .hasRootCauseMessage("Variable inconnue : {inconnue}.");
    }

    @Test
    void theCallsOwnInstructionsComeLastInTheInstructions() {
        ModelCall withTemplate = new ModelCall("s", OUTPUT, "Appel…",
                new ModelCall.Template("s", "prompt", Map.of(), Placement.INSTRUCTIONS), "m", " Mode baguette. ");
        assertThat(Prompt.compose(withTemplate, "Système", "Gabarit").instructions())
                .isEqualTo("Système\n\nGabarit\n\nMode baguette.");

        ModelCall withoutTemplate = new ModelCall("s", OUTPUT, "Appel…", null, "{}", "Mode baguette.");
        assertThat(Prompt.compose(withoutTemplate, null, null).instructions()).isEqualTo("Mode baguette.");
        assertThat(Prompt.compose(withoutTemplate, "Système", null).userMessage()).isEqualTo("{}");

        ModelCall userTemplate = new ModelCall("s", OUTPUT, "Appel…",
                new ModelCall.Template("s", "prompt", Map.of(), Placement.USER_MESSAGE), null, "Consigne fixe.");
        Prompt prompt = Prompt.compose(userTemplate, "Système", "Gabarit");
        assertThat(prompt.instructions()).isEqualTo("Système\n\nConsigne fixe.");
        assertThat(prompt.userMessage()).isEqualTo("Gabarit");
    }
}

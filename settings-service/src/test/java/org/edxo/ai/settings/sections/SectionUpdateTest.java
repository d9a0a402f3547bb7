package org.edxo.ai.settings.sections;

import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.settings.catalogue.AiModel;
import org.edxo.ai.settings.web.FieldError;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SectionUpdateTest {

    private static final SectionValues CURRENT = new SectionValues("Prompt", "gpt-5", "medium", "low", 2000);
    private static final AiModel GPT_5 = new AiModel("gpt-5", true, true, 128000);

    private static SectionUpdate parse(String json) {
        return SectionUpdate.parse(Json.tree(json));
    }

    private static List<String> fields(List<FieldError> errors) {
        return errors.stream().map(FieldError::field).toList();
    }

    @Test
    void absentFieldsStayAndExplicitNullsClear() {
        SectionUpdate update = parse("{\"system_prompt\":\"Nouveau\",\"verbosity\":null,\"max_output_tokens\":null}");

        assertThat(update.errors()).isEmpty();
        assertThat(update.applyTo(CURRENT)).isEqualTo(new SectionValues("Nouveau", "gpt-5", "medium", null, null));
    }

    @Test
    void everyBadFieldIsReportedAtOnceAndNoneIsApplied() {
        SectionUpdate update = parse("""
                {"reasoning_effort":"extreme","verbosity":3,"max_output_tokens":0,"system_prompt":null,
                 "ai_model":"","temperature":0.2}""");

        assertThat(fields(update.errors())).containsExactlyInAnyOrder(
                "reasoning_effort", "verbosity", "max_output_tokens", "system_prompt", "ai_model", "temperature");
        assertThat(update.applyTo(CURRENT)).isEqualTo(CURRENT);
    }

    @Test
    void tokenLimitMustBeAWholeNumberThatFitsAnInt() {
        assertThat(fields(parse("{\"max_output_tokens\":1.5}").errors())).containsExactly("max_output_tokens");
        assertThat(fields(parse("{\"max_output_tokens\":\"100\"}").errors())).containsExactly("max_output_tokens");
        assertThat(fields(parse("{\"max_output_tokens\":9999999999}").errors())).containsExactly("max_output_tokens");
        assertThat(parse("{\"max_output_tokens\":1}").applyTo(CURRENT).maxOutputTokens()).isEqualTo(1);
    }

    @Test
    void catalogueRulesJudgeTheResultingSection() {
        SectionUpdate unknownModel = parse("{\"ai_model\":\"gpt-9\"}");
        assertThat(SectionRules.check(unknownModel, unknownModel.applyTo(CURRENT), null))
                .extracting(FieldError::field).containsExactly("ai_model");

        AiModel disabled = new AiModel("gpt-4o", false, true, 16000);
        SectionUpdate toDisabled = parse("{\"ai_model\":\"gpt-4o\"}");
        // The current limit of 2000 fits the smaller model: only the disabled model is reported.
        assertThat(SectionRules.check(toDisabled, toDisabled.applyTo(CURRENT), disabled))
                .extracting(FieldError::message).containsExactly("Modèle désactivé : gpt-4o.");

        SectionUpdate tooMany = parse("{\"max_output_tokens\":200000}");
        assertThat(SectionRules.check(tooMany, tooMany.applyTo(CURRENT), GPT_5))
                .extracting(FieldError::field).containsExactly("max_output_tokens");

        AiModel noReasoning = new AiModel("gpt-4.1", true, false, 32768);
        SectionUpdate toNoReasoning = parse("{\"ai_model\":\"gpt-4.1\"}");
        assertThat(SectionRules.check(toNoReasoning, toNoReasoning.applyTo(CURRENT), noReasoning))
                .extracting(FieldError::field).containsExactly("reasoning_effort");
    }

    @Test
    void catalogueRulesLeaveUntouchedFieldsAlone() {
        // The section already exceeds a (since lowered) model ceiling; editing its prompt must still work.
        AiModel lowered = new AiModel("gpt-5", true, true, 1000);
        SectionUpdate promptOnly = parse("{\"system_prompt\":\"Autre\"}");

        assertThat(SectionRules.check(promptOnly, promptOnly.applyTo(CURRENT), lowered)).isEmpty();
    }

    @Test
    void templateNeedsANonBlankTextAndAPlainName() {
        assertThat(TemplateUpdate.parse("prompt", Json.tree("{\"template\":\"Analyse.\"}")).errors()).isEmpty();
        assertThat(TemplateUpdate.parse("prompt", Json.tree("{\"template\":\"  \"}")).errors())
                .extracting(FieldError::field).containsExactly("template");
        assertThat(TemplateUpdate.parse("Bad Name", Json.tree("{\"template\":\"x\",\"extra\":1}")).errors())
                .extracting(FieldError::field).containsExactlyInAnyOrder("name", "extra");
    }
}

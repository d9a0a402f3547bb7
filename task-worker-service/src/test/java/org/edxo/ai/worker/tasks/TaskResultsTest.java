package org.edxo.ai.worker.tasks;

import org.edxo.ai.contracts.json.ContractValidator;
import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.contracts.kinds.TaskKinds;
import org.edxo.ai.contracts.money.ModelPrice;
import org.edxo.ai.worker.Fixtures;
import org.edxo.ai.worker.kinds.AnalysePlanDeCoursHandler;
import org.edxo.ai.worker.kinds.KindHandler;
import org.edxo.ai.worker.openai.ModelStreamEvent.TokenUsage;
import org.edxo.ai.worker.settings.EffectiveSettings;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TaskResultsTest {

    private static final ModelPrice PRICE = new ModelPrice("gpt-5", new BigDecimal("1.250000"),
            new BigDecimal("0.125000"), new BigDecimal("10.000000"));
    private static final TokenUsage USAGE = new TokenUsage(1200, 200, 800, 300);
    private static final UUID TASK_ID = UUID.fromString("11111111-2222-3333-4444-555555555555");
    private static final EffectiveSettings SETTINGS = new EffectiveSettings("gpt-5", "medium", null, null, "x");

    private final AnalysePlanDeCoursHandler handler = new AnalysePlanDeCoursHandler();

    private Map<String, Object> build(String output) {
        JsonNode parsed = TaskResults.output(handler.kind().output(), output);
        return TaskResults.result(handler, Fixtures.analyseInput(), List.of(parsed), new KindHandler.ResultContext(
                TASK_ID, "**Analyse**\n\nTout concorde.", TaskResults.usage(USAGE, "gpt-5", PRICE),
                SETTINGS.settingsUsed(), "https://edxo.example"));
    }

    @Test
    void buildsThePayloadTheOriginalReturnedAndItValidates() {
        Map<String, Object> result = build(
                "{\"compatibility_percentage\": 87.5, \"recommendation_ameliore\": \"Ajouter des évaluations.\","
                        + " \"recommendation_plan_cadre\": null}");

        JsonNode tree = Json.mapper().valueToTree(result);
        assertThat(ContractValidator.validate(TaskKinds.ANALYSE_PLAN_DE_COURS.resultSchema(), tree)).isEmpty();
        assertThat(tree.path("status").stringValue()).isEqualTo("success");
        assertThat(tree.path("plan_id").asLong()).isEqualTo(42);
        assertThat(tree.path("cours_id").asLong()).isEqualTo(7);
        assertThat(tree.path("session").stringValue()).isEqualTo("A2025");
        assertThat(tree.path("compatibility_percentage").asDouble()).isEqualTo(87.5);
        assertThat(tree.path("recommendation_ameliore").stringValue()).isEqualTo("Ajouter des évaluations.");
        assertThat(tree.has("recommendation_plan_cadre")).isTrue();
        assertThat(tree.path("recommendation_plan_cadre").isNull()).isTrue();
        assertThat(tree.path("reasoning_summary").stringValue()).isEqualTo("**Analyse**\n\nTout concorde.");
        assertThat(tree.path("validation_url").stringValue())
                .isEqualTo("https://edxo.example/gestion_programme/?open=verify&plan_id=42");
        assertThat(tree.path("settings_used").path("model").stringValue()).isEqualTo("gpt-5");
        assertThat(tree.path("settings_used").path("reasoning_effort").stringValue()).isEqualTo("medium");
        assertThat(tree.path("settings_used").path("verbosity").isNull()).isTrue();

        JsonNode usage = tree.path("usage");
        assertThat(usage.path("input_tokens").asLong()).isEqualTo(1200);
        assertThat(usage.path("cached_input_tokens").asLong()).isEqualTo(200);
        assertThat(usage.path("output_tokens").asLong()).isEqualTo(800);
        assertThat(usage.path("reasoning_tokens").asLong()).isEqualTo(300);
        assertThat(usage.path("model").stringValue()).isEqualTo("gpt-5");
        // (1000 × 1.25 + 200 × 0.125 + 800 × 10) / 1e6 = 0.009275
        assertThat(usage.path("cost").isNumber()).isTrue();
        assertThat(Json.writeString(usage)).contains("\"cost\":0.009275");
    }

    @Test
    void zeroCostStillHasSixDecimals() {
        Map<String, Object> usage = TaskResults.usage(new TokenUsage(0, 0, 0, 0), "gpt-5", PRICE);
        assertThat(Json.writeString(usage)).contains("\"cost\":0.000000");
    }

    @Test
    void severalCallsAreSummedCostRoundedPerCallAsBillingCapturesEachAndListed() {
        ModelPrice mini = new ModelPrice("gpt-5-mini", new BigDecimal("0.25"), null, new BigDecimal("2.00"));
        Map<String, Object> usage = TaskResults.usage(List.of(
                new TaskResults.CallUsage("gpt-5", USAGE, PRICE),
                new TaskResults.CallUsage("gpt-5-mini", new TokenUsage(3, 0, 1, 0), mini)));
        JsonNode tree = Json.mapper().valueToTree(usage);
        assertThat(tree.path("input_tokens").asLong()).isEqualTo(1203);
        assertThat(tree.path("output_tokens").asLong()).isEqualTo(801);
        // 0.009275 + round(3 × 0.25 + 1 × 2.00 = 2.75 / 1e6 → 0.000003)
        assertThat(Json.writeString(usage)).contains("\"cost\":0.009278");
        assertThat(tree.path("model").stringValue()).isEqualTo("gpt-5, gpt-5-mini");
        assertThat(tree.path("calls").size()).isEqualTo(2);
        assertThat(tree.path("calls").get(1).path("model").stringValue()).isEqualTo("gpt-5-mini");
        assertThat(TaskResults.usage(USAGE, "gpt-5", PRICE)).doesNotContainKey("calls");
    }

    @Test
    void outputThatIsNotJsonFailsWithTheOriginalMessage() {
        assertThatThrownBy(() -> build("{\"compatibility_percentage\": 8"))
                .isInstanceOf(TaskFailure.class)
                .hasMessage("Erreur de structuration des données par l'IA.")
                .extracting(e -> ((TaskFailure) e).errorCode()).isEqualTo("invalid_output");
    }

    @Test
    void outputBreakingTheSchemaFailsWithTheOriginalMessage() {
        assertThatThrownBy(() -> build("{\"compatibility_percentage\": \"beaucoup\", \"recommendation_ameliore\": null,"
                + " \"recommendation_plan_cadre\": null, \"extra\": 1}"))
                .isInstanceOf(TaskFailure.class)
                .hasMessage("Erreur de validation du résultat IA.")
                .extracting(e -> ((TaskFailure) e).errorCode()).isEqualTo("invalid_output");
    }
}

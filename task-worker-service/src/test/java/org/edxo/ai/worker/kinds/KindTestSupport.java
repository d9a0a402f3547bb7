package org.edxo.ai.worker.kinds;

import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.contracts.money.ModelPrice;
import org.edxo.ai.worker.openai.ModelStreamEvent.TokenUsage;
import org.edxo.ai.worker.settings.EffectiveSettings;
import org.edxo.ai.worker.tasks.TaskResults;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Test data shared by the kinds' handler tests: fixtures and the pipeline's context of one completed call. */
public final class KindTestSupport {

    public static final UUID TASK_ID = UUID.fromString("11111111-2222-3333-4444-555555555555");
    private static final ModelPrice PRICE = new ModelPrice("gpt-5", new BigDecimal("1.250000"),
            new BigDecimal("0.125000"), new BigDecimal("10.000000"));

    private KindTestSupport() {
    }

    /** A JSON file under {@code src/test/resources/fixtures/}. */
    public static JsonNode fixture(String name) {
        try (InputStream in = KindTestSupport.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return Json.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One call of 1200 input (200 cached) and 800 output (300 reasoning) tokens on gpt-5, relative links. */
    public static KindHandler.ResultContext context(String reasoningSummary) {
        return new KindHandler.ResultContext(TASK_ID, reasoningSummary,
                TaskResults.usage(new TokenUsage(1200, 200, 800, 300), "gpt-5", PRICE),
                new EffectiveSettings("gpt-5", "medium", null, null, "x").settingsUsed(), "");
    }

    /**
     * The payload the pipeline would publish: the model's text checked against the kind's output schema,
     * the handler's payload checked against its result schema (both throw otherwise), as a JSON tree.
     */
    public static JsonNode payload(KindHandler handler, JsonNode input, String modelOutput) {
        JsonNode output = TaskResults.output(handler.kind().output(), modelOutput);
        Map<String, Object> result = TaskResults.result(handler, input, List.of(output), context("**Raisonnement**"));
        return Json.mapper().valueToTree(result);
    }
}

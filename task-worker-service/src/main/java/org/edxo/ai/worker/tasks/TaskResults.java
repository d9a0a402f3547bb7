package org.edxo.ai.worker.tasks;

import org.edxo.ai.contracts.json.ContractValidator;
import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.contracts.money.ModelPrice;
import org.edxo.ai.contracts.money.TokenCost;
import org.edxo.ai.worker.kinds.KindHandler;
import org.edxo.ai.worker.openai.ModelStreamEvent.TokenUsage;
import org.edxo.ai.worker.settings.EffectiveSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Turns a completed call into the kind's final payload, checking the model's output and our own. */
public final class TaskResults {

    private static final Logger log = LoggerFactory.getLogger(TaskResults.class);

    private TaskResults() {
    }

    /**
     * @throws TaskFailure {@code invalid_output} when the output is not JSON or breaks the output
     *                     schema, or when the payload breaks the result schema
     */
    public static Map<String, Object> result(KindHandler handler, JsonNode input, String outputText,
                                             String reasoningSummary, TokenUsage usage, EffectiveSettings settings,
                                             ModelPrice price, String webBaseUrl) {
        JsonNode output;
        try {
            output = Json.tree(outputText);
        } catch (RuntimeException e) {
            throw TaskFailure.unparsableOutput(e);
        }
        if (output == null || !output.isObject()) {
            throw TaskFailure.unparsableOutput(null);
        }
        List<ContractValidator.Violation> violations = ContractValidator.validate(handler.kind().outputSchema(), output);
        if (!violations.isEmpty()) {
            throw TaskFailure.invalidOutput(describe(violations));
        }
        Map<String, Object> result = handler.result(input, output, new KindHandler.ResultContext(
                reasoningSummary, usage(usage, settings.model(), price), settings.settingsUsed(), webBaseUrl));
        List<ContractValidator.Violation> resultViolations =
                ContractValidator.validate(handler.kind().resultSchema(), Json.mapper().valueToTree(result));
        if (!resultViolations.isEmpty()) {
            log.error("the {} result breaks its own schema: {}", handler.kind().id(), describe(resultViolations));
            throw TaskFailure.invalidOutput(describe(resultViolations));
        }
        return result;
    }

    /** {@code usage} of the result; {@code cost} is a JSON number with 6 decimals. */
    public static Map<String, Object> usage(TokenUsage usage, String model, ModelPrice price) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("input_tokens", usage.inputTokens());
        map.put("output_tokens", usage.outputTokens());
        map.put("cached_input_tokens", usage.cachedInputTokens());
        map.put("reasoning_tokens", usage.reasoningTokens());
        map.put("cost", TokenCost.of(usage.inputTokens(), usage.cachedInputTokens(), usage.outputTokens(), price));
        map.put("model", model);
        return map;
    }

    private static String describe(List<ContractValidator.Violation> violations) {
        return violations.stream().map(ContractValidator.Violation::toString).collect(Collectors.joining("; "));
    }
}

package org.edxo.ai.worker.tasks;

import org.edxo.ai.contracts.json.ContractValidator;
import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.contracts.kinds.OutputFormat;
import org.edxo.ai.contracts.money.ModelPrice;
import org.edxo.ai.contracts.money.TokenCost;
import org.edxo.ai.worker.kinds.KindHandler;
import org.edxo.ai.worker.openai.ModelStreamEvent.TokenUsage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Turns completed calls into the kind's final payload, checking the model's outputs and our own payload. */
public final class TaskResults {

    private static final Logger log = LoggerFactory.getLogger(TaskResults.class);

    private TaskResults() {
    }

    /** What one completed call used, priced as the worker knows it. */
    public record CallUsage(String model, TokenUsage tokens, ModelPrice price) {

        BigDecimal cost() {
            return TokenCost.of(tokens.inputTokens(), tokens.cachedInputTokens(), tokens.outputTokens(), price);
        }
    }

    /**
     * The model's answer to one call, checked against the call's strict output format.
     *
     * @throws TaskFailure {@code invalid_output} when the text is not a JSON object or breaks the schema
     */
    public static JsonNode output(OutputFormat format, String outputText) {
        JsonNode output;
        try {
            output = Json.tree(outputText);
        } catch (RuntimeException e) {
            throw TaskFailure.unparsableOutput(e);
        }
        if (output == null || !output.isObject()) {
            throw TaskFailure.unparsableOutput(null);
        }
        List<ContractValidator.Violation> violations = ContractValidator.validate(format.schema(), output);
        if (!violations.isEmpty()) {
            throw TaskFailure.invalidOutput(describe(violations));
        }
        return output;
    }

    /**
     * The kind's payload from the outputs of its calls.
     *
     * @throws TaskFailure {@code invalid_output} when the payload breaks the kind's result schema
     */
    public static Map<String, Object> result(KindHandler handler, JsonNode input, List<JsonNode> outputs,
                                             KindHandler.ResultContext context) {
        Map<String, Object> result = handler.result(input, outputs, context);
        List<ContractValidator.Violation> violations =
                ContractValidator.validate(handler.kind().resultSchema(), Json.mapper().valueToTree(result));
        if (!violations.isEmpty()) {
            log.error("the {} result breaks its own schema: {}", handler.kind().id(), describe(violations));
            throw TaskFailure.invalidOutput(describe(violations));
        }
        return result;
    }

    /** {@code usage} of the result for one call; {@code cost} is a JSON number with 6 decimals. */
    public static Map<String, Object> usage(TokenUsage usage, String model, ModelPrice price) {
        return usage(List.of(new CallUsage(model, usage, price)));
    }

    /**
     * {@code usage} of the result: the calls' tokens and costs summed (each call's cost rounded as billing
     * rounds it, so the total is what the ledger captured), the models used, and {@code calls} listing each
     * call when there are several.
     */
    public static Map<String, Object> usage(List<CallUsage> calls) {
        Map<String, Object> map = counts(calls.stream().mapToLong(c -> c.tokens().inputTokens()).sum(),
                calls.stream().mapToLong(c -> c.tokens().outputTokens()).sum(),
                calls.stream().mapToLong(c -> c.tokens().cachedInputTokens()).sum(),
                calls.stream().mapToLong(c -> c.tokens().reasoningTokens()).sum(),
                calls.stream().map(CallUsage::cost).reduce(BigDecimal.ZERO, BigDecimal::add));
        map.put("model", calls.stream().map(CallUsage::model).distinct().collect(Collectors.joining(", ")));
        if (calls.size() > 1) {
            map.put("calls", calls.stream().map(call -> {
                Map<String, Object> one = counts(call.tokens().inputTokens(), call.tokens().outputTokens(),
                        call.tokens().cachedInputTokens(), call.tokens().reasoningTokens(), call.cost());
                one.put("model", call.model());
                return one;
            }).toList());
        }
        return map;
    }

    private static Map<String, Object> counts(long input, long output, long cached, long reasoning, BigDecimal cost) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("input_tokens", input);
        map.put("output_tokens", output);
        map.put("cached_input_tokens", cached);
        map.put("reasoning_tokens", reasoning);
        map.put("cost", cost);
        return map;
    }

    private static String describe(List<ContractValidator.Violation> violations) {
        return violations.stream().map(ContractValidator.Violation::toString).collect(Collectors.joining("; "));
    }
}

package org.edxo.ai.simulator.protocol;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Renders a {@link ResponsePlan} as the Responses API wire objects: the ordered stream events (§1.4
 * of the reference, payloads as in the §1.5 transcript) and the final Response object. Events are
 * rendered lazily, when sent, so a thousand waiting streams hold only their plans.
 */
public final class ResponseScript {

    public enum StepKind { CONTROL, REASONING_DELTA, OUTPUT_DELTA, TERMINAL }

    /** One event to send; {@code render} receives the event's sequence number. */
    public record Step(StepKind kind, String type, IntFunction<ObjectNode> render) {

        public boolean delta() {
            return kind == StepKind.REASONING_DELTA || kind == StepKind.OUTPUT_DELTA;
        }
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ResponsePlan plan;

    public ResponseScript(ResponsePlan plan) {
        this.plan = plan;
    }

    public ResponsePlan plan() {
        return plan;
    }

    /** Every event of a normal stream, the terminal one ({@code completed} or {@code incomplete}) last. */
    public List<Step> steps() {
        List<Step> steps = new ArrayList<>();
        steps.add(new Step(StepKind.CONTROL, "response.created",
                seq -> event("response.created", seq).set("response", responseObject("in_progress", NODES.arrayNode(), null))));
        steps.add(new Step(StepKind.CONTROL, "response.in_progress",
                seq -> event("response.in_progress", seq).set("response", responseObject("in_progress", NODES.arrayNode(), null))));
        if (plan.reasoning()) {
            addReasoningSteps(steps);
        }
        if (plan.hasMessage()) {
            addMessageSteps(steps, plan.reasoning() ? 1 : 0);
        }
        String terminal = plan.incomplete() ? "response.incomplete" : "response.completed";
        steps.add(new Step(StepKind.TERMINAL, terminal, seq -> event(terminal, seq).set("response", finalResponse())));
        return steps;
    }

    private void addReasoningSteps(List<Step> steps) {
        String itemId = plan.reasoningId();
        steps.add(new Step(StepKind.CONTROL, "response.output_item.added", seq -> {
            ObjectNode event = event("response.output_item.added", seq).put("output_index", 0);
            event.putObject("item").put("id", itemId).put("type", "reasoning").putArray("summary");
            return event;
        }));
        List<List<String>> parts = plan.summaryParts();
        for (int p = 0; p < parts.size(); p++) {
            int summaryIndex = p;
            List<String> chunks = parts.get(p);
            String text = ResponsePlan.summaryText(chunks);
            steps.add(new Step(StepKind.CONTROL, "response.reasoning_summary_part.added", seq -> {
                ObjectNode event = summaryEvent("response.reasoning_summary_part.added", seq, itemId, summaryIndex);
                event.set("part", summaryPart(""));
                return event;
            }));
            for (String chunk : chunks) {
                steps.add(new Step(StepKind.REASONING_DELTA, "response.reasoning_summary_text.delta",
                        seq -> summaryEvent("response.reasoning_summary_text.delta", seq, itemId, summaryIndex).put("delta", chunk)));
            }
            steps.add(new Step(StepKind.CONTROL, "response.reasoning_summary_text.done",
                    seq -> summaryEvent("response.reasoning_summary_text.done", seq, itemId, summaryIndex).put("text", text)));
            steps.add(new Step(StepKind.CONTROL, "response.reasoning_summary_part.done", seq -> {
                ObjectNode event = summaryEvent("response.reasoning_summary_part.done", seq, itemId, summaryIndex);
                event.set("part", summaryPart(text));
                return event;
            }));
        }
        steps.add(new Step(StepKind.CONTROL, "response.output_item.done", seq -> {
            ObjectNode event = event("response.output_item.done", seq).put("output_index", 0);
            event.set("item", reasoningItem());
            return event;
        }));
    }

    private void addMessageSteps(List<Step> steps, int outputIndex) {
        String itemId = plan.messageId();
        String text = plan.outputText();
        steps.add(new Step(StepKind.CONTROL, "response.output_item.added", seq -> {
            ObjectNode event = event("response.output_item.added", seq).put("output_index", outputIndex);
            event.putObject("item").put("id", itemId).put("type", "message").put("status", "in_progress")
                    .put("role", "assistant").putArray("content");
            return event;
        }));
        steps.add(new Step(StepKind.CONTROL, "response.content_part.added", seq -> {
            ObjectNode event = contentEvent("response.content_part.added", seq, itemId, outputIndex);
            event.set("part", outputTextPart(""));
            return event;
        }));
        for (String chunk : plan.outputChunks()) {
            steps.add(new Step(StepKind.OUTPUT_DELTA, "response.output_text.delta", seq -> {
                ObjectNode event = contentEvent("response.output_text.delta", seq, itemId, outputIndex).put("delta", chunk);
                event.putArray("logprobs");
                return event;
            }));
        }
        steps.add(new Step(StepKind.CONTROL, "response.output_text.done", seq -> {
            ObjectNode event = contentEvent("response.output_text.done", seq, itemId, outputIndex).put("text", text);
            event.putArray("logprobs");
            return event;
        }));
        steps.add(new Step(StepKind.CONTROL, "response.content_part.done", seq -> {
            ObjectNode event = contentEvent("response.content_part.done", seq, itemId, outputIndex);
            event.set("part", outputTextPart(text));
            return event;
        }));
        steps.add(new Step(StepKind.CONTROL, "response.output_item.done", seq -> {
            ObjectNode event = event("response.output_item.done", seq).put("output_index", outputIndex);
            event.set("item", messageItem());
            return event;
        }));
    }

    /** The Response object of the terminal event and of a non-streaming call: completed or incomplete. */
    public ObjectNode finalResponse() {
        ArrayNode output = NODES.arrayNode();
        if (plan.reasoning()) {
            output.add(reasoningItem());
        }
        if (plan.hasMessage()) {
            output.add(messageItem());
        }
        ObjectNode response = responseObject(plan.incomplete() ? "incomplete" : "completed", output,
                usage(plan.reasoningTokens(), plan.outputChunks().size()));
        if (plan.incomplete()) {
            response.putObject("incomplete_details").put("reason", "max_output_tokens");
        } else {
            response.put("completed_at", Instant.now().getEpochSecond());
        }
        return response;
    }

    /** A {@code response.failed} event after the given steps were sent; usage counts the deltas sent. */
    public Step failedStep(List<Step> sent, String message) {
        int reasoningTokens = plan.hiddenReasoningTokens()
                + (int) sent.stream().filter(step -> step.kind() == StepKind.REASONING_DELTA).count();
        int outputDeltas = (int) sent.stream().filter(step -> step.kind() == StepKind.OUTPUT_DELTA).count();
        return new Step(StepKind.TERMINAL, "response.failed",
                seq -> event("response.failed", seq).set("response", failedResponse(reasoningTokens, outputDeltas, message)));
    }

    public ObjectNode failedResponse(int reasoningTokens, int outputDeltas, String message) {
        ObjectNode response = responseObject("failed", NODES.arrayNode(), usage(reasoningTokens, outputDeltas));
        response.putObject("error").put("code", "server_error").put("message", message);
        return response;
    }

    private ObjectNode responseObject(String status, ArrayNode output, ObjectNode usage) {
        JsonNode request = plan.request();
        ObjectNode response = NODES.objectNode();
        response.put("id", plan.responseId());
        response.put("object", "response");
        response.put("created_at", plan.createdAt());
        response.put("status", status);
        response.put("background", request.path("background").asBoolean(false));
        response.putNull("error");
        response.putNull("incomplete_details");
        response.set("instructions", echo(request, "instructions", NODES.nullNode()));
        response.set("max_output_tokens", echo(request, "max_output_tokens", NODES.nullNode()));
        response.set("model", echo(request, "model", NODES.stringNode("gpt-5-mini")));
        response.set("output", output);
        response.put("parallel_tool_calls", true);
        response.set("previous_response_id", echo(request, "previous_response_id", NODES.nullNode()));
        ObjectNode noReasoning = NODES.objectNode();
        noReasoning.putNull("effort");
        noReasoning.putNull("summary");
        response.set("reasoning", echo(request, "reasoning", noReasoning));
        response.put("service_tier", "default");
        response.put("store", request.path("store").asBoolean(true));
        response.set("temperature", echo(request, "temperature", NODES.numberNode(1.0)));
        ObjectNode plainText = NODES.objectNode();
        plainText.putObject("format").put("type", "text");
        plainText.put("verbosity", "medium");
        response.set("text", echo(request, "text", plainText));
        response.put("tool_choice", "auto");
        response.putArray("tools");
        response.set("top_p", echo(request, "top_p", NODES.numberNode(1.0)));
        response.put("truncation", "disabled");
        if (usage == null) {
            response.putNull("usage");
        } else {
            response.set("usage", usage);
        }
        response.putNull("user");
        response.set("metadata", echo(request, "metadata", NODES.objectNode()));
        return response;
    }

    private ObjectNode usage(int reasoningTokens, int outputDeltas) {
        int outputTokens = outputDeltas + reasoningTokens;
        ObjectNode usage = NODES.objectNode();
        usage.put("input_tokens", plan.inputTokens());
        usage.putObject("input_tokens_details").put("cached_tokens", 0).put("cache_write_tokens", 0);
        usage.put("output_tokens", outputTokens);
        usage.putObject("output_tokens_details").put("reasoning_tokens", reasoningTokens);
        usage.put("total_tokens", plan.inputTokens() + outputTokens);
        return usage;
    }

    private ObjectNode reasoningItem() {
        ObjectNode item = NODES.objectNode().put("id", plan.reasoningId()).put("type", "reasoning");
        ArrayNode summary = item.putArray("summary");
        for (List<String> part : plan.summaryParts()) {
            summary.add(summaryPart(ResponsePlan.summaryText(part)));
        }
        return item;
    }

    private ObjectNode messageItem() {
        ObjectNode item = NODES.objectNode().put("id", plan.messageId()).put("type", "message")
                .put("status", plan.incomplete() ? "incomplete" : "completed").put("role", "assistant");
        item.putArray("content").add(outputTextPart(plan.outputText()));
        return item;
    }

    private static ObjectNode summaryPart(String text) {
        return NODES.objectNode().put("type", "summary_text").put("text", text);
    }

    private static ObjectNode outputTextPart(String text) {
        ObjectNode part = NODES.objectNode().put("type", "output_text");
        part.putArray("annotations");
        part.putArray("logprobs");
        part.put("text", text);
        return part;
    }

    private static ObjectNode event(String type, int sequenceNumber) {
        return NODES.objectNode().put("type", type).put("sequence_number", sequenceNumber);
    }

    private static ObjectNode summaryEvent(String type, int seq, String itemId, int summaryIndex) {
        return event(type, seq).put("item_id", itemId).put("output_index", 0).put("summary_index", summaryIndex);
    }

    private static ObjectNode contentEvent(String type, int seq, String itemId, int outputIndex) {
        return event(type, seq).put("item_id", itemId).put("output_index", outputIndex).put("content_index", 0);
    }

    private static JsonNode echo(JsonNode request, String field, JsonNode fallback) {
        JsonNode value = request.get(field);
        return value == null || value.isMissingNode() ? fallback : value;
    }
}

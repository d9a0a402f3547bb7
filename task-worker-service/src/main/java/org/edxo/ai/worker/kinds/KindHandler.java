package org.edxo.ai.worker.kinds;

import org.edxo.ai.contracts.kinds.TaskKind;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What differs from one task kind to the next: the model calls built from the command's input, and the
 * final payload built from their (already schema-checked) outputs. Everything else (settings, holds,
 * streaming, events, usage) is shared.
 */
public interface KindHandler {

    TaskKind kind();

    /**
     * The task's plan: its calls, and what {@link #result} will need besides their outputs. Failures are
     * {@link org.edxo.ai.worker.tasks.TaskFailure}s, and one raised here comes before any hold or model call.
     * Kinds whose calls come from the input alone implement {@link FromInput}; the others (a settings document,
     * a file to fetch first) implement this.
     */
    Mono<Plan> plan(JsonNode input);

    /** A kind whose calls are built from the command's input alone, synchronously. */
    interface FromInput extends KindHandler {

        /** The calls of the task, in order; most kinds make one. */
        List<ModelCall> calls(JsonNode input);

        @Override
        default Mono<Plan> plan(JsonNode input) {
            return Mono.fromCallable(() -> new Plan(calls(input), null));
        }
    }

    /**
     * @param calls the model calls, in order
     * @param state what the handler computed while planning and wants back in {@link ResultContext#planState}, or null
     */
    record Plan(List<ModelCall> calls, Object state) {

        public Plan {
            calls = List.copyOf(calls);
            if (calls.isEmpty()) {
                throw new IllegalArgumentException("a task makes at least one model call");
            }
        }
    }

    /**
     * The final payload, which must validate against {@link TaskKind#resultSchema()}.
     *
     * @param outputs the output of each call, in the order of the plan's calls
     */
    Map<String, Object> result(JsonNode input, List<JsonNode> outputs, ResultContext context);

    /**
     * What the shared pipeline knows about the task's calls.
     *
     * @param taskId           the task, for links such as {@code ?task_id=} of a review page
     * @param reasoningSummary the reasoning summaries of every call, null if the model gave none
     * @param usage            {@code input_tokens, output_tokens, cached_input_tokens, reasoning_tokens, cost, model},
     *                         summed over the calls, with {@code calls} listing each one when there are several
     * @param settingsUsed     {@code model, reasoning_effort, verbosity, sources} of the first call
     * @param webBaseUrl       EDxo's base URL for links (may be empty: relative links)
     * @param planState        {@link Plan#state()} of the task's plan
     */
    record ResultContext(UUID taskId, String reasoningSummary, Map<String, Object> usage,
                         Map<String, Object> settingsUsed, String webBaseUrl, Object planState) {

        public ResultContext(UUID taskId, String reasoningSummary, Map<String, Object> usage,
                             Map<String, Object> settingsUsed, String webBaseUrl) {
            this(taskId, reasoningSummary, usage, settingsUsed, webBaseUrl, null);
        }

        /** The plan's state, as the type the handler put there. */
        public <T> T planState(Class<T> type) {
            return type.cast(planState);
        }

        /** {@code webBaseUrl} + {@code path}. */
        public String link(String path) {
            return webBaseUrl + path;
        }
    }
}

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

    /** The calls of the task, in order; most kinds make one. */
    List<ModelCall> calls(JsonNode input);

    /**
     * The calls when building them needs more than the input (a settings document, a file): override
     * this instead of {@link #calls}. Failures are {@link org.edxo.ai.worker.tasks.TaskFailure}s.
     */
    default Mono<List<ModelCall>> plan(JsonNode input) {
        return Mono.fromCallable(() -> calls(input));
    }

    /**
     * The final payload, which must validate against {@link TaskKind#resultSchema()}.
     *
     * @param outputs the output of each call, in the order of {@link #calls}
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
     */
    record ResultContext(UUID taskId, String reasoningSummary, Map<String, Object> usage,
                         Map<String, Object> settingsUsed, String webBaseUrl) {

        /** {@code webBaseUrl} + {@code path}. */
        public String link(String path) {
            return webBaseUrl + path;
        }
    }
}

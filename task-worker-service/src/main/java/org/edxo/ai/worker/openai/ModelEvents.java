package org.edxo.ai.worker.openai;

import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseOutputMessage;
import com.openai.models.responses.ResponseOutputText;
import com.openai.models.responses.ResponseStreamEvent;
import com.openai.models.responses.ResponseUsage;
import org.edxo.ai.worker.openai.ModelStreamEvent.Delta;
import org.edxo.ai.worker.openai.ModelStreamEvent.DeltaKind;
import org.edxo.ai.worker.openai.ModelStreamEvent.Finished;
import org.edxo.ai.worker.openai.ModelStreamEvent.Status;
import org.edxo.ai.worker.openai.ModelStreamEvent.TokenUsage;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Maps SDK stream events to {@link ModelStreamEvent}s; every other event (keepalive, item added...) is dropped. */
public final class ModelEvents {

    private ModelEvents() {
    }

    public static Optional<ModelStreamEvent> from(ResponseStreamEvent event) {
        if (event.isOutputTextDelta()) {
            return Optional.of(new Delta(DeltaKind.OUTPUT, event.asOutputTextDelta().delta()));
        }
        if (event.isReasoningSummaryTextDelta()) {
            return Optional.of(new Delta(DeltaKind.REASONING, event.asReasoningSummaryTextDelta().delta()));
        }
        if (event.isReasoningSummaryTextDone()) {
            return Optional.of(new ModelStreamEvent.ReasoningSummaryDone(event.asReasoningSummaryTextDone().text()));
        }
        if (event.isCompleted()) {
            return Optional.of(finished(Status.COMPLETED, event.asCompleted().response(), null));
        }
        if (event.isIncomplete()) {
            Response response = event.asIncomplete().response();
            String reason = response.incompleteDetails()
                    .flatMap(Response.IncompleteDetails::reason)
                    .map(r -> r.asString())
                    .orElse("raison inconnue");
            return Optional.of(finished(Status.INCOMPLETE, response, reason));
        }
        if (event.isFailed()) {
            Response response = event.asFailed().response();
            String detail = response.error()
                    .map(error -> error.code().asString() + ": " + error.message())
                    .orElse("échec sans détail");
            return Optional.of(finished(Status.FAILED, response, detail));
        }
        if (event.isError()) {
            var error = event.asError();
            return Optional.of(new ModelStreamEvent.StreamError(
                    error.code().map(code -> code + ": ").orElse("") + error.message()));
        }
        return Optional.empty();
    }

    private static Finished finished(Status status, Response response, String detail) {
        return new Finished(status, response.id(), response.usage().map(ModelEvents::usage).orElse(null), detail,
                outputText(response));
    }

    /** The output text of every message item, in order; null when the response has no message. */
    static String outputText(Response response) {
        List<ResponseOutputMessage> messages = response.output().stream().flatMap(item -> item.message().stream()).toList();
        if (messages.isEmpty()) {
            return null;
        }
        return messages.stream().flatMap(message -> message.content().stream())
                .flatMap(content -> content.outputText().stream())
                .map(ResponseOutputText::text)
                .collect(Collectors.joining());
    }

    private static TokenUsage usage(ResponseUsage usage) {
        return new TokenUsage(usage.inputTokens(), usage.inputTokensDetails().cachedTokens(), usage.outputTokens(),
                usage.outputTokensDetails().reasoningTokens());
    }
}

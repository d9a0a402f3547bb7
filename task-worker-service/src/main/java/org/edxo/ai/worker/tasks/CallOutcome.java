package org.edxo.ai.worker.tasks;

import org.edxo.ai.worker.openai.ModelStreamEvent;
import org.edxo.ai.worker.openai.ModelStreamEvent.Delta;
import org.edxo.ai.worker.openai.ModelStreamEvent.DeltaKind;
import org.edxo.ai.worker.openai.ModelStreamEvent.Finished;
import org.edxo.ai.worker.openai.ModelStreamEvent.ReasoningSummaryDone;
import org.edxo.ai.worker.openai.ModelStreamEvent.StreamError;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects what one model stream produced: the output text, the reasoning summary and the terminal
 * event. Fed from one sequential pipeline.
 */
final class CallOutcome {

    private final StringBuilder output = new StringBuilder();
    private final StringBuilder reasoningDeltas = new StringBuilder();
    private final List<String> summaryParts = new ArrayList<>();
    private Finished finished;
    private String streamError;
    private volatile long estimatedInputTokens = -1;
    private volatile boolean cancelRequested;

    void accept(ModelStreamEvent event) {
        if (event instanceof Delta delta) {
            (delta.kind() == DeltaKind.OUTPUT ? output : reasoningDeltas).append(delta.text());
        } else if (event instanceof ReasoningSummaryDone done) {
            summaryParts.add(done.text());
        } else if (event instanceof StreamError error) {
            streamError = error.detail();
        } else if (event instanceof Finished terminal) {
            finished = terminal;
        }
    }

    /** The request left for the model; what it carried, estimated, is billed if the call is cancelled. */
    void sent(long estimatedInputTokens) {
        this.estimatedInputTokens = estimatedInputTokens;
    }

    boolean requestSent() {
        return estimatedInputTokens >= 0;
    }

    long estimatedInputTokens() {
        return Math.max(0, estimatedInputTokens);
    }

    void cancel() {
        cancelRequested = true;
    }

    /** Cancelled before the model ended its stream (a cancel that comes after the end changes nothing). */
    boolean cancelled() {
        return cancelRequested && finished == null;
    }

    String output() {
        return output.toString();
    }

    /** The summary parts joined by a blank line; null when the model gave none. */
    String reasoningSummary() {
        if (!summaryParts.isEmpty()) {
            return String.join("\n\n", summaryParts);
        }
        return reasoningDeltas.isEmpty() ? null : reasoningDeltas.toString();
    }

    /** The terminal event; a stream that ended without one failed. */
    Finished finished() {
        if (finished != null) {
            return finished;
        }
        if (streamError != null) {
            throw TaskFailure.modelError(streamError, null);
        }
        throw TaskFailure.truncated(null);
    }
}

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
 * Collects what one model call's stream produced: the output text, the reasoning summary and the terminal
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
    private volatile boolean streamStarted;
    private volatile boolean timedOut;

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

    /** The model's stream sent at least one event: the provider worked on this request. */
    void streamStarted() {
        streamStarted = true;
    }

    boolean hasStreamStarted() {
        return streamStarted;
    }

    /**
     * Token counts of a call that ended without the model's own report (cancelled, or broken after its
     * stream started), estimated (UTF-8 bytes / 4) from what was sent and what came back.
     */
    ModelStreamEvent.TokenUsage estimatedUsage() {
        String summary = reasoningSummary();
        long reasoning = estimateTokens(summary == null ? "" : summary);
        return new ModelStreamEvent.TokenUsage(estimatedInputTokens(), 0, estimateTokens(output()) + reasoning, reasoning);
    }

    static long estimateTokens(String text) {
        return (text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 3) / 4;
    }

    long estimatedInputTokens() {
        return Math.max(0, estimatedInputTokens);
    }

    void cancel() {
        cancelRequested = true;
    }

    /** The call ran past its kind's time limit before the model ended its stream. */
    void timeOut() {
        timedOut = true;
    }

    boolean timedOut() {
        return timedOut && finished == null;
    }

    /** Cancelled before the model ended its stream (a cancel that comes after the end changes nothing). */
    boolean cancelled() {
        return cancelRequested && finished == null;
    }

    /** The output as its deltas streamed it. */
    String output() {
        return output.toString();
    }

    /**
     * The output of a finished call: the whole text the model reports in its terminal event, which is the
     * authority, else (no message item reported) the deltas put together.
     */
    String finalOutput() {
        return finished != null && finished.outputText() != null ? finished.outputText() : output();
    }

    /**
     * Where the streamed deltas first depart from the model's whole text, or -1 when they agree or the
     * model reported none: any other value means a delta was lost or altered on the way.
     */
    int streamedOutputMismatch() {
        if (finished == null || finished.outputText() == null) {
            return -1;
        }
        String whole = finished.outputText();
        String streamed = output();
        if (whole.equals(streamed)) {
            return -1;
        }
        int at = 0;
        while (at < Math.min(whole.length(), streamed.length()) && whole.charAt(at) == streamed.charAt(at)) {
            at++;
        }
        return at;
    }

    /** The summary parts joined by a blank line; null when the model gave none. */
    String reasoningSummary() {
        if (!summaryParts.isEmpty()) {
            return String.join("\n\n", summaryParts);
        }
        return reasoningDeltas.isEmpty() ? null : reasoningDeltas.toString();
    }

    /** The model reported its token counts: the call is billed on them, never on an estimate. */
    boolean finishedWithUsage() {
        return finished != null && finished.usage() != null;
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

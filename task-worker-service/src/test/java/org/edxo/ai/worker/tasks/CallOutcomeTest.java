package org.edxo.ai.worker.tasks;

import org.edxo.ai.worker.openai.ModelStreamEvent.Delta;
import org.edxo.ai.worker.openai.ModelStreamEvent.DeltaKind;
import org.edxo.ai.worker.openai.ModelStreamEvent.Finished;
import org.edxo.ai.worker.openai.ModelStreamEvent.Status;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CallOutcomeTest {

    private static CallOutcome streamed(String... outputDeltas) {
        CallOutcome outcome = new CallOutcome();
        outcome.accept(new Delta(DeltaKind.REASONING, "**Analyse**"));
        for (String delta : outputDeltas) {
            outcome.accept(new Delta(DeltaKind.OUTPUT, delta));
        }
        return outcome;
    }

    @Test
    void deltasThatAgreeWithTheModelsWholeTextGiveThatText() {
        CallOutcome outcome = streamed("{\"co", "mpatibility\":", "1}");
        outcome.accept(new Finished(Status.COMPLETED, "resp_1", null, null, "{\"compatibility\":1}"));

        assertThat(outcome.streamedOutputMismatch()).isEqualTo(-1);
        assertThat(outcome.finalOutput()).isEqualTo("{\"compatibility\":1}");
    }

    @Test
    void aLostDeltaIsFoundWhereItWasAndTheWholeTextIsTheOutput() {
        CallOutcome firstLost = streamed("mpatibility\":", "1}");
        firstLost.accept(new Finished(Status.COMPLETED, "resp_1", null, null, "{\"compatibility\":1}"));
        CallOutcome lastLost = streamed("{\"co", "mpatibility\":");
        lastLost.accept(new Finished(Status.COMPLETED, "resp_1", null, null, "{\"compatibility\":1}"));

        assertThat(firstLost.streamedOutputMismatch()).isZero();
        assertThat(firstLost.finalOutput()).isEqualTo("{\"compatibility\":1}");
        assertThat(firstLost.output()).isEqualTo("mpatibility\":1}");
        assertThat(lastLost.streamedOutputMismatch()).isEqualTo("{\"compatibility\":".length());
        assertThat(lastLost.finalOutput()).isEqualTo("{\"compatibility\":1}");
    }

    @Test
    void withoutTheModelsWholeTextTheDeltasAreTheOutput() {
        CallOutcome outcome = streamed("{\"a\":", "1}");
        outcome.accept(new Finished(Status.COMPLETED, "resp_1", null, null));

        assertThat(outcome.streamedOutputMismatch()).isEqualTo(-1);
        assertThat(outcome.finalOutput()).isEqualTo("{\"a\":1}");
    }
}

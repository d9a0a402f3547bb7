package org.edxo.ai.worker.openai;

import com.openai.core.ObjectMappers;
import com.openai.models.responses.ResponseStreamEvent;
import org.edxo.ai.worker.openai.ModelStreamEvent.Delta;
import org.edxo.ai.worker.openai.ModelStreamEvent.DeltaKind;
import org.edxo.ai.worker.openai.ModelStreamEvent.Finished;
import org.edxo.ai.worker.openai.ModelStreamEvent.Status;
import org.edxo.ai.worker.openai.ModelStreamEvent.TokenUsage;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** SDK events parsed from the wire shapes of reference §1.5, as the SDK itself parses them. */
class ModelEventsTest {

    private static final String RESPONSE_FIELDS = "\"object\":\"response\",\"created_at\":1767225600,\"model\":\"gpt-5-mini\","
            + "\"output\":[],\"parallel_tool_calls\":true,\"tool_choice\":\"auto\",\"tools\":[]";
    private static final String USAGE = "\"usage\":{\"input_tokens\":52,\"input_tokens_details\":{\"cached_tokens\":10,"
            + "\"cache_write_tokens\":0},\"output_tokens\":148,\"output_tokens_details\":{\"reasoning_tokens\":128},"
            + "\"total_tokens\":200}";

    private static Optional<ModelStreamEvent> map(String json) throws Exception {
        return ModelEvents.from(ObjectMappers.jsonMapper().readValue(json, ResponseStreamEvent.class));
    }

    @Test
    void deltasAndSummaryParts() throws Exception {
        assertThat(map("{\"type\":\"response.output_text.delta\",\"sequence_number\":11,\"item_id\":\"msg_1\","
                + "\"output_index\":1,\"content_index\":0,\"delta\":\"{\\\"a\\\":\",\"logprobs\":[]}"))
                .contains(new Delta(DeltaKind.OUTPUT, "{\"a\":"));
        assertThat(map("{\"type\":\"response.reasoning_summary_text.delta\",\"sequence_number\":4,\"item_id\":\"rs_1\","
                + "\"output_index\":0,\"summary_index\":0,\"delta\":\"**Analyse**\"}"))
                .contains(new Delta(DeltaKind.REASONING, "**Analyse**"));
        assertThat(map("{\"type\":\"response.reasoning_summary_text.done\",\"sequence_number\":6,\"item_id\":\"rs_1\","
                + "\"output_index\":0,\"summary_index\":0,\"text\":\"**Analyse** faite.\"}"))
                .contains(new ModelStreamEvent.ReasoningSummaryDone("**Analyse** faite."));
    }

    @Test
    void terminalEventsCarryStatusUsageAndDetail() throws Exception {
        assertThat(map("{\"type\":\"response.completed\",\"sequence_number\":16,\"response\":{\"id\":\"resp_1\","
                + "\"status\":\"completed\"," + RESPONSE_FIELDS + "," + USAGE + "}}"))
                .contains(new Finished(Status.COMPLETED, "resp_1", new TokenUsage(52, 10, 148, 128), null));
        assertThat(map("{\"type\":\"response.incomplete\",\"sequence_number\":9,\"response\":{\"id\":\"resp_2\","
                + "\"status\":\"incomplete\",\"incomplete_details\":{\"reason\":\"max_output_tokens\"}," + RESPONSE_FIELDS
                + "," + USAGE + "}}"))
                .contains(new Finished(Status.INCOMPLETE, "resp_2", new TokenUsage(52, 10, 148, 128), "max_output_tokens"));
        assertThat(map("{\"type\":\"response.failed\",\"sequence_number\":9,\"response\":{\"id\":\"resp_3\","
                + "\"status\":\"failed\",\"error\":{\"code\":\"server_error\",\"message\":\"boom\"}," + RESPONSE_FIELDS
                + ",\"usage\":null}}"))
                .contains(new Finished(Status.FAILED, "resp_3", null, "server_error: boom"));
    }

    @Test
    void aCompletedResponseCarriesTheWholeTextOfItsMessagesAndNoneWithoutAMessage() throws Exception {
        String output = "\"output\":[{\"id\":\"rs_1\",\"type\":\"reasoning\",\"summary\":[]},"
                + "{\"id\":\"msg_1\",\"type\":\"message\",\"status\":\"completed\",\"role\":\"assistant\",\"content\":["
                + "{\"type\":\"output_text\",\"text\":\"{\\\"a\\\":\",\"annotations\":[],\"logprobs\":[]},"
                + "{\"type\":\"output_text\",\"text\":\"1}\",\"annotations\":[],\"logprobs\":[]}]}]";
        String withMessage = "{\"type\":\"response.completed\",\"sequence_number\":16,\"response\":{\"id\":\"resp_1\","
                + "\"status\":\"completed\"," + RESPONSE_FIELDS.replace("\"output\":[]", output) + "," + USAGE + "}}";

        assertThat(map(withMessage)).contains(
                new Finished(Status.COMPLETED, "resp_1", new TokenUsage(52, 10, 148, 128), null, "{\"a\":1}"));
        assertThat(map("{\"type\":\"response.completed\",\"sequence_number\":16,\"response\":{\"id\":\"resp_1\","
                + "\"status\":\"completed\"," + RESPONSE_FIELDS + "," + USAGE + "}}"))
                .map(event -> ((Finished) event).outputText()).isEmpty();
    }

    @Test
    void flatErrorEventsAreReportedAndEverythingElseIsDropped() throws Exception {
        assertThat(map("{\"type\":\"error\",\"code\":\"server_error\",\"message\":\"Surcharge\",\"param\":null,"
                + "\"sequence_number\":5}"))
                .contains(new ModelStreamEvent.StreamError("server_error: Surcharge"));
        assertThat(map("{\"type\":\"keepalive\",\"sequence_number\":3}")).isEmpty();
        assertThat(map("{\"type\":\"response.output_item.added\",\"sequence_number\":2,\"output_index\":0,"
                + "\"item\":{\"id\":\"rs_1\",\"type\":\"reasoning\",\"summary\":[]}}")).isEmpty();
    }
}

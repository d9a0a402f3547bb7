package org.edxo.ai.contracts;

import org.edxo.ai.contracts.json.ContractValidator;
import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.contracts.kinds.TaskKind;
import org.edxo.ai.contracts.kinds.TaskKinds;
import org.edxo.ai.contracts.messages.TaskCommand;
import org.edxo.ai.contracts.messages.TaskEvent;
import org.edxo.ai.contracts.messages.TaskEventType;
import org.edxo.ai.contracts.messages.UsageRecorded;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The Java records and the JSON Schemas campus systems read must agree. */
class MessageContractTest {

    private static final String COMMAND = "schemas/messages/task-command.v1.schema.json";
    private static final String EVENT = "schemas/messages/task-event.v1.schema.json";
    private static final String USAGE = "schemas/messages/usage-recorded.v1.schema.json";

    private final TaskCommand command = TaskCommand.of(UUID.randomUUID(), "analyse_plan_de_cours", "42",
            Map.of("plan_id", 7, "plan_cours", Map.of("id", 7), "plan_cadre", Map.of("id", 3)),
            new TaskCommand.Options(null, "low", null));

    @Test
    void aCommandSerialisesToItsSchemaAndBack() {
        JsonNode json = Json.tree(Json.write(command));
        assertThat(ContractValidator.validate(COMMAND, json)).isEmpty();
        assertThat(json.get("task_id").asString()).isEqualTo(command.taskId().toString());
        assertThat(json.get("occurred_at").isString()).isTrue();

        TaskCommand back = Json.read(Json.write(command), TaskCommand.class);
        assertThat(back).isEqualTo(command);
    }

    @Test
    void aCommandWithoutUserOrInputIsRejectedWithThePath() {
        JsonNode bad = Json.tree("""
                {"id":"%s","type":"task.command","task_id":"%s","kind":"analyse_plan_de_cours",
                 "occurred_at":"2026-11-25T10:00:00Z","schema_version":1,"data":{}}
                """.formatted(UUID.randomUUID(), UUID.randomUUID()));
        var violations = ContractValidator.validate(COMMAND, bad);
        assertThat(violations).extracting(Object::toString)
                .anyMatch(v -> v.contains("user_id"))
                .anyMatch(v -> v.contains("input"));
    }

    @Test
    void everyEventTypeSerialisesToItsSchema() {
        for (TaskEventType type : TaskEventType.values()) {
            Map<String, Object> data = switch (type) {
                case OUTPUT_DELTA, REASONING_DELTA -> TaskEvent.data(TaskEvent.DELTA, "{\"a\":");
                case SUCCEEDED -> TaskEvent.data(TaskEvent.RESULT, Map.of("status", "success"));
                default -> TaskEvent.data(TaskEvent.MESSAGE, "Analyse en cours…");
            };
            TaskEvent event = TaskEvent.of(command, type, 3, data);
            JsonNode json = Json.tree(Json.write(event));
            assertThat(ContractValidator.validate(EVENT, json)).as(type.name()).isEmpty();
            assertThat(json.get("type").asString()).isEqualTo(type.wireName());
            assertThat(Json.read(Json.write(event), TaskEvent.class)).isEqualTo(event);
        }
    }

    @Test
    void aDeltaWithoutItsTextViolatesTheEventSchema() {
        TaskEvent event = TaskEvent.of(command, TaskEventType.OUTPUT_DELTA, 1, Map.of());
        assertThat(ContractValidator.validate(EVENT, Json.tree(Json.write(event)))).isNotEmpty();
    }

    @Test
    void aUsageMessageSerialisesToItsSchema() {
        UsageRecorded usage = new UsageRecorded(UUID.randomUUID(), UsageRecorded.TYPE, command.taskId(), command.kind(),
                command.userId(), Instant.now(), UsageRecorded.SCHEMA_VERSION, null,
                new UsageRecorded.Usage("gpt-5", "analyse_plan_cours", "resp_1", 1, null, 1200, 0, 300, 128));
        assertThat(ContractValidator.validate(USAGE, Json.tree(Json.write(usage)))).isEmpty();
        assertThat(Json.read(Json.write(usage), UsageRecorded.class)).isEqualTo(usage);
    }

    @Test
    void routingKeysAreKindThenEvent() {
        assertThat(TaskEvent.of(command, TaskEventType.OUTPUT_DELTA, 1, Map.of()).routingKey())
                .isEqualTo("analyse_plan_de_cours.output_delta");
    }

    @Test
    void everyKindHasLoadableSchemas() {
        for (TaskKind kind : TaskKinds.all()) {
            assertThat(ContractValidator.schemaNode(kind.inputSchema())).isNotNull();
            assertThat(ContractValidator.schemaNode(kind.resultSchema())).isNotNull();
            kind.outputs().forEach(output -> assertThat(ContractValidator.schemaNode(output.schema())).isNotNull());
        }
    }
}

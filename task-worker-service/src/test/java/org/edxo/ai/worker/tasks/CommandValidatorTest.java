package org.edxo.ai.worker.tasks;

import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.contracts.messages.MessageHeaderNames;
import org.edxo.ai.contracts.messages.TaskCommand;
import org.edxo.ai.worker.Fixtures;
import org.edxo.ai.worker.config.CommandIntakeProperties;
import org.edxo.ai.worker.kinds.AnalysePlanDeCoursHandler;
import org.edxo.ai.worker.kinds.KindHandlers;
import org.edxo.ai.worker.tasks.CommandValidator.Accepted;
import org.edxo.ai.worker.tasks.CommandValidator.Rejected;
import org.junit.jupiter.api.Test;
import org.springframework.messaging.MessageHeaders;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class CommandValidatorTest {

    private static final UUID TASK_ID = UUID.randomUUID();
    private static final MessageHeaders NO_HEADERS = new MessageHeaders(Map.of());

    private static final int MAX_BYTES = 64 * 1024;

    private final CommandValidator validator = new CommandValidator(new KindHandlers(List.of(new AnalysePlanDeCoursHandler())),
            new CommandIntakeProperties(DataSize.ofBytes(MAX_BYTES), Duration.ofSeconds(60)));

    private static ObjectNode command() {
        return Json.mapper().valueToTree(Fixtures.analyseCommand(TASK_ID, new TaskCommand.Options(null, "low", null)));
    }

    @Test
    void acceptsAValidCommand() {
        CommandValidator.Verdict verdict = validator.validate(Json.write(command()), NO_HEADERS);

        assertThat(verdict).isInstanceOf(Accepted.class);
        Accepted accepted = (Accepted) verdict;
        assertThat(accepted.command().taskId()).isEqualTo(TASK_ID);
        assertThat(accepted.command().data().options().reasoningEffort()).isEqualTo("low");
        assertThat(accepted.handler().kind().id()).isEqualTo("analyse_plan_de_cours");
        assertThat(accepted.input().path("plan_id").asLong()).isEqualTo(42);
    }

    @Test
    void rejectsABodyThatIsNotJsonUsingTheTaskIdHeader() {
        MessageHeaders headers = new MessageHeaders(Map.of(MessageHeaderNames.TASK_ID, TASK_ID.toString(),
                MessageHeaderNames.KIND, "analyse_plan_de_cours"));
        CommandValidator.Verdict verdict = validator.validate("pas du json".getBytes(StandardCharsets.UTF_8), headers);

        Rejected rejected = (Rejected) verdict;
        assertThat(rejected.errorCode()).isEqualTo("invalid_command");
        assertThat(rejected.taskId()).isEqualTo(TASK_ID);
        assertThat(rejected.kind()).isEqualTo("analyse_plan_de_cours");
        assertThat(rejected.message()).startsWith("Commande invalide : ");
    }

    @Test
    void rejectsAContractViolationWithItsPath() {
        ObjectNode command = command();
        command.remove("user_id");
        command.put("schema_version", 2);

        Rejected rejected = (Rejected) validator.validate(Json.write(command), NO_HEADERS);

        assertThat(rejected.errorCode()).isEqualTo("invalid_command");
        assertThat(rejected.taskId()).isEqualTo(TASK_ID);
        assertThat(rejected.message()).startsWith("Commande invalide : ").contains("user_id").contains("/schema_version");
    }

    @Test
    void rejectsAnUnknownKind() {
        ObjectNode command = command();
        command.put("kind", "generation_inconnue");

        Rejected rejected = (Rejected) validator.validate(Json.write(command), NO_HEADERS);

        assertThat(rejected.errorCode()).isEqualTo("unknown_kind");
        assertThat(rejected.kind()).isEqualTo("generation_inconnue");
        assertThat(rejected.message()).isEqualTo("Commande invalide : /kind: type de tâche inconnu « generation_inconnue »");
    }

    @Test
    void rejectsAnInputBreakingTheKindsInputSchema() {
        ObjectNode command = command();
        ((ObjectNode) command.get("data").get("input")).remove("plan_cadre");

        Rejected rejected = (Rejected) validator.validate(Json.write(command), NO_HEADERS);

        assertThat(rejected.errorCode()).isEqualTo("invalid_input");
        assertThat(rejected.message()).startsWith("Commande invalide : /data/input").contains("plan_cadre");
    }

    @Test
    void rejectsABodyOverTheLimitBeforeParsingItNamingTheTaskFromTheHeaders() {
        // Valid JSON, but too large: rejected on its size alone (a parse would succeed).
        ObjectNode command = command();
        ((ObjectNode) command.get("data").get("input").get("plan_cours")).put("padding", "x".repeat(MAX_BYTES));
        MessageHeaders headers = new MessageHeaders(Map.of(MessageHeaderNames.TASK_ID, TASK_ID.toString(),
                MessageHeaderNames.KIND, "analyse_plan_de_cours", MessageHeaderNames.USER_ID, "campus-3"));

        Rejected rejected = (Rejected) validator.validate(Json.write(command), headers);

        assertThat(rejected.errorCode()).isEqualTo("command_too_large");
        assertThat(rejected.taskId()).isEqualTo(TASK_ID);
        assertThat(rejected.userId()).isEqualTo("campus-3");
        assertThat(rejected.message()).startsWith("Commande invalide : le corps fait ")
                .endsWith("au-delà de la limite de " + MAX_BYTES + " octets");
        // At the limit exactly, the body is read.
        assertThat(validator.validate(new byte[MAX_BYTES], headers)).isInstanceOf(Rejected.class)
                .extracting(verdict -> ((Rejected) verdict).errorCode()).isEqualTo("invalid_command");
    }

    @Test
    void anUnreadableTaskIdLeavesItNull() {
        Rejected rejected = (Rejected) validator.validate("[1,2]".getBytes(StandardCharsets.UTF_8), NO_HEADERS);

        assertThat(rejected.taskId()).isNull();
        assertThat(rejected.kind()).isEqualTo("unknown");
    }
}

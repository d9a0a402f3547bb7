package org.edxo.ai.worker;

import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.contracts.kinds.TaskKinds;
import org.edxo.ai.contracts.messages.TaskCommand;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.UUID;

/** Realistic test data: the snapshots EDxo sends. */
public final class Fixtures {

    private Fixtures() {
    }

    public static JsonNode analyseInput() {
        return read("/fixtures/analyse-input.json");
    }

    /** A plan de cours and its plan-cadre, as the four plan de cours kinds receive them. */
    public static JsonNode planDeCoursInput() {
        return read("/fixtures/plan-de-cours-input.json");
    }

    private static JsonNode read(String resource) {
        try (InputStream in = Fixtures.class.getResourceAsStream(resource)) {
            return Json.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    public static TaskCommand analyseCommand(UUID taskId, TaskCommand.Options options) {
        return TaskCommand.of(taskId, TaskKinds.ANALYSE_PLAN_DE_COURS.id(), "user-17",
                Json.mapper().convertValue(analyseInput(), Map.class), options);
    }
}

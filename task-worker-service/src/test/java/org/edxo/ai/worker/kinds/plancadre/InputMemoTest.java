package org.edxo.ai.worker.kinds.plancadre;

import org.edxo.ai.contracts.json.Json;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class InputMemoTest {

    @Test
    void valuesAreKeptPerInstanceTakenOnceAndDroppedWithTheirInput() {
        InputMemo<String> memo = new InputMemo<>();
        JsonNode first = Json.tree("{\"plan_id\": 1}");
        JsonNode equal = Json.tree("{\"plan_id\": 1}");
        memo.put(first, "premier");
        memo.put(equal, "second");

        assertThat(memo.take(equal)).isEqualTo("second");
        assertThat(memo.take(equal)).isNull();
        assertThat(memo.take(first)).isEqualTo("premier");

        memo.put(Json.tree("{\"plan_id\": 2}"), "oublié"); // a task that failed: its input is not referenced anymore
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            System.gc();
            return memo.size() == 0;
        });
    }
}

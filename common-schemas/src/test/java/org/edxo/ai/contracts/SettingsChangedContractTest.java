package org.edxo.ai.contracts;

import org.edxo.ai.contracts.json.ContractValidator;
import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.contracts.messages.SettingsChanged;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SettingsChangedContractTest {

    private static final String SCHEMA = "schemas/messages/settings-changed.v1.schema.json";

    @Test
    void aSectionChangeAndAGlobalChangeBothMatchTheSchema() {
        assertThat(ContractValidator.validate(SCHEMA, Json.tree(Json.write(SettingsChanged.of("analyse_plan_cours")))))
                .isEmpty();
        assertThat(ContractValidator.validate(SCHEMA, Json.tree(Json.write(SettingsChanged.of(null))))).isEmpty();
        SettingsChanged change = SettingsChanged.of("ocr");
        assertThat(Json.read(Json.write(change), SettingsChanged.class)).isEqualTo(change);
    }
}

package org.edxo.ai.settings.history;

/** What a history row describes; the value is stored in {@code setting_changes.entity}. */
public enum ChangedEntity {
    SECTION("section"),
    TEMPLATE("template");

    private final String value;

    ChangedEntity(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }
}

package org.edxo.ai.settings.history;

/** What a history row describes; the value is stored in {@code setting_changes.entity}. */
public enum ChangedEntity {
    SECTION("section"),
    TEMPLATE("template"),
    MODEL("model"),
    DEFAULTS("defaults"),
    GENERATION_SECTION("generation_section"),
    /** A whole import; its snapshots are complete exports. */
    IMPORT("import");

    private final String value;

    ChangedEntity(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    public static ChangedEntity of(String value) {
        for (ChangedEntity entity : values()) {
            if (entity.value.equals(value)) {
                return entity;
            }
        }
        throw new IllegalArgumentException("unknown entity " + value);
    }
}

package org.edxo.ai.settings.sections;

import java.time.Instant;

/** A row of {@code settings.section_settings}. */
public record SectionRow(String section, SectionValues values, Instant updatedAt, String updatedBy) {
}

package org.edxo.ai.settings.sections;

import java.time.Instant;

/** A row of {@code settings.prompt_templates}. */
public record TemplateRow(String section, String name, String template, Instant updatedAt) {
}

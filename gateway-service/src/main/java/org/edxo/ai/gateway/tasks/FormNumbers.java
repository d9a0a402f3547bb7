package org.edxo.ai.gateway.tasks;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;

/**
 * Numbers that EDxo's modals may send as form strings ({@code "900"}, {@code "2,5"}), read as the original
 * read them with {@code int()} / {@code float()}; anything else is left as sent, for the input schema to
 * refuse with a 400 naming the field.
 */
public final class FormNumbers {

    private FormNumbers() {
    }

    /** A string holding a whole number becomes that number. */
    public static void integer(ObjectNode input, String field) {
        JsonNode value = input.get(field);
        if (value != null && value.isString()) {
            try {
                input.put(field, Long.parseLong(value.stringValue().strip()));
            } catch (NumberFormatException e) {
                // left as sent: the schema names the field
            }
        }
    }

    /** A string holding a decimal number becomes that number; a blank string means "not given" (null). */
    public static void decimal(ObjectNode input, String field) {
        JsonNode value = input.get(field);
        if (value != null && value.isString()) {
            String text = value.stringValue().strip();
            if (text.isEmpty()) {
                input.putNull(field);
                return;
            }
            try {
                input.put(field, new BigDecimal(text.replace(',', '.')));
            } catch (NumberFormatException e) {
                // left as sent: the schema names the field
            }
        }
    }
}

package org.edxo.ai.settings.web;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One rejected input field, in French, as listed in a 400 body's {@code details}. */
public record FieldError(@JsonProperty("field") String field, @JsonProperty("message") String message) {
}

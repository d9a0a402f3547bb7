package org.edxo.ai.settings.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** {@code {"error": "...", "details": [...]}}; {@code details} only for validation errors. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ErrorBody(@JsonProperty("error") String error, @JsonProperty("details") List<FieldError> details) {

    public static ErrorBody of(String error) {
        return new ErrorBody(error, List.of());
    }
}

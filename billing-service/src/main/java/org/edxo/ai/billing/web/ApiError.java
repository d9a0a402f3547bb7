package org.edxo.ai.billing.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** Error body of every route: {@code {"error": "...", "details": [{"field": "...", "message": "..."}]}}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(@JsonProperty("error") String error, @JsonProperty("details") List<FieldProblem> details) {

    public static final String INVALID_PARAMETERS = "Paramètres invalides.";

    public ApiError(String error) {
        this(error, null);
    }

    public record FieldProblem(@JsonProperty("field") String field, @JsonProperty("message") String message) {
    }
}

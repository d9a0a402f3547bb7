package org.edxo.ai.billing.web;

import java.util.List;

/** Request parameters that break a route's rules; answered 400 with one detail per field. */
public class InvalidRequestException extends RuntimeException {

    private final List<ApiError.FieldProblem> problems;

    public InvalidRequestException(List<ApiError.FieldProblem> problems) {
        super(ApiError.INVALID_PARAMETERS + " " + problems);
        this.problems = List.copyOf(problems);
    }

    public List<ApiError.FieldProblem> problems() {
        return problems;
    }
}

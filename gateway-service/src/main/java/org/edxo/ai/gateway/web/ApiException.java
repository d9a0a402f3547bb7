package org.edxo.ai.gateway.web;

import org.springframework.http.HttpStatus;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An error answer with its JSON body ({@code {"error": ..., "details"?: [...]}}), raised anywhere in a route. */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final Map<String, Object> body;

    public ApiException(HttpStatus status, Map<String, Object> body) {
        super(String.valueOf(body.get("error")), null, false, false);
        this.status = status;
        this.body = body;
    }

    public ApiException(HttpStatus status, String message) {
        this(status, Map.of("error", message));
    }

    public static ApiException invalid(String message, List<FieldError> details) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        body.put("details", details);
        return new ApiException(HttpStatus.BAD_REQUEST, body);
    }

    public HttpStatus status() {
        return status;
    }

    public Map<String, Object> body() {
        return body;
    }

    /** One entry of {@code details}: a JSON Pointer into the request body and what is wrong there. */
    public record FieldError(String field, String message) {
    }
}

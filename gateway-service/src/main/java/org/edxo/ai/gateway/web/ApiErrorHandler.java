package org.edxo.ai.gateway.web;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebInputException;

import java.util.Map;

/** JSON error bodies for everything our routes raise; bad input never becomes a 5xx. */
@RestControllerAdvice
public class ApiErrorHandler {

    @ExceptionHandler(ApiException.class)
    ResponseEntity<Map<String, Object>> api(ApiException e) {
        var response = ResponseEntity.status(e.status());
        if (e.status() == HttpStatus.CONTENT_TOO_LARGE) {
            // The rest of the body stays unread and the server drops the connection: said in the response, the
            // client does not send its next request on a connection that is closing.
            response.header(HttpHeaders.CONNECTION, "close");
        }
        return response.body(e.body());
    }

    @ExceptionHandler(ServerWebInputException.class)
    ResponseEntity<Map<String, Object>> input(ServerWebInputException e) {
        return ResponseEntity.badRequest().body(Map.of("error", "Requête invalide."));
    }
}

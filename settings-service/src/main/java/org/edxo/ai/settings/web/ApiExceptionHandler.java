package org.edxo.ai.settings.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebInputException;

/** Maps our exceptions to the JSON error bodies of the API; bad input never becomes a 5xx. */
@RestControllerAdvice
public class ApiExceptionHandler {

    @ExceptionHandler(InvalidRequestException.class)
    ResponseEntity<ErrorBody> invalid(InvalidRequestException e) {
        return ResponseEntity.badRequest().body(new ErrorBody("Paramètres invalides.", e.details()));
    }

    @ExceptionHandler(MalformedBodyException.class)
    ResponseEntity<ErrorBody> malformed(MalformedBodyException e) {
        return ResponseEntity.badRequest().body(ErrorBody.of(e.getMessage()));
    }

    /** Missing body, or one the codec could not read (too large, wrong charset). */
    @ExceptionHandler(ServerWebInputException.class)
    ResponseEntity<ErrorBody> unreadable(ServerWebInputException e) {
        return ResponseEntity.status(e.getStatusCode()).body(ErrorBody.of("Requête invalide : corps absent ou illisible."));
    }

    @ExceptionHandler(ConflictException.class)
    ResponseEntity<ErrorBody> conflict(ConflictException e) {
        return ResponseEntity.status(HttpStatus.CONFLICT).body(ErrorBody.of(e.getMessage()));
    }

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<ErrorBody> notFound(NotFoundException e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(ErrorBody.of(e.getMessage()));
    }
}

package org.edxo.ai.billing.web;

import org.edxo.ai.billing.holds.HoldConflictException;
import org.edxo.ai.billing.holds.HoldNotFoundException;
import org.edxo.ai.billing.ledger.BalanceWouldBeNegativeException;
import org.edxo.ai.billing.ledger.IdempotencyConflictException;
import org.edxo.ai.billing.ledger.InsufficientBalanceException;
import org.edxo.ai.billing.pricing.DuplicatePriceException;
import org.edxo.ai.billing.pricing.UnknownModelException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebInputException;

/** Maps our exceptions to the JSON error bodies of the API; bad input never becomes a 5xx. */
@RestControllerAdvice
public class ApiExceptionHandler {

    @ExceptionHandler(InvalidRequestException.class)
    ResponseEntity<ApiError> invalid(InvalidRequestException e) {
        return ResponseEntity.badRequest().body(new ApiError(ApiError.INVALID_PARAMETERS, e.problems()));
    }

    @ExceptionHandler(MalformedJsonException.class)
    ResponseEntity<ApiError> malformed(MalformedJsonException e) {
        return ResponseEntity.badRequest().body(new ApiError(e.getMessage()));
    }

    @ExceptionHandler(ServerWebInputException.class)
    ResponseEntity<ApiError> unreadable(ServerWebInputException e) {
        return ResponseEntity.badRequest().body(new ApiError("Requête invalide."));
    }

    @ExceptionHandler(UnknownModelException.class)
    ResponseEntity<ApiError> unknownModel(UnknownModelException e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(new ApiError(e.getMessage()));
    }

    @ExceptionHandler(InsufficientBalanceException.class)
    ResponseEntity<ApiError> insufficient(InsufficientBalanceException e) {
        return ResponseEntity.status(HttpStatus.PAYMENT_REQUIRED).body(new ApiError(e.getMessage()));
    }

    @ExceptionHandler(HoldNotFoundException.class)
    ResponseEntity<ApiError> noHold(HoldNotFoundException e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(new ApiError(e.getMessage()));
    }

    @ExceptionHandler({HoldConflictException.class, BalanceWouldBeNegativeException.class, DuplicatePriceException.class})
    ResponseEntity<ApiError> refused(RuntimeException e) {
        return ResponseEntity.status(HttpStatus.CONFLICT).body(new ApiError(e.getMessage()));
    }

    @ExceptionHandler(IdempotencyConflictException.class)
    ResponseEntity<ApiError> conflict(IdempotencyConflictException e) {
        return ResponseEntity.status(HttpStatus.CONFLICT).body(new ApiError(e.getMessage()));
    }
}

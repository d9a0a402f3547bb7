package org.edxo.ai.support.web;

import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.util.Map;

/**
 * The database unreachable (refused or reset connections, a pool that cannot connect, a timeout) is a
 * {@code 503 {"error": "Service momentanément indisponible, réessayez."}} with {@code Retry-After}, never a
 * 500: the request was fine and may be sent again. R2DBC's own exceptions and Spring's translation of them
 * are both covered. Registered by {@link DatabaseUnavailableAutoConfiguration} in services with R2DBC.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class DatabaseUnavailableAdvice {

    public static final String MESSAGE = "Service momentanément indisponible, réessayez.";
    /** Seconds a client should wait before trying again. */
    public static final String RETRY_AFTER_SECONDS = "5";

    private static final Logger log = LoggerFactory.getLogger(DatabaseUnavailableAdvice.class);

    @ExceptionHandler({DataAccessResourceFailureException.class, TransientDataAccessException.class,
            R2dbcNonTransientResourceException.class, R2dbcTransientResourceException.class, R2dbcTimeoutException.class})
    ResponseEntity<Map<String, String>> unavailable(Exception e) {
        log.warn("database unavailable, answering 503: {}", e.toString());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("error", MESSAGE));
    }
}

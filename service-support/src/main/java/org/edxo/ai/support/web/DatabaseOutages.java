package org.edxo.ai.support.web;

import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

/**
 * Tells an unreachable database (refused or reset connections, a pool that cannot connect, a timeout) from
 * every other failure: only the first is worth waiting for (a consumer retries it in place, where another
 * failure goes to the dead-letter queue at once). Needs R2DBC and spring-tx on the classpath.
 */
public final class DatabaseOutages {

    private DatabaseOutages() {
    }

    /** True when {@code error} or one of its causes says the database could not be reached. */
    public static boolean isOutage(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof DataAccessResourceFailureException || cause instanceof TransientDataAccessException
                    || cause instanceof R2dbcNonTransientResourceException || cause instanceof R2dbcTransientResourceException
                    || cause instanceof R2dbcTimeoutException || cause instanceof ConnectException
                    || cause instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }
}

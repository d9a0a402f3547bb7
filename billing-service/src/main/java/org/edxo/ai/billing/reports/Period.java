package org.edxo.ai.billing.reports;

import org.edxo.ai.billing.web.ApiError.FieldProblem;
import org.edxo.ai.billing.web.InvalidRequestException;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * A report's period [{@code from}, {@code to}): ISO instants ({@code 2026-01-01T00:00:00Z}) or dates
 * ({@code 2026-01-01}, midnight UTC). Without {@code from}: the beginning; without {@code to}: now.
 */
record Period(Instant from, Instant to) {

    static Period parse(String from, String to, Instant now) {
        List<FieldProblem> problems = new ArrayList<>();
        Instant start = instant("from", from, Instant.EPOCH, problems);
        Instant end = instant("to", to, now, problems);
        if (problems.isEmpty() && !start.isBefore(end)) {
            problems.add(new FieldProblem("to", "La fin de la période doit suivre son début."));
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        return new Period(start, end);
    }

    private static Instant instant(String field, String value, Instant fallback, List<FieldProblem> problems) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            problems.add(new FieldProblem(field, "Date attendue au format ISO 8601 (2026-01-01 ou 2026-01-01T00:00:00Z)."));
            return fallback;
        }
    }
}

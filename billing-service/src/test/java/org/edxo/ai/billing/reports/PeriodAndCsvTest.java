package org.edxo.ai.billing.reports;

import org.edxo.ai.billing.web.InvalidRequestException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PeriodAndCsvTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    @Test
    void aPeriodTakesDatesOrInstantsAndDefaultsToEverythingUntilNow() {
        assertThat(Period.parse(null, null, NOW)).isEqualTo(new Period(Instant.EPOCH, NOW));
        assertThat(Period.parse("2026-01-01", "2026-02-01T10:00:00Z", NOW)).isEqualTo(
                new Period(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-02-01T10:00:00Z")));
        assertThatThrownBy(() -> Period.parse("2026-02-01", "2026-01-01", NOW)).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> Period.parse("hier", null, NOW)).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void csvCellsAreQuotedWhenNeededAndFreeTextNeverStartsAFormula() {
        assertThat(Csv.row(Arrays.asList("a", null, 3, "x,y", "il a dit \"oui\""))).isEqualTo("a,,3,\"x,y\",\"il a dit \"\"oui\"\"\"\r\n");
        assertThat(Csv.text("=HYPERLINK(\"http://x\")")).isEqualTo("'=HYPERLINK(\"http://x\")");
        assertThat(Csv.text("-1.5 de correction")).isEqualTo("'-1.5 de correction");
        assertThat(Csv.row(List.of("-0.500000"))).isEqualTo("-0.500000\r\n"); // amounts stay numbers
    }

    @Test
    void csvIsChosenByTheFormatParameterOrTheAcceptHeader() {
        assertThat(ReportController.wantsCsv("csv", null)).isTrue();
        assertThat(ReportController.wantsCsv(null, "text/csv")).isTrue();
        assertThat(ReportController.wantsCsv("json", "text/csv")).isFalse();
        assertThat(ReportController.wantsCsv(null, "application/json")).isFalse();
        assertThat(ReportController.wantsCsv(null, null)).isFalse();
    }
}

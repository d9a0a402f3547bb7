package org.edxo.ai.billing.reports;

import java.util.List;
import java.util.stream.Collectors;

/** RFC 4180 CSV; free text that a spreadsheet would run as a formula is prefixed with a quote. */
final class Csv {

    private Csv() {
    }

    static String row(List<?> values) {
        return values.stream().map(Csv::cell).collect(Collectors.joining(",")) + "\r\n";
    }

    /** A free-text cell (reason, actor...): never starts a formula. */
    static String text(String value) {
        if (value != null && !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0) {
            return "'" + value;
        }
        return value;
    }

    private static String cell(Object value) {
        if (value == null) {
            return "";
        }
        String text = value.toString();
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
            return "\"" + text.replace("\"", "\"\"") + "\"";
        }
        return text;
    }
}

package org.edxo.ai.worker.kinds.programme;

import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The original's cleaning of a proposed course grid (reference §3.4 item 4), rule for rule. The strict
 * output schema already guarantees the shape; these rules guard what a schema cannot say (lengths,
 * duplicates, references between courses and threads, colours) and stay robust to a looser model.
 */
final class GrilleCleaner {

    static final int MAX_NAME_LENGTH = 120;
    static final int MAX_THREAD_DESCRIPTION_LENGTH = 200;
    static final int MAX_PREREQUISITES = 2;
    static final String DEFAULT_COURSE_NAME = "Cours généré";
    /** The original's 10-colour palette, in its order (matplotlib's tab10). */
    static final List<String> PALETTE = List.of("#1F77B4", "#FF7F0E", "#2CA02C", "#D62728", "#9467BD",
            "#8C564B", "#E377C2", "#7F7F7F", "#BCBD22", "#17BECF");
    private static final Pattern COLOUR = Pattern.compile("#[0-9A-Fa-f]{6}");

    private GrilleCleaner() {
    }

    /** {@code sessions} and {@code fils_conducteurs} of the payload, from the model's output. */
    static Map<String, Object> clean(JsonNode output) {
        List<Map<String, Object>> sessions = new ArrayList<>();
        Map<String, String> courseNames = new LinkedHashMap<>(); // lower case → name as generated
        int position = 0;
        for (JsonNode session : output.path("sessions")) {
            position++;
            List<Map<String, Object>> courses = new ArrayList<>();
            for (JsonNode course : session.path("courses")) {
                Map<String, Object> cleaned = course(course);
                courses.add(cleaned);
                String name = (String) cleaned.get("nom");
                courseNames.putIfAbsent(name.toLowerCase(Locale.ROOT), name);
            }
            Map<String, Object> cleanedSession = new LinkedHashMap<>();
            cleanedSession.put("session", session.path("session").isIntegralNumber()
                    ? session.get("session").asInt() : position);
            cleanedSession.put("courses", courses);
            sessions.add(cleanedSession);
        }
        Map<String, Object> grid = new LinkedHashMap<>();
        grid.put("sessions", sessions);
        grid.put("fils_conducteurs", threads(output.path("fils_conducteurs"), courseNames));
        return grid;
    }

    static Map<String, Object> course(JsonNode course) {
        int theory = hours(course.path("heures_theorie"));
        int lab = hours(course.path("heures_laboratoire"));
        int home = hours(course.path("heures_travail_maison"));
        Map<String, Object> cleaned = new LinkedHashMap<>();
        String name = truncate(text(course.path("nom")), MAX_NAME_LENGTH);
        cleaned.put("nom", name.isEmpty() ? DEFAULT_COURSE_NAME : name);
        cleaned.put("heures_theorie", theory);
        cleaned.put("heures_laboratoire", lab);
        cleaned.put("heures_travail_maison", home);
        cleaned.put("nombre_unites", units(course.path("nombre_unites"), theory + lab + home));
        // The original also read "prerequis" when the model used that name.
        JsonNode prerequisites = course.has("prealables") ? course.path("prealables") : course.path("prerequis");
        List<String> distinct = distinct(prerequisites, true);
        cleaned.put("prealables", List.copyOf(distinct.subList(0, Math.min(MAX_PREREQUISITES, distinct.size()))));
        cleaned.put("corequis", distinct(course.path("corequis"), false));
        return cleaned;
    }

    /** Whole hours: a fractional number is truncated as Python's int(); anything else (or negative) is 0. */
    static int hours(JsonNode value) {
        double hours;
        if (value.isNumber()) {
            hours = value.asDouble();
        } else if (value.isString()) {
            try {
                hours = Double.parseDouble(value.stringValue().trim().replace(',', '.'));
            } catch (NumberFormatException e) {
                return 0;
            }
        } else {
            return 0;
        }
        return Double.isFinite(hours) && hours > 0 ? (int) Math.min(hours, Integer.MAX_VALUE) : 0;
    }

    /** The model's units, or theory + lab + home hours when they are missing, invalid or not positive; 2 decimals. */
    static double units(JsonNode value, int fallbackHours) {
        BigDecimal units = null;
        if (value.isNumber() && Double.isFinite(value.asDouble())) {
            units = value.decimalValue();
        } else if (value.isString()) {
            try {
                units = new BigDecimal(value.stringValue().trim().replace(',', '.'));
            } catch (NumberFormatException e) {
                units = null;
            }
        }
        if (units == null || units.signum() <= 0) {
            units = BigDecimal.valueOf(fallbackHours);
        }
        return units.setScale(2, RoundingMode.HALF_UP).doubleValue();
    }

    /** Trimmed non-blank strings in order, without repeats (compared ignoring case when asked). */
    static List<String> distinct(JsonNode values, boolean ignoreCase) {
        List<String> kept = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JsonNode value : values) {
            String text = text(value);
            if (!text.isEmpty() && seen.add(ignoreCase ? text.toLowerCase(Locale.ROOT) : text)) {
                kept.add(text);
            }
        }
        return kept;
    }

    /**
     * Threads: description at most 200 characters, only the names of generated courses (as generated),
     * dropped without a course or a description; a colour {@code #RRGGBB} not used yet, else the first
     * unused colour of the palette.
     */
    static List<Map<String, Object>> threads(JsonNode threads, Map<String, String> courseNames) {
        List<Map<String, Object>> kept = new ArrayList<>();
        Set<String> usedColours = new HashSet<>();
        for (JsonNode thread : threads) {
            String description = truncate(text(thread.path("description")), MAX_THREAD_DESCRIPTION_LENGTH);
            List<String> courses = new ArrayList<>();
            for (String name : distinct(thread.path("cours"), true)) {
                String generated = courseNames.get(truncate(name, MAX_NAME_LENGTH).toLowerCase(Locale.ROOT));
                if (generated != null && !courses.contains(generated)) {
                    courses.add(generated);
                }
            }
            if (description.isEmpty() || courses.isEmpty()) {
                continue;
            }
            String colour = text(thread.path("couleur")).toUpperCase(Locale.ROOT);
            if (!COLOUR.matcher(colour).matches() || usedColours.contains(colour)) {
                colour = firstUnused(usedColours, kept.size());
            }
            usedColours.add(colour);
            Map<String, Object> cleaned = new LinkedHashMap<>();
            cleaned.put("description", description);
            cleaned.put("couleur", colour);
            cleaned.put("cours", courses);
            kept.add(cleaned);
        }
        return kept;
    }

    /** The first palette colour not used yet; past ten threads, the palette starts over. */
    private static String firstUnused(Set<String> used, int index) {
        return PALETTE.stream().filter(colour -> !used.contains(colour)).findFirst()
                .orElse(PALETTE.get(index % PALETTE.size()));
    }

    static String text(JsonNode value) {
        return value.isString() ? value.stringValue().strip() : "";
    }

    /** At most {@code max} characters (code points), trailing spaces removed. */
    static String truncate(String text, int max) {
        if (text.codePointCount(0, text.length()) <= max) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, max)).strip();
    }
}

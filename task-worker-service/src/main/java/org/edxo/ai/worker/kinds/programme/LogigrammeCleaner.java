package org.edxo.ai.worker.kinds.programme;

import tools.jackson.databind.JsonNode;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The original's cleaning of proposed course → competency links (reference §3.5 item 4), plus what its
 * database lookup did implicitly: a link to a course or competence absent from the snapshot is dropped,
 * and so is a second link for the same (course, competence).
 */
final class LogigrammeCleaner {

    /** Link type → the {@code ElementCompetenceParCours.status} EDxo stores (reference §3.5 item 6). */
    static final Map<String, String> STATUS_BY_TYPE = orderedStatuses();
    private static final Pattern COMBINING_MARKS = Pattern.compile("\\p{M}+");

    private LogigrammeCleaner() {
    }

    /** What is left of the model's links, and how many it proposed. */
    record Links(List<Map<String, Object>> kept, int proposedByModel) {
    }

    static Links clean(JsonNode output, JsonNode courses, JsonNode competences) {
        Map<String, String> courseCodes = codes(courses);
        Map<String, String> competenceCodes = codes(competences);
        List<Map<String, Object>> kept = new ArrayList<>();
        Set<String> pairs = new HashSet<>();
        int proposed = 0;
        for (JsonNode link : output.path("links")) {
            proposed++;
            String type = type(link.path("type"));
            String course = courseCodes.get(key(link.path("cours_code")));
            String competence = competenceCodes.get(key(link.path("competence_code")));
            if (type == null || course == null || competence == null || !pairs.add(course + "\u0000" + competence)) {
                continue;
            }
            Map<String, Object> cleaned = new LinkedHashMap<>();
            cleaned.put("cours_code", course);
            cleaned.put("competence_code", competence);
            cleaned.put("type", type);
            cleaned.put("status", STATUS_BY_TYPE.get(type));
            kept.add(cleaned);
        }
        return new Links(kept, proposed);
    }

    /**
     * The link type lower-cased and stripped of accents (NFKD), as the original read it: "Développé" is
     * {@code developpe}. Null when it is not one of the three types.
     */
    static String type(JsonNode value) {
        if (!value.isString()) {
            return null;
        }
        String plain = COMBINING_MARKS.matcher(Normalizer.normalize(value.stringValue(), Normalizer.Form.NFKD))
                .replaceAll("").strip().toLowerCase(Locale.ROOT);
        return STATUS_BY_TYPE.containsKey(plain) ? plain : null;
    }

    /** Codes of the snapshot by their comparison key, mapped to the snapshot's spelling. */
    private static Map<String, String> codes(JsonNode items) {
        Map<String, String> codes = new LinkedHashMap<>();
        for (JsonNode item : items) {
            String key = key(item.path("code"));
            if (key != null) {
                codes.putIfAbsent(key, item.get("code").stringValue().strip());
            }
        }
        return codes;
    }

    /** Codes compare trimmed and ignoring case ("420-2a3-jr" is 420-2A3-JR). */
    private static String key(JsonNode code) {
        if (!code.isString() || code.stringValue().isBlank()) {
            return null;
        }
        return code.stringValue().strip().toUpperCase(Locale.ROOT);
    }

    private static Map<String, String> orderedStatuses() {
        Map<String, String> statuses = new LinkedHashMap<>();
        statuses.put("developpe", "Développé significativement");
        statuses.put("atteint", "Atteint");
        statuses.put("reinvesti", "Réinvesti");
        return java.util.Collections.unmodifiableMap(statuses);
    }
}

package org.edxo.ai.worker.kinds.plandecours;

import tools.jackson.databind.JsonNode;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Finds the plan-cadre capacity a model's label means, as well as the original's import did
 * ({@code _resolve_capacity_id}, reference §3.7 item 6) — its generation tasks matched exact names only and
 * silently lost the other links (§7.5 D7). In order: the normalised name (case, accents and punctuation
 * ignored, a leading "Capacité n :" too); an ordinal alias ("capacité 2", "cap 2", "c 2", "C2") from the
 * capacity's list position or from a number in its own title; one name containing the other; and token
 * overlap (Jaccard ≥ 0.5, French stop words left out). A label two capacities match equally well stays
 * unresolved rather than being linked to a guess.
 */
final class CapacityResolver {

    static final double MIN_JACCARD = 0.5;
    private static final int MIN_SUBSTRING_LENGTH = 4;
    private static final Pattern ORDINAL = Pattern.compile("^(?:capacite|cap|c)\\s*(?:n|no|numero)?\\s*(\\d{1,3})\\b");
    private static final Pattern PREFIX = Pattern.compile("^(?:capacite|cap)\\b\\s*(?:(?:n|no|numero)\\s*(?=\\d))?(?:\\d{1,3}\\b)?\\s*");
    private static final Set<String> STOP_WORDS = Set.of("a", "au", "aux", "d", "de", "des", "du", "en", "et", "l",
            "la", "le", "les", "ou", "par", "pour", "sur", "un", "une", "dans", "avec");

    /** A capacity of the plan-cadre snapshot; {@code id} null when the snapshot gave none. */
    record Capacity(Long id, String name, int position) {
    }

    private final List<Capacity> capacities;
    private final List<String> keys;
    private final Map<Integer, Capacity> ordinals = new HashMap<>();

    private CapacityResolver(List<Capacity> capacities) {
        this.capacities = capacities;
        this.keys = capacities.stream().map(c -> withoutPrefix(normalize(c.name()))).toList();
        for (Capacity capacity : capacities) {
            ordinals.put(capacity.position(), capacity);
        }
        // A number in a capacity's own title ("Capacité 3 - Dépanner…") names it, whatever its position.
        for (Capacity capacity : capacities) {
            Matcher numbered = ORDINAL.matcher(normalize(capacity.name()));
            if (numbered.find()) {
                ordinals.put(Integer.parseInt(numbered.group(1)), capacity);
            }
        }
    }

    /** From the plan-cadre snapshot's {@code capacites}; capacities without a name are left out. */
    static CapacityResolver of(JsonNode capacites) {
        List<Capacity> list = new ArrayList<>();
        int position = 0;
        for (JsonNode capacity : capacites) {
            position++;
            String name = PlanSnapshot.text(capacity, "capacite");
            if (name != null && !name.isBlank()) {
                JsonNode id = capacity.path("id");
                list.add(new Capacity(id.isIntegralNumber() ? id.asLong() : null, name.strip(), position));
            }
        }
        return new CapacityResolver(List.copyOf(list));
    }

    List<Capacity> capacities() {
        return capacities;
    }

    /** The name of the capacity with this id, if the plan-cadre has it. */
    Optional<String> nameOf(long id) {
        return capacities.stream().filter(c -> c.id() != null && c.id() == id).map(Capacity::name).findFirst();
    }

    Optional<Capacity> resolve(String label) {
        if (label == null || label.isBlank() || capacities.isEmpty()) {
            return Optional.empty();
        }
        String normalized = normalize(label);
        String key = withoutPrefix(normalized);
        for (int i = 0; i < capacities.size(); i++) {
            if (normalize(capacities.get(i).name()).equals(normalized) || (!key.isEmpty() && keys.get(i).equals(key))) {
                return Optional.of(capacities.get(i));
            }
        }
        Matcher ordinal = ORDINAL.matcher(normalized);
        if (ordinal.find() && ordinals.containsKey(Integer.parseInt(ordinal.group(1)))) {
            return Optional.of(ordinals.get(Integer.parseInt(ordinal.group(1))));
        }
        if (key.isEmpty()) {
            return Optional.empty();
        }
        List<Integer> containing = new ArrayList<>();
        for (int i = 0; i < capacities.size(); i++) {
            String name = keys.get(i);
            String shorter = name.length() <= key.length() ? name : key;
            if (shorter.length() >= MIN_SUBSTRING_LENGTH && (name.contains(key) || key.contains(name))) {
                containing.add(i);
            }
        }
        if (containing.size() == 1) {
            return Optional.of(capacities.get(containing.get(0)));
        }
        // Several names contain it (or it contains several): the token overlap decides among them; no
        // containment at all: the token overlap decides among every capacity, from MIN_JACCARD up.
        List<Integer> candidates = containing.isEmpty()
                ? java.util.stream.IntStream.range(0, capacities.size()).boxed().toList()
                : containing;
        double threshold = containing.isEmpty() ? MIN_JACCARD : 0;
        Set<String> tokens = tokens(key);
        double best = -1;
        List<Integer> winners = new ArrayList<>();
        for (int i : candidates) {
            double score = jaccard(tokens, tokens(keys.get(i)));
            if (score > best) {
                best = score;
                winners.clear();
                winners.add(i);
            } else if (score == best) {
                winners.add(i);
            }
        }
        return winners.size() == 1 && best >= threshold ? Optional.of(capacities.get(winners.get(0))) : Optional.empty();
    }

    /** Lower case, accents removed, anything but letters and digits as single spaces. */
    static String normalize(String text) {
        String withoutAccents = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
        return withoutAccents.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", " ").strip();
    }

    /** "capacite 2 depanner…" → "depanner…": the leading word a model often repeats from the list. */
    private static String withoutPrefix(String normalized) {
        return PREFIX.matcher(normalized).replaceFirst("").strip();
    }

    private static Set<String> tokens(String normalized) {
        return Arrays.stream(normalized.split(" "))
                .filter(token -> !token.isEmpty() && !STOP_WORDS.contains(token))
                .collect(Collectors.toCollection(HashSet::new));
    }

    static double jaccard(Set<String> a, Set<String> b) {
        if (a.isEmpty() && b.isEmpty()) {
            return 0;
        }
        Set<String> union = new HashSet<>(a);
        union.addAll(b);
        Set<String> common = new HashSet<>(a);
        common.retainAll(b);
        return (double) common.size() / union.size();
    }
}

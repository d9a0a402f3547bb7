package org.edxo.ai.worker.kinds.plancadre;

import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.worker.settings.GenerationSection;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the original's task prepared before its model call (reference §3.2 item 2), from the command's input
 * and the generation sections: the user message (its JSON, keys in its order), which parts of the answer were
 * asked for, and the texts of the non-AI sections that go straight into the preview.
 *
 * @param userMessage     the JSON user message
 * @param askedFields     the simple text sections the model was given ({@code fields}), by display name
 * @param askedLists      the list sections the model was given ({@code fields_with_description}), by display name
 * @param askedSavoirEtre the model was given the savoir-être section
 * @param askedCapacites  the model was given capacity sections
 * @param nonAiFields     column -> rendered text of the non-AI simple sections (only without targets)
 * @param nonAiLists      display name -> one item holding the rendered text of a non-AI list section
 * @param nonAiSavoirEtre the non-empty lines of a non-AI savoir-être text
 */
record PlanCadreRequest(String userMessage, Set<String> askedFields, Set<String> askedLists, boolean askedSavoirEtre,
                        boolean askedCapacites, Map<String, String> nonAiFields,
                        Map<String, List<Map<String, String>>> nonAiLists, List<String> nonAiSavoirEtre) {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** True when at least one section is left for the model. */
    boolean asksTheModel() {
        return !askedFields.isEmpty() || !askedLists.isEmpty() || askedSavoirEtre || askedCapacites;
    }

    static PlanCadreRequest build(PlanCadreInput in, List<GenerationSection> sections) {
        Map<String, Object> variables = SectionVariables.of(in.contexte());
        ArrayNode fields = NODES.arrayNode();
        ArrayNode fieldsWithDescription = NODES.arrayNode();
        String savoirEtre = null;
        ArrayNode capacites = NODES.arrayNode();
        Map<String, String> nonAiFields = new LinkedHashMap<>();
        Map<String, List<Map<String, String>>> nonAiLists = new LinkedHashMap<>();
        List<String> nonAiSavoirEtre = List.of();
        boolean noTargets = in.targets().isEmpty();

        List<GenerationSection> ordered = sections.stream()
                .sorted(Comparator.comparingInt(GenerationSection::position)).toList();
        for (GenerationSection section : ordered) {
            String name = section.name();
            String key = PlanCadreSections.targetKey(name);
            if (key == null || !in.targets(key)) {
                continue;
            }
            String text = SectionVariables.render(name, section.text(), variables);
            if (PlanCadreSections.SIMPLE.containsKey(name)) {
                if (section.useAi()) {
                    ObjectNode entry = entry(name, text);
                    if (in.improveOnly()) {
                        entry.put("current_content", in.planCadre().path(key).asString(""));
                    }
                    fields.add(entry);
                } else if (noTargets && !text.isBlank()) {
                    nonAiFields.put(key, text.strip());
                }
            } else if (PlanCadreSections.LISTS.containsKey(name)) {
                if (PlanCadreSections.COURS_RELIES.equals(name)) {
                    continue; // the original sent it nowhere
                }
                if (section.useAi()) {
                    ObjectNode entry = entry(name, text + appendix(name, in.contexte()));
                    if (in.improveOnly()) {
                        entry.set("current_content", describedItems(in.planCadre().path(key)));
                    }
                    fieldsWithDescription.add(entry);
                } else if (noTargets && !text.isBlank()) {
                    nonAiLists.put(name, List.of(Map.of("texte", text.strip(), "description", "")));
                }
            } else if (PlanCadreSections.SAVOIR_ETRE.equals(name)) {
                if (section.useAi()) {
                    savoirEtre = text;
                } else if (noTargets) {
                    // Deliberate difference: the original sent a non-AI savoir-être text to the model in improve
                    // mode; its non-improve branch made one savoir-être per line, which is what the preview gets.
                    nonAiSavoirEtre = text.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
                }
            } else if (section.useAi()) {
                capacites.add("### " + name + "\n" + text);
            }
        }

        ObjectNode message = Json.mapper().createObjectNode();
        message.set("fields", fields);
        message.set("fields_with_description", fieldsWithDescription);
        message.put("savoir_etre", savoirEtre);
        message.set("capacites", capacites);
        message.put("course_context", courseContext(in.planCadre()));
        message.put("previous_sections_context", previousSectionsContext(in));
        message.set("current_capacites_snapshot", capacitesSnapshot(in));
        message.put("improve_only", in.improveOnly());
        message.put("additional_info", in.additionalInfo());
        return new PlanCadreRequest(Json.writeString(message), names(fields), names(fieldsWithDescription),
                savoirEtre != null, !capacites.isEmpty(), nonAiFields, nonAiLists, nonAiSavoirEtre);
    }

    private static Set<String> names(ArrayNode entries) {
        Set<String> names = new LinkedHashSet<>();
        entries.forEach(entry -> names.add(entry.path("field_name").asString()));
        return Set.copyOf(names);
    }

    private static ObjectNode entry(String name, String prompt) {
        ObjectNode entry = NODES.objectNode();
        entry.put("field_name", name);
        entry.put("prompt", prompt);
        return entry;
    }

    /** {@code [{texte, description}]} of a PlanCadre.to_dict() list, as the original's current_content. */
    private static ArrayNode describedItems(JsonNode list) {
        ArrayNode items = NODES.arrayNode();
        for (JsonNode item : list) {
            ObjectNode copy = items.addObject();
            copy.set("texte", textOrNull(item.path("texte")));
            copy.set("description", textOrNull(item.path("description")));
        }
        return items;
    }

    private static JsonNode textOrNull(JsonNode value) {
        return value.isString() ? value : NODES.nullNode();
    }

    /**
     * What the original appended to a list section's prompt from its database: the course's competencies by
     * status, its corequisites, and the courses it is a prerequisite for (the reverse relation, as it did).
     */
    static String appendix(String section, JsonNode contexte) {
        String list = switch (section) {
            case "Description des compétences développées" -> listOrNone(contexte.path("competences_developpees"),
                    "\nListe des compétences développées pour ce cours:\n", "\n(Aucune compétence de type 'developpee' trouvée)\n");
            case "Description des Compétences certifiées" -> listOrNone(contexte.path("competences_atteintes"),
                    "\nListe des compétences certifiées pour ce cours:\n", "\n(Aucune compétence 'certifiée' trouvée)\n");
            case "Description des cours corequis" -> listOrNone(contexte.path("cours_corequis"),
                    "\nListe des cours corequis:\n", "\n(Aucun cours corequis)\n");
            case "Description des cours préalables" -> listOrNone(contexte.path("prealables_of"),
                    "\nCe cours est un prérequis pour:\n", "\n(Ce cours n'est prérequis pour aucun autre cours)\n");
            default -> null;
        };
        return list == null ? "" : "\n\n" + list;
    }

    private static String listOrNone(JsonNode items, String heading, String none) {
        List<String> lines = SectionVariables.itemLines(items);
        if (lines.isEmpty()) {
            return none;
        }
        StringBuilder text = new StringBuilder(heading);
        lines.forEach(line -> text.append(line).append('\n'));
        return text.toString();
    }

    /** The original's compact course context: the first texts (clipped) and the first five items of two lists. */
    static String courseContext(JsonNode planCadre) {
        List<String> parts = new ArrayList<>();
        addClipped(parts, "Place du cours: ", planCadre.path("place_intro"), 400);
        addClipped(parts, "Objectif terminal: ", planCadre.path("objectif_terminal"), 300);
        addClipped(parts, "Intro structure: ", planCadre.path("structure_intro"), 300);
        addFirstTexts(parts, "Compétences développées: ", planCadre.path("competences_developpees"));
        addFirstTexts(parts, "Objets cibles: ", planCadre.path("objets_cibles"));
        return parts.isEmpty() ? null : String.join("\n", parts);
    }

    private static void addClipped(List<String> parts, String label, JsonNode value, int length) {
        String text = value.asString("");
        if (!text.isEmpty()) {
            parts.add(label + clip(text, length));
        }
    }

    private static void addFirstTexts(List<String> parts, String label, JsonNode list) {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < Math.min(5, list.size()); i++) {
            String texte = list.get(i).path("texte").asString("");
            if (!texte.isBlank()) {
                texts.add(texte);
            }
        }
        if (!texts.isEmpty()) {
            parts.add(label + String.join("; ", texts));
        }
    }

    /**
     * When improving targeted sections: every section that precedes the first targeted one on the plan-cadre's
     * page, clipped (texts to 600–900 characters, six list items of 220, three capacities); null otherwise.
     */
    static String previousSectionsContext(PlanCadreInput in) {
        if (!in.improveOnly() || in.targets().isEmpty()) {
            return null;
        }
        int first = -1;
        for (int i = 0; i < PlanCadreSections.DISPLAY_ORDER.size(); i++) {
            if (in.targets().contains(PlanCadreSections.DISPLAY_ORDER.get(i).key())) {
                first = i;
                break;
            }
        }
        if (first <= 0) {
            return null;
        }
        JsonNode plan = in.planCadre();
        List<String> blocks = new ArrayList<>();
        for (PlanCadreSections.Displayed section : PlanCadreSections.DISPLAY_ORDER.subList(0, first)) {
            String body = switch (section.key()) {
                case PlanCadreSections.CAPACITES_KEY -> capacityLines(plan.path(section.key()));
                case PlanCadreSections.SAVOIRS_ETRE_KEY -> itemLines(plan.path(section.key()), false);
                default -> section.clip() > 0 ? clipOrNull(plan.path(section.key()).asString(""), section.clip())
                        : itemLines(plan.path(section.key()), true);
            };
            if (body != null) {
                blocks.add("## " + section.label() + "\n" + body);
            }
        }
        return blocks.isEmpty() ? null : "Contexte des sections précédentes (extrait):\n" + String.join("\n\n", blocks);
    }

    private static String clipOrNull(String text, int length) {
        return text.isBlank() ? null : clip(text, length);
    }

    private static String itemLines(JsonNode list, boolean withDescription) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < Math.min(6, list.size()); i++) {
            JsonNode item = list.get(i);
            String text = item.path("texte").asString("");
            String description = item.path("description").asString("");
            if (withDescription && !description.isEmpty()) {
                text += " — " + description;
            }
            if (!text.isEmpty()) {
                lines.add("- " + clip(text, 220));
            }
        }
        return lines.isEmpty() ? null : String.join("\n", lines);
    }

    private static String capacityLines(JsonNode capacites) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < Math.min(3, capacites.size()); i++) {
            JsonNode capacite = capacites.get(i);
            String line = capacite.path("capacite").asString("").strip();
            int min = capacite.path("ponderation_min").asInt(0);
            int max = capacite.path("ponderation_max").asInt(0);
            if (min != 0 || max != 0) {
                line += " (pondération: " + min + "–" + max + "%)";
            }
            String description = capacite.path("description_capacite").asString("");
            if (!description.isEmpty()) {
                line += " — " + clip(description, 240);
            }
            lines.add("- " + clip(line, 300));
        }
        return lines.isEmpty() ? null : String.join("\n", lines);
    }

    /** In improve mode with the capacities in scope: the first four, their lists and texts cut short. */
    static ArrayNode capacitesSnapshot(PlanCadreInput in) {
        ArrayNode snapshot = NODES.arrayNode();
        if (!in.improveOnly() || !in.targets(PlanCadreSections.CAPACITES_KEY)) {
            return snapshot;
        }
        JsonNode capacites = in.planCadre().path("capacites");
        for (int i = 0; i < Math.min(4, capacites.size()); i++) {
            JsonNode capacite = capacites.get(i);
            ObjectNode item = snapshot.addObject();
            item.put("capacite", capacite.path("capacite").asString(""));
            item.put("description_capacite", cut(capacite.path("description_capacite").asString(""), 500));
            item.put("ponderation_min", capacite.path("ponderation_min").asInt(0));
            item.put("ponderation_max", capacite.path("ponderation_max").asInt(0));
            ArrayNode savoirs = item.putArray("savoirs_necessaires");
            first(capacite.path("savoirs_necessaires"), 8).forEach(s -> savoirs.add(cut(s.path("texte").asString(""), 200)));
            ArrayNode savoirsFaire = item.putArray("savoirs_faire");
            first(capacite.path("savoirs_faire"), 8).forEach(s -> {
                ObjectNode savoirFaire = savoirsFaire.addObject();
                savoirFaire.put("texte", cut(s.path("texte").asString(""), 200));
                savoirFaire.put("cible", cut(s.path("cible").asString(""), 200));
                savoirFaire.put("seuil_reussite", cut(s.path("seuil_reussite").asString(""), 200));
            });
            ArrayNode moyens = item.putArray("moyens_evaluation");
            first(capacite.path("moyens_evaluation"), 6).forEach(m -> moyens.add(cut(m.path("texte").asString(""), 200)));
        }
        return snapshot;
    }

    private static List<JsonNode> first(JsonNode list, int count) {
        List<JsonNode> items = new ArrayList<>();
        for (int i = 0; i < Math.min(count, list.size()); i++) {
            items.add(Objects.requireNonNull(list.get(i)));
        }
        return items;
    }

    /** The original's clip: at most {@code length} characters, then an ellipsis when something was cut. */
    static String clip(String text, int length) {
        return text.codePointCount(0, text.length()) > length ? cut(text, length) + "…" : text;
    }

    /** The first {@code length} characters (code points, as Python counts them). */
    static String cut(String text, int length) {
        return text.codePointCount(0, text.length()) > length ? text.substring(0, text.offsetByCodePoints(0, length)) : text;
    }
}

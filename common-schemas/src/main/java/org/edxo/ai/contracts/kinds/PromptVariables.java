package org.edxo.ai.contracts.kinds;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The variables each prompt template's task provides, keyed by template {@code (section, name)}, with
 * a short French description each. settings-service refuses a template that uses any other
 * placeholder; a task renders its template with every variable listed here (reference §7.5 D3: a
 * default template must never use a variable its task does not provide). A template key missing
 * here may hold plain text only.
 */
public final class PromptVariables {

    public record Key(String section, String name) {
    }

    /** The template appended to the analysis system prompt. */
    public static final Key ANALYSE_PROMPT = new Key("analyse_plan_cours", "prompt");

    /** The global plan de cours generation's user message (reference §3.3.a). */
    public static final Key PLAN_DE_COURS_ALL = new Key("plan_de_cours", "all");

    /** The calendar generation's user message (reference §3.3.c; the original ignored this template). */
    public static final Key PLAN_DE_COURS_CALENDRIER = new Key("plan_de_cours", "calendrier");

    /** Plan de cours fields that have their own improvement template (reference §3.3.b), {@code materiel} included. */
    public static final List<String> PLAN_DE_COURS_FIELDS = List.of("presentation_du_cours",
            "objectif_terminal_du_cours", "organisation_et_methodes", "accomodement",
            "evaluation_formative_apprentissages", "evaluation_expression_francais", "seuil_reussite", "materiel");

    /**
     * The variables of the plan-cadre generation sections' texts (settings {@code generation_sections}, the
     * original's GlobalGenerationSettings, reference §3.2): the context its task read with get_plan_cadre_data.
     * Lists render one {@code - code: nom} line per item.
     */
    public static final Map<String, String> GENERATION_SECTIONS = ordered(
            "code_cours", "code du cours (ex. 420-1A1-EM)",
            "nom_cours", "nom du cours",
            "fil_conducteur", "fil conducteur du cours dans le programme",
            "programme", "nom du programme",
            "session", "session du cours dans le programme (ex. 1)",
            "competences_developpees", "compétences développées dans le cours, une ligne « - code: nom » chacune",
            "competences_atteintes", "compétences atteintes (certifiées) dans le cours, une ligne chacune",
            "cours_prealables", "cours préalables à ce cours, une ligne « - code: nom » chacun",
            "cours_corequis", "cours corequis, une ligne chacun",
            "cours_developpant_une_meme_competence", "autres cours qui développent une même compétence, une ligne chacun",
            "heures_theorie", "heures de théorie par semaine",
            "heures_lab", "heures de laboratoire par semaine",
            "heures_maison", "heures de travail personnel par semaine");

    private static final Map<String, String> COURSE = ordered(
            "session", "session du plan de cours (ex. A2025)",
            "cours_code", "code du cours (ex. 420-2A3-JR)",
            "cours_nom", "nom du cours");

    private static final Map<Key, Map<String, String>> REGISTRY = build();

    private PromptVariables() {
    }

    /** The variables a template may use, or empty when the template key is not registered. */
    public static Optional<Map<String, String>> allowed(String section, String name) {
        return Optional.ofNullable(REGISTRY.get(new Key(section, name)));
    }

    /** Every registered template key with its variables, in a stable order. */
    public static Map<Key, Map<String, String>> all() {
        return REGISTRY;
    }

    private static Map<Key, Map<String, String>> build() {
        Map<Key, Map<String, String>> registry = new LinkedHashMap<>();
        registry.put(ANALYSE_PROMPT, merge(ordered("plan_id", "identifiant du plan de cours analysé"), COURSE));
        Map<String, String> field = merge(COURSE, ordered(
                "current_value", "contenu actuel du champ à améliorer (vide s'il n'existe pas encore)",
                "sections", "extraits du plan-cadre du cours, une ligne par section",
                "additional_info", "précisions de l'utilisateur (peut être vide)"));
        for (String name : PLAN_DE_COURS_FIELDS) {
            registry.put(new Key("plan_de_cours", name), field);
        }
        registry.put(PLAN_DE_COURS_ALL, merge(COURSE, ordered(
                "sections", "extraits du plan-cadre du cours, une ligne par section",
                "additional_info", "précisions de l'utilisateur (peut être vide)")));
        registry.put(PLAN_DE_COURS_CALENDRIER, merge(COURSE, ordered(
                "sections", "extraits du plan-cadre du cours, une ligne par section",
                "current_value", "calendrier actuel en JSON (vide s'il n'existe pas encore)",
                "additional_info", "précisions de l'utilisateur (peut être vide)")));
        registry.put(new Key("ocr", "segmentation"), ordered(
                "programme", "titre du programme (devis ministériel) traité"));
        registry.put(new Key("ocr", "extraction"), ordered(
                "programme", "titre du programme (devis ministériel) traité"));
        Map<String, String> document = ordered("doc_text", "texte extrait du document importé");
        registry.put(new Key("plan_de_cours_import", "prompt"), document);
        registry.put(new Key("plan_cadre_import", "prompt"), document);
        registry.put(new Key("grille_import", "prompt"), document);
        return java.util.Collections.unmodifiableMap(registry);
    }

    private static Map<String, String> ordered(String... namesAndDescriptions) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndDescriptions.length; i += 2) {
            map.put(namesAndDescriptions[i], namesAndDescriptions[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(map);
    }

    @SafeVarargs
    private static Map<String, String> merge(Map<String, String>... parts) {
        Map<String, String> map = new LinkedHashMap<>();
        for (Map<String, String> part : parts) {
            map.putAll(part);
        }
        return java.util.Collections.unmodifiableMap(map);
    }
}

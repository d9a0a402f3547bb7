package org.edxo.ai.worker.kinds.plancadre;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The plan-cadre generation sections the original's task recognised (reference §3.2 item 2), by their exact
 * display names as settings-service holds them: the simple text sections and their PlanCadre column, the list
 * sections and their logical key, savoir-être, and the four capacity sections. A section with any other name is
 * ignored, as the original ignored it.
 */
final class PlanCadreSections {

    /** Simple text section -> PlanCadre column (which is also its {@code target_columns} key). */
    static final Map<String, String> SIMPLE = ordered(
            "Intro et place du cours", "place_intro",
            "Objectif terminal", "objectif_terminal",
            "Introduction Structure du Cours", "structure_intro",
            "Activités Théoriques", "structure_activites_theoriques",
            "Activités Pratiques", "structure_activites_pratiques",
            "Activités Prévues", "structure_activites_prevues",
            "Évaluation Sommative des Apprentissages", "eval_evaluation_sommative",
            "Nature des Évaluations Sommatives", "eval_nature_evaluations_sommatives",
            "Évaluation de la Langue", "eval_evaluation_de_la_langue",
            // sic: the original stores the formative evaluation in this column
            "Évaluation formative des apprentissages", "eval_evaluation_sommatives_apprentissages");

    /** List section (texte + description) -> its logical key, which is also the PlanCadre.to_dict() list. */
    static final Map<String, String> LISTS = ordered(
            "Description des compétences développées", "competences_developpees",
            "Description des Compétences certifiées", "competences_certifiees",
            "Description des cours corequis", "cours_corequis",
            "Objets cibles", "objets_cibles",
            "Description des cours reliés", "cours_relies",
            "Description des cours préalables", "cours_prealables");

    /** Never sent to the model: the original had no branch for it (its non-AI text was not previewed either). */
    static final String COURS_RELIES = "Description des cours reliés";

    static final String SAVOIR_ETRE = "Savoir-être";
    static final String SAVOIRS_ETRE_KEY = "savoirs_etre";

    static final List<String> CAPACITY_SECTIONS = List.of("Capacité et pondération",
            "Savoirs nécessaires d'une capacité", "Savoirs faire d'une capacité", "Moyen d'évaluation d'une capacité");
    static final String CAPACITES_KEY = "capacites";

    /**
     * The sections in the order of the plan-cadre's page (view_plan_cadre), with the label used in
     * {@code previous_sections_context} and the clip length of their text (0 for lists).
     */
    record Displayed(String key, String label, int clip) {
    }

    static final List<Displayed> DISPLAY_ORDER = List.of(
            new Displayed("place_intro", "Place et rôle du cours", 900),
            new Displayed("competences_developpees", "Compétences développées", 0),
            new Displayed("objets_cibles", "Objets cibles", 0),
            new Displayed("competences_certifiees", "Compétences certifiées", 0),
            new Displayed("cours_corequis", "Cours corequis", 0),
            new Displayed("cours_prealables", "Cours préalables", 0),
            new Displayed("objectif_terminal", "Objectif terminal", 900),
            new Displayed(CAPACITES_KEY, "Capacités", 0),
            new Displayed("structure_intro", "Structure du cours", 900),
            new Displayed("structure_activites_theoriques", "Activités théoriques", 900),
            new Displayed("structure_activites_pratiques", "Activités pratiques", 900),
            new Displayed("structure_activites_prevues", "Organisation du cours (activités prévues)", 900),
            new Displayed("eval_evaluation_sommative", "Évaluation sommative des apprentissages", 800),
            new Displayed("eval_nature_evaluations_sommatives", "Nature des évaluations sommatives", 800),
            new Displayed("eval_evaluation_de_la_langue", "Évaluation de la langue", 600),
            new Displayed("eval_evaluation_sommatives_apprentissages", "Évaluation formative des apprentissages", 800),
            new Displayed(SAVOIRS_ETRE_KEY, "Savoir-être", 0));

    private PlanCadreSections() {
    }

    /** The {@code target_columns} key of a section, or null for a section the task does not know. */
    static String targetKey(String section) {
        if (SIMPLE.containsKey(section)) {
            return SIMPLE.get(section);
        }
        if (LISTS.containsKey(section)) {
            return LISTS.get(section);
        }
        if (SAVOIR_ETRE.equals(section)) {
            return SAVOIRS_ETRE_KEY;
        }
        return CAPACITY_SECTIONS.contains(section) ? CAPACITES_KEY : null;
    }

    private static Map<String, String> ordered(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(map);
    }
}

package org.edxo.ai.contracts.kinds;

import java.util.List;
import java.util.Optional;

/** The task kinds this platform runs. */
public final class TaskKinds {

    public static final TaskKind ANALYSE_PLAN_DE_COURS = new TaskKind(
            "analyse_plan_de_cours",
            "analyse_plan_cours",
            "schemas/inputs/analyse_plan_de_cours.input.v1.schema.json",
            output("PlanDeCoursAIResponse"),
            "schemas/results/analyse_plan_de_cours.result.v1.schema.json");

    /**
     * Plan-cadre generation and improvement, every mode of the original's one task (reference §3.2). Its section
     * is {@code plan_cadre_improve} in improve mode (every start route) and {@code plan_cadre} otherwise.
     */
    public static final TaskKind GENERATE_PLAN_CADRE = new TaskKind(
            "generate_plan_cadre",
            "plan_cadre_improve",
            "schemas/inputs/generate_plan_cadre.input.v1.schema.json",
            output("PlanCadreAIResponse"),
            "schemas/results/generate_plan_cadre.result.v1.schema.json");

    /** Plan de cours, global (reference §3.3.a): the 8 fields and the calendar, then the evaluations. */
    public static final TaskKind GENERATE_PLAN_DE_COURS = new TaskKind(
            "generate_plan_de_cours",
            "plan_de_cours",
            "schemas/inputs/generate_plan_de_cours.input.v1.schema.json",
            List.of(output("BulkPlanDeCoursResponse"), output("EvaluationsResponse")),
            "schemas/results/generate_plan_de_cours.result.v1.schema.json");

    /** Plan de cours, one field (reference §3.3.b). */
    public static final TaskKind IMPROVE_PLAN_DE_COURS_FIELD = new TaskKind(
            "improve_plan_de_cours_field",
            "plan_de_cours_improve",
            "schemas/inputs/improve_plan_de_cours_field.input.v1.schema.json",
            output("SingleFieldResponse"),
            "schemas/results/improve_plan_de_cours_field.result.v1.schema.json");

    /** Plan de cours, calendar (reference §3.3.c). */
    public static final TaskKind GENERATE_PLAN_DE_COURS_CALENDAR = new TaskKind(
            "generate_plan_de_cours_calendar",
            "plan_de_cours",
            "schemas/inputs/generate_plan_de_cours_calendar.input.v1.schema.json",
            output("CalendarOnlyResponse"),
            "schemas/results/generate_plan_de_cours_calendar.result.v1.schema.json");

    /** Plan de cours, evaluations (reference §3.3.d). */
    public static final TaskKind GENERATE_PLAN_DE_COURS_EVALUATIONS = new TaskKind(
            "generate_plan_de_cours_evaluations",
            "plan_de_cours",
            "schemas/inputs/generate_plan_de_cours_evaluations.input.v1.schema.json",
            output("EvaluationsResponse"),
            "schemas/results/generate_plan_de_cours_evaluations.result.v1.schema.json");

    /** The programme's course grid (reference §3.4); the original asked for free-form JSON, ours has a strict schema. */
    public static final TaskKind GENERATE_PROGRAMME_GRILLE = new TaskKind(
            "generate_programme_grille",
            "grille",
            "schemas/inputs/generate_programme_grille.input.v1.schema.json",
            output("ProgrammeGrilleResponse"),
            "schemas/results/generate_programme_grille.result.v1.schema.json");

    /** Course → competency links of a programme (reference §3.5), proposed instead of written. */
    public static final TaskKind GENERATE_PROGRAMME_LOGIGRAMME = new TaskKind(
            "generate_programme_logigramme",
            "logigramme",
            "schemas/inputs/generate_programme_logigramme.input.v1.schema.json",
            output("ProgrammeLogigrammeResponse"),
            "schemas/results/generate_programme_logigramme.result.v1.schema.json");

    /** The six-level evaluation grid of a savoir-faire (reference §8: a synchronous route in the original). */
    public static final TaskKind GENERATE_EVALUATION_GRID = new TaskKind(
            "generate_evaluation_grid",
            "evaluation",
            "schemas/inputs/generate_evaluation_grid.input.v1.schema.json",
            output("AISixLevelGridResponse"),
            "schemas/results/generate_evaluation_grid.result.v1.schema.json");

    /** The competencies of a ministerial devis PDF (reference §3.6, process_ocr_task); the original's schema name. */
    public static final TaskKind OCR_DEVIS = new TaskKind(
            "ocr_devis",
            "ocr",
            "schemas/inputs/ocr_devis.input.v1.schema.json",
            output("extraire_competences_en_json"),
            "schemas/results/ocr_devis.result.v1.schema.json");

    /** The competencies of a devis PDF for one programme's review page (reference §3.6, simple_import_competences_pdf). */
    public static final TaskKind IMPORT_COMPETENCES_PDF = new TaskKind(
            "import_competences_pdf",
            "ocr",
            "schemas/inputs/import_competences_pdf.input.v1.schema.json",
            output("extraire_competences_en_json"),
            "schemas/results/import_competences_pdf.result.v1.schema.json");

    /** A course grid PDF read into JSON for review (reference §3.8); the original's schema name. */
    public static final TaskKind IMPORT_GRILLE = new TaskKind(
            "import_grille",
            "grille_import",
            "schemas/inputs/import_grille.input.v1.schema.json",
            output("programme_etudes"),
            "schemas/results/import_grille.result.v1.schema.json");

    /** A DOCX course plan structured into a plan de cours proposal (reference §3.7; the original wrote it directly). */
    public static final TaskKind IMPORT_PLAN_DE_COURS = new TaskKind(
            "import_plan_de_cours",
            "plan_de_cours_import",
            "schemas/inputs/import_plan_de_cours.input.v1.schema.json",
            output("ImportPlanDeCoursResponse"),
            "schemas/results/import_plan_de_cours.result.v1.schema.json");

    /** A DOCX plan-cadre structured into the plan-cadre preview (reference §3.9). */
    public static final TaskKind IMPORT_PLAN_CADRE = new TaskKind(
            "import_plan_cadre",
            "plan_cadre_import",
            "schemas/inputs/import_plan_cadre.input.v1.schema.json",
            output("ImportPlanCadreResponse"),
            "schemas/results/import_plan_cadre.result.v1.schema.json");

    /** An administrator's DOCX turned into a proposed JSON Schema (reference §3.10, its later version). */
    public static final TaskKind DOCX_TO_SCHEMA = new TaskKind(
            "docx_to_schema",
            "docx_to_schema",
            "schemas/inputs/docx_to_schema.input.v1.schema.json",
            output("DocxSchemaResponse"),
            "schemas/results/docx_to_schema.result.v1.schema.json");

    private static final List<TaskKind> ALL = List.of(ANALYSE_PLAN_DE_COURS, GENERATE_PLAN_CADRE,
            GENERATE_PLAN_DE_COURS, IMPROVE_PLAN_DE_COURS_FIELD, GENERATE_PLAN_DE_COURS_CALENDAR,
            GENERATE_PLAN_DE_COURS_EVALUATIONS, GENERATE_PROGRAMME_GRILLE, GENERATE_PROGRAMME_LOGIGRAMME,
            GENERATE_EVALUATION_GRID, OCR_DEVIS, IMPORT_COMPETENCES_PDF, IMPORT_GRILLE, IMPORT_PLAN_DE_COURS,
            IMPORT_PLAN_CADRE, DOCX_TO_SCHEMA);

    private TaskKinds() {
    }

    /** The output format named as the original's Pydantic class (or its schema name), its schema in {@code schemas/outputs/<name>.schema.json}. */
    static OutputFormat output(String name) {
        return new OutputFormat(name, "schemas/outputs/" + name + ".schema.json");
    }

    public static List<TaskKind> all() {
        return ALL;
    }

    public static Optional<TaskKind> find(String id) {
        return ALL.stream().filter(kind -> kind.id().equals(id)).findFirst();
    }
}

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

    private static final List<TaskKind> ALL = List.of(ANALYSE_PLAN_DE_COURS, GENERATE_PLAN_CADRE);

    private TaskKinds() {
    }

    /** The output format named as the original's Pydantic class, its schema in {@code schemas/outputs/<name>.schema.json}. */
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

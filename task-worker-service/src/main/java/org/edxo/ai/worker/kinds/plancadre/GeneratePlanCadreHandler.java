package org.edxo.ai.worker.kinds.plancadre;

import org.edxo.ai.contracts.kinds.TaskKind;
import org.edxo.ai.contracts.kinds.TaskKinds;
import org.edxo.ai.worker.kinds.KindHandler;
import org.edxo.ai.worker.kinds.ModelCall;
import org.edxo.ai.worker.settings.GenerationSection;
import org.edxo.ai.worker.settings.SettingsClient;
import org.edxo.ai.worker.tasks.TaskFailure;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plan-cadre generation and improvement, every mode of the original's single task (reference §3.2): full
 * generation, improvement, targeted sections and the wand mode. One model call built from the generation
 * sections of settings-service; the result is always a preview (EDxo applies it on its review page).
 */
@Component
public class GeneratePlanCadreHandler implements KindHandler {

    /** The original's early return when every section in scope is written without the model. */
    public static final String NOTHING_FOR_THE_MODEL = "Aucune génération IA requise (tous champs sont en mode non-AI).";
    public static final String NOTHING_FOR_THE_MODEL_CODE = "no_ai_section";

    private final SettingsClient settings;

    public GeneratePlanCadreHandler(SettingsClient settings) {
        this.settings = settings;
    }

    @Override
    public TaskKind kind() {
        return TaskKinds.GENERATE_PLAN_CADRE;
    }

    /** The call needs the generation sections of settings-service: {@link #plan} reads them first. */
    /**
     * Reads the generation sections, then builds the call; fails {@value #NOTHING_FOR_THE_MODEL_CODE} before any
     * hold when no section is left for the model.
     */
    @Override
    public Mono<Plan> plan(JsonNode input) {
        return settings.generationSections().map(sections -> plan(input, sections));
    }

    /** The one call, and the request it was built from (the payload reads back only what was sent). */
    Plan plan(JsonNode input, List<GenerationSection> sections) {
        PlanCadreInput in = PlanCadreInput.of(input);
        PlanCadreRequest request = PlanCadreRequest.build(in, sections);
        if (!request.asksTheModel()) {
            throw new TaskFailure(NOTHING_FOR_THE_MODEL, NOTHING_FOR_THE_MODEL_CODE, null);
        }
        return new Plan(List.of(new ModelCall(in.section(), kind().output(),
                "Génération automatique du plan-cadre du cours " + in.coursNom() + " en cours", null,
                request.userMessage(), in.wand() ? wandInstructions(in.additionalInfo()) : null)), request);
    }

    /**
     * Appended to the section's system prompt in wand mode: a concise assistant that improves only the targeted
     * section, reasons in French, and follows the user's short instruction.
     */
    static String wandInstructions(String instruction) {
        String fixed = "Mode baguette : tu es un assistant de rédaction concis. Améliore uniquement la section ciblée, "
                + "sans modifier les autres sections ni rien ajouter hors de son périmètre. Rédige les résumés de "
                + "raisonnement et tout texte explicatif en français.";
        return instruction == null || instruction.isBlank() ? fixed
                : fixed + "\nInstruction de l'utilisateur : " + instruction.strip();
    }

    @Override
    public Map<String, Object> result(JsonNode input, List<JsonNode> outputs, ResultContext context) {
        PlanCadreInput in = PlanCadreInput.of(input);
        PlanCadreRequest request = context.planState(PlanCadreRequest.class);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("status", "success");
        result.put("message", "Proposition d'amélioration générée. Coût: "
                + PlanCadreProposal.roundedCost(context.usage().get("cost")) + " crédits.");
        result.put("plan_id", in.planId());
        result.put("cours_id", in.coursId());
        result.put("preview", true);
        result.put("proposed", PlanCadreProposal.proposed(outputs.get(0), request));
        result.put("validation_url", context.link("/plan_cadre/" + in.planId() + "/review?task_id=" + context.taskId()));
        result.put("reasoning_summary", context.reasoningSummary());
        result.put("usage", context.usage());
        result.put("settings_used", context.settingsUsed());
        return result;
    }
}

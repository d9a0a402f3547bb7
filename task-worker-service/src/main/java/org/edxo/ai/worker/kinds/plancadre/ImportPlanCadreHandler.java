package org.edxo.ai.worker.kinds.plancadre;

import org.edxo.ai.contracts.kinds.PromptTemplate;
import org.edxo.ai.contracts.kinds.TaskKind;
import org.edxo.ai.contracts.kinds.TaskKinds;
import org.edxo.ai.worker.documents.DocxUploads;
import org.edxo.ai.worker.kinds.KindHandler;
import org.edxo.ai.worker.kinds.ModelCall;
import org.edxo.ai.worker.settings.SectionSettings;
import org.edxo.ai.worker.settings.SettingsClient;
import org.edxo.ai.worker.tasks.TaskFailure;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A DOCX plan-cadre structured into the plan-cadre preview (reference §3.9), through the original's text route:
 * the {@code plan_cadre_import/prompt} template when it contains {@code {doc_text}}, else the original's default
 * message, with the DOCX's text (at most 150,000 characters). One call of the {@code plan_cadre_import} section,
 * whose model, effort and verbosity now apply (the original read only its system prompt); it is billed like every
 * call (the original clamped an overdraft to zero). The payload is generate_plan_cadre's preview.
 */
@Component
public class ImportPlanCadreHandler implements KindHandler {

    static final int MAX_CHARS = 150_000;
    static final String CALLING_MESSAGE = "Appel au modèle IA…";
    static final String DONE_MESSAGE = "Analyse du DOCX terminée. Aperçu des changements disponible.";
    static final String NOTHING_MESSAGE = "Réponse IA invalide.";
    static final String DOC_TEXT = "doc_text";

    private final DocxUploads docx;
    private final SettingsClient settings;

    public ImportPlanCadreHandler(DocxUploads docx, SettingsClient settings) {
        this.docx = docx;
        this.settings = settings;
    }

    @Override
    public TaskKind kind() {
        return TaskKinds.IMPORT_PLAN_CADRE;
    }

    /** The call needs the DOCX's text and the section's template: {@link #plan} reads both first. */
    /** Reads the DOCX first (an unusable one fails here, before any hold), then the section's template. */
    @Override
    public Mono<Plan> plan(JsonNode input) {
        return docx.text(input, MAX_CHARS).flatMap(extracted -> settings.section(kind().section())
                .map(section -> new Plan(List.of(new ModelCall(kind().section(), kind().output(), CALLING_MESSAGE,
                        null, userMessage(section.template(SectionSettings.PROMPT_TEMPLATE), extracted.text()))), null)));
    }

    /**
     * The administrator's import template when it uses {@code {doc_text}} (the only variable it has), else the
     * original's default: {@code Texte du plan-cadre (brut):} and the text between {@code ---} fences.
     */
    static String userMessage(String template, String text) {
        try {
            if (template != null && PromptTemplate.placeholders(template).contains(DOC_TEXT)) {
                return PromptTemplate.render(template, Map.of(DOC_TEXT, text));
            }
        } catch (PromptTemplate.MalformedTemplateException e) {
            // settings-service refuses such a template; one that got through falls back to the default message
        }
        return "Texte du plan-cadre (brut):\n---\n" + text + "\n---\n";
    }

    @Override
    public Map<String, Object> result(JsonNode input, List<JsonNode> outputs, ResultContext context) {
        Map<String, Object> proposed = ImportedPlanCadre.proposed(outputs.get(0));
        if (proposed.isEmpty()) {
            throw TaskFailure.emptyOutput(NOTHING_MESSAGE);
        }
        long planId = input.path("plan_id").asLong();
        JsonNode coursId = input.path("cours_id");
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("status", "success");
        result.put("message", DONE_MESSAGE);
        result.put("plan_id", planId);
        result.put("cours_id", coursId.isIntegralNumber() ? coursId.asLong() : null);
        result.put("preview", true);
        result.put("proposed", proposed);
        result.put("validation_url", context.link("/plan_cadre/" + planId + "/review?task_id=" + context.taskId()));
        result.put("reasoning_summary", context.reasoningSummary());
        result.put("usage", context.usage());
        result.put("settings_used", context.settingsUsed());
        return result;
    }
}

package org.edxo.ai.worker.kinds.docxschema;

import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.contracts.kinds.TaskKind;
import org.edxo.ai.contracts.kinds.TaskKinds;
import org.edxo.ai.worker.documents.DocxUploads;
import org.edxo.ai.worker.kinds.KindHandler;
import org.edxo.ai.worker.kinds.ModelCall;
import org.edxo.ai.worker.tasks.TaskFailure;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An administrator's DOCX turned into a proposed JSON Schema and a Markdown rendering (reference §3.10, the later
 * version of the original's branch): the DOCX's text in the user message (the original converted the DOCX to a
 * PDF for the Files API), one call of the {@code docx_to_schema} section with the form's model, effort and
 * verbosity as overrides. The model writes the schema as JSON text held between braces by a pattern (strict mode
 * cannot declare an arbitrary object); it is parsed here. Billed like every call (the original billed nothing).
 */
@Component
public class DocxToSchemaHandler implements KindHandler {

    static final int MAX_CHARS = 150_000;
    static final String CALLING_MESSAGE = "Analyse en cours...";
    static final String INVALID_SCHEMA = "Le schéma proposé par l'IA n'est pas un objet JSON valide.";

    private final DocxUploads docx;

    public DocxToSchemaHandler(DocxUploads docx) {
        this.docx = docx;
    }

    @Override
    public TaskKind kind() {
        return TaskKinds.DOCX_TO_SCHEMA;
    }

    /** The call needs the DOCX's text: {@link #plan} reads it first. */
    /** Fetches and reads the DOCX (an unusable one fails here, before any hold), then builds the call. */
    @Override
    public Mono<Plan> plan(JsonNode input) {
        return docx.text(input, MAX_CHARS).map(extracted -> new Plan(List.of(new ModelCall(kind().section(),
                kind().output(), CALLING_MESSAGE, null, userMessage(extracted.text()))), null));
    }

    /** The document's text between {@code ---} fences, as the other imports send theirs. */
    static String userMessage(String text) {
        return "Texte du document (brut):\n---\n" + text + "\n---\n";
    }

    @Override
    public Map<String, Object> result(JsonNode input, List<JsonNode> outputs, ResultContext context) {
        JsonNode output = outputs.get(0);
        Map<String, Object> proposal = new LinkedHashMap<>();
        proposal.put("title", output.path("title").asString(""));
        proposal.put("description", output.path("description").asString(""));
        proposal.put("schema", parseSchema(output.path("schema").asString("")));
        proposal.put("markdown", output.path("markdown").asString(""));

        Map<String, Object> usage = context.usage();
        Map<String, Object> apiUsage = new LinkedHashMap<>();
        apiUsage.put("prompt_tokens", usage.getOrDefault("input_tokens", 0L));
        apiUsage.put("completion_tokens", usage.getOrDefault("output_tokens", 0L));
        apiUsage.put("model", usage.get("model"));

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("status", "success");
        result.put("result", proposal);
        result.put("api_usage", apiUsage);
        result.put("reasoning_summary", context.reasoningSummary());
        result.put("usage", usage);
        result.put("settings_used", context.settingsUsed());
        return result;
    }

    /**
     * The schema text as a JSON object. The output schema already holds it between braces ({@code pattern}); text
     * that is still not a JSON object fails in French.
     */
    static JsonNode parseSchema(String text) {
        try {
            JsonNode schema = Json.tree(text);
            if (schema != null && schema.isObject()) {
                return schema;
            }
        } catch (JacksonException e) {
            throw TaskFailure.invalidOutput(INVALID_SCHEMA + " " + e.getOriginalMessage());
        }
        throw TaskFailure.invalidOutput(INVALID_SCHEMA);
    }
}

package org.edxo.ai.contracts.kinds;

import org.edxo.ai.contracts.json.ContractValidator;
import org.edxo.ai.contracts.json.Json;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The DOCX kinds' contracts: each input names its upload by uuid, the plan de cours import reuses the plan de
 * cours snapshots, and the result schemas hold the original's payload keys.
 */
class DocxImportSchemasTest {

    private static final String UPLOAD = "0b6a4f1e-3c1d-4c55-9a57-2f0e5d6c7b8a";

    private static List<String> fields(String schema, String document) {
        return ContractValidator.validate(schema, Json.tree(document)).stream()
                .map(ContractValidator.Violation::path).toList();
    }

    @Test
    void everyDocxKindNeedsAnUploadIdThatIsAUuid() {
        String planDeCours = """
                {"upload_id": "%s", "plan_id": 101,
                 "plan_de_cours": {"id": 101, "cours_id": 12, "session": "A2025", "nom_enseignant": "Julie Roy",
                   "mediagraphies": [{"reference_bibliographique": "Knuth, D. (1997)."}],
                   "disponibilites": [{"jour_semaine": "Lundi", "plage_horaire": "13 h - 15 h", "lieu": "B-204"}]},
                 "plan_cadre": {"capacites": [{"id": 1, "capacite": "Traduire un algorithme"}]}}""";
        String planCadre = """
                {"upload_id": "%s", "plan_id": 55, "cours_id": 12}""";
        String docx = """
                {"upload_id": "%s"}""";
        assertThat(fields(TaskKinds.IMPORT_PLAN_DE_COURS.inputSchema(), planDeCours.formatted(UPLOAD))).isEmpty();
        assertThat(fields(TaskKinds.IMPORT_PLAN_CADRE.inputSchema(), planCadre.formatted(UPLOAD))).isEmpty();
        assertThat(fields(TaskKinds.DOCX_TO_SCHEMA.inputSchema(), docx.formatted(UPLOAD))).isEmpty();
        assertThat(fields(TaskKinds.IMPORT_PLAN_DE_COURS.inputSchema(), planDeCours.formatted("plan.docx")))
                .containsExactly("/upload_id");
        assertThat(fields(TaskKinds.IMPORT_PLAN_CADRE.inputSchema(), planCadre.formatted("12"))).containsExactly("/upload_id");
        assertThat(fields(TaskKinds.DOCX_TO_SCHEMA.inputSchema(), "{}")).containsExactly("");
    }

    @Test
    void thePlanDeCoursImportNeedsThePlanItImportsInto() {
        String schema = TaskKinds.IMPORT_PLAN_DE_COURS.inputSchema();
        assertThat(fields(schema, """
                {"upload_id": "%s", "plan_id": 101}""".formatted(UPLOAD))).containsExactly("");
        assertThat(fields(schema, """
                {"upload_id": "%s", "plan_id": 101, "plan_de_cours": {"id": 101, "cours_id": 12}}""".formatted(UPLOAD)))
                .containsExactly("/plan_de_cours");
    }

    @Test
    void theSchemaProposalsSchemaIsJsonTextAndTheResultCarriesItParsed() {
        // Strict mode cannot declare an arbitrary object: the schema is JSON text, held to an object's braces.
        String output = """
                {"title": "Plan", "description": "d", "schema": %s, "markdown": "# Plan"}""";
        assertThat(fields(TaskKinds.DOCX_TO_SCHEMA.outputSchema(), output.formatted("\"{\\n  \\\"type\\\": \\\"object\\\"\\n}\""))).isEmpty();
        assertThat(fields(TaskKinds.DOCX_TO_SCHEMA.outputSchema(), output.formatted("\"Voici le schéma : {}\"")))
                .containsExactly("/schema");
        String result = """
                {"status": "success",
                 "result": {"title": "Plan", "description": "d", "schema": %s, "markdown": "# Plan"},
                 "api_usage": {"prompt_tokens": 10, "completion_tokens": 5, "model": "gpt-5-mini"},
                 "reasoning_summary": null,
                 "usage": {"input_tokens": 10, "output_tokens": 5, "cost": 0.1, "model": "gpt-5-mini"},
                 "settings_used": {"model": "gpt-5-mini"}}""";
        assertThat(fields(TaskKinds.DOCX_TO_SCHEMA.resultSchema(), result.formatted("{\"type\": \"object\"}"))).isEmpty();
        assertThat(fields(TaskKinds.DOCX_TO_SCHEMA.resultSchema(), result.formatted("\"{}\""))).containsExactly("/result/schema");
    }

    @Test
    void thePlanCadreImportPreviewIsGeneratePlanCadresPreviewAndNeverEmpty() {
        String result = """
                {"status": "success", "message": "Analyse du DOCX terminée. Aperçu des changements disponible.",
                 "plan_id": 55, "cours_id": 12, "preview": true, "proposed": %s,
                 "validation_url": "/plan_cadre/55/review?task_id=x", "reasoning_summary": null,
                 "usage": {"input_tokens": 10, "output_tokens": 5, "cost": 0.1, "model": "gpt-5-mini"},
                 "settings_used": {"model": "gpt-5-mini"}}""";
        String schema = TaskKinds.IMPORT_PLAN_CADRE.resultSchema();
        assertThat(fields(schema, result.formatted("{\"fields\": {\"objectif_terminal\": \"Programmer.\"}}"))).isEmpty();
        assertThat(fields(schema, result.formatted("{}"))).containsExactly("/proposed");
        assertThat(fields(schema, result.formatted("{\"fields\": {\"inconnu\": \"x\"}}"))).isNotEmpty();
    }
}

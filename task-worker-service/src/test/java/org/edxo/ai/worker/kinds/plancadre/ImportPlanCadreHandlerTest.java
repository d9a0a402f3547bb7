package org.edxo.ai.worker.kinds.plancadre;

import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.worker.kinds.KindTestSupport;
import org.edxo.ai.worker.tasks.TaskFailure;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.StringNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImportPlanCadreHandlerTest {

    private final ImportPlanCadreHandler handler = new ImportPlanCadreHandler(null, null);
    private static final JsonNode INPUT = Json.tree("""
            {"upload_id": "0b6a4f1e-3c1d-4c55-9a57-2f0e5d6c7b8a", "plan_id": 55, "cours_id": 12}""");

    private static final String OUTPUT = """
            {"place_intro": "Ce cours se situe en première session.\\\\nIl prépare aux stages.  \\r\\nFin.",
             "objectif_terminal": "Programmer des applications simples.", "structure_intro": null,
             "structure_activites_theoriques": "", "structure_activites_pratiques": null, "structure_activites_prevues": null,
             "eval_evaluation_sommative": "   ", "eval_nature_evaluations_sommatives": null,
             "eval_evaluation_de_la_langue": null, "eval_evaluation_sommatives_apprentissages": null,
             "competences_developpees": [{"texte": "00Q7 Produire des algorithmes", "description": "En partie."}],
             "competences_certifiees": [], "cours_corequis": [{"texte": null, "description": " "}],
             "cours_prealables": [], "cours_relies": [{"texte": "420-2B2-RK", "description": null}], "objets_cibles": [],
             "savoir_etre": ["Rigueur", " ", "Autonomie\\\\t"],
             "capacites": [
               {"capacite": "Traduire un algorithme", "description_capacite": "En Python.", "ponderation_min": 30,
                "ponderation_max": null, "savoirs_necessaires": ["Types", ""],
                "savoirs_faire": [{"texte": "Écrire une boucle", "cible": "Sans erreur", "seuil_reussite": null},
                                  {"texte": null, "cible": null, "seuil_reussite": null}],
                "moyens_evaluation": ["Examen pratique"]},
               {"capacite": null, "description_capacite": " ", "ponderation_min": null, "ponderation_max": null,
                "savoirs_necessaires": [], "savoirs_faire": [], "moyens_evaluation": []}]}
            """;

    @Test
    void theImportTemplateIsUsedWhenItHasDocText() {
        assertThat(ImportPlanCadreHandler.userMessage("Voici le plan-cadre :\n\n{doc_text}\n\nN'invente rien.", "Texte"))
                .isEqualTo("Voici le plan-cadre :\n\nTexte\n\nN'invente rien.");
        // A JSON example in the template keeps its braces ({{ }} in our templates).
        assertThat(ImportPlanCadreHandler.userMessage("Exemple {{\"a\": 1}} {doc_text}", "T")).isEqualTo("Exemple {\"a\": 1} T");
    }

    @Test
    void withoutDocTextTheOriginalsDefaultMessageIsSent() {
        String fallback = "Texte du plan-cadre (brut):\n---\nTexte\n---\n";
        assertThat(ImportPlanCadreHandler.userMessage(null, "Texte")).isEqualTo(fallback);
        assertThat(ImportPlanCadreHandler.userMessage("", "Texte")).isEqualTo(fallback);
        assertThat(ImportPlanCadreHandler.userMessage("Analyse le plan-cadre.", "Texte")).isEqualTo(fallback);
        assertThat(ImportPlanCadreHandler.userMessage("Cassé {doc_text", "Texte")).isEqualTo(fallback);
    }

    @Test
    void textsAreUnescapedNormalisedAndRightTrimmedAsTheOriginal() {
        assertThat(ImportedPlanCadre.sanitize(StringNode.valueOf("a\\nb\\tc\\r\\nd"))).isEqualTo("a\nb\tc\nd");
        assertThat(ImportedPlanCadre.sanitize(StringNode.valueOf("  un  \r\ndeux   \rtrois \n\n"))).isEqualTo("un\ndeux\ntrois");
        assertThat(ImportedPlanCadre.sanitize(Json.tree("null"))).isEmpty();
    }

    @Test
    void thePreviewIsGeneratePlanCadresWithOnlyWhatTheDocumentHolds() {
        JsonNode payload = KindTestSupport.payload(handler, INPUT, OUTPUT);

        assertThat(payload.path("message").asString()).isEqualTo("Analyse du DOCX terminée. Aperçu des changements disponible.");
        assertThat(payload.path("preview").asBoolean()).isTrue();
        assertThat(payload.path("plan_id").asLong()).isEqualTo(55);
        assertThat(payload.path("cours_id").asLong()).isEqualTo(12);
        assertThat(payload.path("validation_url").asString()).isEqualTo("/plan_cadre/55/review?task_id=" + KindTestSupport.TASK_ID);
        JsonNode proposed = payload.path("proposed");
        assertThat(proposed.path("fields").propertyNames()).containsExactly("place_intro", "objectif_terminal");
        assertThat(proposed.path("fields").path("place_intro").asString())
                .isEqualTo("Ce cours se situe en première session.\nIl prépare aux stages.\nFin.");
        assertThat(proposed.path("fields_with_description").propertyNames())
                .containsExactly("Description des compétences développées", "Description des cours reliés");
        assertThat(proposed.path("fields_with_description").path("Description des cours reliés").get(0).path("description").asString())
                .isEmpty();
        assertThat(proposed.path("savoir_etre").valueStream().map(JsonNode::asString).toList()).containsExactly("Rigueur", "Autonomie");
        JsonNode capacites = proposed.path("capacites");
        assertThat(capacites).hasSize(1);
        assertThat(capacites.get(0).path("ponderation_min").asInt()).isEqualTo(30);
        assertThat(capacites.get(0).path("ponderation_max").asInt()).isZero();
        assertThat(capacites.get(0).path("savoirs_necessaires")).hasSize(1);
        assertThat(capacites.get(0).path("savoirs_faire")).hasSize(1);
        assertThat(capacites.get(0).path("savoirs_faire").get(0).path("seuil_reussite").asString()).isEmpty();
    }

    @Test
    void nothingUsableIsTheOriginalsInvalidAnswer() {
        JsonNode nothing = Json.tree("""
                {"place_intro": null, "objectif_terminal": " ", "structure_intro": null, "structure_activites_theoriques": null,
                 "structure_activites_pratiques": null, "structure_activites_prevues": null, "eval_evaluation_sommative": null,
                 "eval_nature_evaluations_sommatives": null, "eval_evaluation_de_la_langue": null,
                 "eval_evaluation_sommatives_apprentissages": null, "competences_developpees": [], "competences_certifiees": [],
                 "cours_corequis": [], "cours_prealables": [], "cours_relies": [], "objets_cibles": [], "savoir_etre": [""],
                 "capacites": []}""");
        assertThatThrownBy(() -> KindTestSupport.payload(handler, INPUT, nothing.toString()))
                .isInstanceOfSatisfying(TaskFailure.class, failure -> assertThat(failure.getMessage()).isEqualTo("Réponse IA invalide."));
    }
}

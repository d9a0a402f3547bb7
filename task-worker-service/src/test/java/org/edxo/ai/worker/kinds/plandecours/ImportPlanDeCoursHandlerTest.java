package org.edxo.ai.worker.kinds.plandecours;

import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.worker.kinds.KindTestSupport;
import org.edxo.ai.worker.tasks.TaskFailure;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImportPlanDeCoursHandlerTest {

    private final ImportPlanDeCoursHandler handler = new ImportPlanDeCoursHandler(null);

    private static ObjectNode input() {
        return (ObjectNode) Json.tree("""
                {"upload_id": "0b6a4f1e-3c1d-4c55-9a57-2f0e5d6c7b8a", "plan_id": 101,
                 "plan_de_cours": {"id": 101, "cours_id": 12, "session": "A2025",
                   "cours_info": {"code": "243-2A4-RK", "nom": "Circuits électriques"},
                   "presentation_du_cours": "Ancienne présentation.", "materiel": "Multimètre.", "nom_enseignant": null,
                   "calendriers": [{"semaine": 1, "sujet": "Sécurité"}],
                   "evaluations": [{"id": 7, "titre_evaluation": "Quiz", "semaine": 3, "capacites": [{"capacite_id": 1, "ponderation": "10 %"}]}],
                   "mediagraphies": [{"reference_bibliographique": "Boylestad, R. (2016)."}]},
                 "plan_cadre": {"capacites": [
                   {"id": 1, "capacite": "Analyser le fonctionnement d'un circuit"},
                   {"id": 2, "capacite": "Mesurer les grandeurs électriques"},
                   {"id": 3, "capacite": "Dépanner des dispositifs"}]}}
                """);
    }

    private static final String OUTPUT = """
            {"presentation_du_cours": "Ce cours porte sur les circuits à courant continu.",
             "objectif_terminal_du_cours": "Analyser des circuits simples.", "organisation_et_methodes": "",
             "accomodement": null, "evaluation_formative_apprentissages": null, "evaluation_expression_francais": null,
             "materiel": "  ",
             "calendriers": [{"semaine": 1, "sujet": "Loi d'Ohm", "activites": "Labo 1", "travaux_hors_classe": null, "evaluations": null}],
             "nom_enseignant": "Julie Roy", "telephone_enseignant": "450 555-0101 poste 2231",
             "courriel_enseignant": "julie.roy@cegep.example", "bureau_enseignant": "B-204",
             "disponibilites": [{"jour_semaine": "Lundi", "plage_horaire": "13 h à 15 h", "lieu": "B-204"},
                                {"jour_semaine": null, "plage_horaire": " ", "lieu": null}],
             "mediagraphies": [{"reference_bibliographique": "Floyd, T. (2019). Fondements d'électronique."},
                               {"reference_bibliographique": ""}],
             "evaluations": [
               {"titre_evaluation": "Examen 1", "description": "Lois de Kirchhoff", "semaine": 6,
                "capacites": [{"capacite": "Capacité 1", "ponderation": "20 %"},
                              {"capacite": "Mesurer les grandeurs électriques", "ponderation": "10 %"},
                              {"capacite": "Gérer un projet", "ponderation": "5 %"}]},
               {"titre_evaluation": null, "description": null, "semaine": null, "capacites": []}]}
            """;

    @Test
    void theMessageIsTheOriginalsWithTheCourseAndTheDocumentsTextBetweenFences() {
        String message = ImportPlanDeCoursHandler.userMessage(PlanSnapshot.of(input()), "# Plan de cours\n\nTABLE 1:\n| a |\nENDTABLE");
        assertThat(message).isEqualTo("Contexte: cours 243-2A4-RK - Circuits électriques, session A2025.\n"
                + "Texte du plan de cours (brut):\n---\n# Plan de cours\n\nTABLE 1:\n| a |\nENDTABLE\n---\n");
    }

    @Test
    void thePayloadIsTheOriginalsAsAProposalWithTheSnapshotsOldValues() {
        JsonNode payload = KindTestSupport.payload(handler, input(), OUTPUT);

        assertThat(payload.path("status").asString()).isEqualTo("success");
        JsonNode fields = payload.path("fields");
        assertThat(fields.propertyNames()).containsExactlyElementsOf(ImportPlanDeCoursHandler.FIELDS);
        assertThat(fields.path("presentation_du_cours").asString()).isEqualTo("Ce cours porte sur les circuits à courant continu.");
        // Blank in the document: the old value stays (the original wrote `parsed or plan`).
        assertThat(fields.path("materiel").asString()).isEqualTo("Multimètre.");
        assertThat(fields.path("organisation_et_methodes").isNull()).isTrue();
        assertThat(fields.path("nom_enseignant").asString()).isEqualTo("Julie Roy");
        assertThat(payload.path("calendriers").get(0).path("sujet").asString()).isEqualTo("Loi d'Ohm");
        assertThat(payload.path("mediagraphies")).hasSize(1);
        assertThat(payload.path("disponibilites")).hasSize(1);

        JsonNode evaluations = payload.path("evaluations");
        assertThat(evaluations).hasSize(1);
        JsonNode links = evaluations.get(0).path("capacites");
        assertThat(links.valueStream().map(link -> link.path("capacite_id").asLong()).toList()).containsExactly(1L, 2L);
        assertThat(links.get(0).path("capacite_nom").asString()).isEqualTo("Analyser le fonctionnement d'un circuit");
        assertThat(links.get(0).path("ponderation").asString()).isEqualTo("20 %");

        assertThat(payload.path("plan_id").asLong()).isEqualTo(101);
        assertThat(payload.path("cours_id").asLong()).isEqualTo(12);
        assertThat(payload.path("validation_url").asString()).isEqualTo("/plan_de_cours/review/101?task_id=" + KindTestSupport.TASK_ID);
        assertThat(payload.path("plan_de_cours_url").asString()).isEqualTo("/cours/12/plan_de_cours/A2025/");
        assertThat(payload.path("usage").path("cost").isNumber()).isTrue();
    }

    @Test
    void oldSnapshotsCoverExactlyWhatTheRequestCarried() {
        JsonNode payload = KindTestSupport.payload(handler, input(), OUTPUT);
        assertThat(payload.path("old_fields").propertyNames())
                .containsExactly("presentation_du_cours", "materiel", "nom_enseignant");
        assertThat(payload.path("old_calendriers")).hasSize(1);
        assertThat(payload.path("old_evaluations").get(0).path("capacites").get(0).path("capacite").asString())
                .isEqualTo("Analyser le fonctionnement d'un circuit");
        assertThat(payload.path("old_mediagraphies")).hasSize(1);
        assertThat(payload.has("old_disponibilites")).isFalse();

        ObjectNode bare = input();
        bare.set("plan_de_cours", Json.tree("{\"id\": 101, \"cours_id\": 12, \"session\": \"A2025\"}"));
        JsonNode withoutContent = KindTestSupport.payload(handler, bare, OUTPUT);
        assertThat(withoutContent.propertyNames()).noneMatch(key -> key.startsWith("old_"));
        assertThat(withoutContent.path("fields").path("materiel").isNull()).isTrue();
    }

    @Test
    void aDocumentThatGaveNothingFailsRatherThanProposingAnEmptyPlan() {
        String nothing = """
                {"presentation_du_cours": null, "objectif_terminal_du_cours": null, "organisation_et_methodes": null,
                 "accomodement": null, "evaluation_formative_apprentissages": null, "evaluation_expression_francais": null,
                 "materiel": "", "calendriers": [], "nom_enseignant": null, "telephone_enseignant": null,
                 "courriel_enseignant": null, "bureau_enseignant": null, "disponibilites": [],
                 "mediagraphies": [{"reference_bibliographique": null}], "evaluations": []}""";
        assertThatThrownBy(() -> KindTestSupport.payload(handler, input(), nothing))
                .isInstanceOfSatisfying(TaskFailure.class, failure -> {
                    assertThat(failure.getMessage()).isEqualTo("Aucune donnée renvoyée par le modèle.");
                    assertThat(failure.errorCode()).isEqualTo(TaskFailure.EMPTY_OUTPUT);
                });
    }
}

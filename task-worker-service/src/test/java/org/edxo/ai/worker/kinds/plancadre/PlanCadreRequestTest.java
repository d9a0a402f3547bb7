package org.edxo.ai.worker.kinds.plancadre;

import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.worker.kinds.ModelCall;
import org.edxo.ai.worker.settings.GenerationSection;
import org.edxo.ai.worker.settings.SettingsClient;
import org.edxo.ai.worker.tasks.TaskFailure;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;

class PlanCadreRequestTest {

    private final GeneratePlanCadreHandler handler = new GeneratePlanCadreHandler(mock(SettingsClient.class));

    private static JsonNode message(ObjectNode input, List<GenerationSection> sections) {
        return Json.tree(PlanCadreRequest.build(PlanCadreInput.of(input), sections).userMessage());
    }

    private static List<String> names(JsonNode entries) {
        List<String> names = new ArrayList<>();
        entries.forEach(entry -> names.add(entry.path("field_name").asString()));
        return names;
    }

    @Test
    void aFullImprovementSendsTheOriginalsKeysInOrderWithEveryAiSectionAndItsCurrentContent() {
        String text = PlanCadreRequest.build(PlanCadreInput.of(PlanCadreFixtures.input()), PlanCadreFixtures.sections())
                .userMessage();
        JsonNode message = Json.tree(text);

        assertThat(new ArrayList<>(message.propertyNames())).containsExactly("fields", "fields_with_description",
                "savoir_etre", "capacites", "course_context", "previous_sections_context", "current_capacites_snapshot",
                "improve_only", "additional_info");
        assertThat(text).contains("Évaluation").doesNotContain("\\u00c9");
        assertThat(names(message.get("fields"))).containsExactlyElementsOf(PlanCadreFixtures.NAMES.subList(0, 10));
        JsonNode intro = message.get("fields").get(0);
        assertThat(intro.get("prompt").asString()).isEqualTo("Consigne Intro et place du cours.");
        assertThat(intro.get("current_content").asString()).startsWith("Ce cours de deuxième session");
        assertThat(message.get("fields").get(4).get("current_content").asString())
                .as("a null column is sent as an empty text").isEmpty();

        // Cours reliés is never sent to the model, as in the original.
        assertThat(names(message.get("fields_with_description"))).containsExactly(
                "Description des compétences développées", "Description des Compétences certifiées",
                "Description des cours corequis", "Objets cibles", "Description des cours préalables");
        JsonNode developpees = message.get("fields_with_description").get(0);
        assertThat(developpees.get("prompt").asString()).isEqualTo("Consigne Description des compétences développées."
                + "\n\n\nListe des compétences développées pour ce cours:\n- 00SF: Résoudre des problèmes informatiques\n");
        assertThat(developpees.get("current_content")).isEqualTo(Json.tree(
                "[{\"texte\":\"00SF Résoudre des problèmes\",\"description\":\"Algorithmes et structures\"}]"));
        assertThat(message.get("fields_with_description").get(1).get("prompt").asString())
                .endsWith("\n\n\n(Aucune compétence 'certifiée' trouvée)\n");
        assertThat(message.get("fields_with_description").get(2).get("prompt").asString())
                .endsWith("\n\n\n(Aucun cours corequis)\n");
        assertThat(message.get("fields_with_description").get(3).get("prompt").asString())
                .as("objets cibles get no list").isEqualTo("Consigne Objets cibles.");
        JsonNode prealables = message.get("fields_with_description").get(4);
        assertThat(prealables.get("prompt").asString()).endsWith("\n\n\nCe cours est un prérequis pour:\n"
                + "- 420-3C5-EM: Bases de données (note requise: 60%)\n- 420-3D5-EM: Applications web\n");
        assertThat(prealables.get("current_content").get(0).get("description").isNull()).isTrue();

        assertThat(message.get("savoir_etre").asString()).isEqualTo("Consigne Savoir-être.");
        assertThat(message.get("capacites")).isEqualTo(Json.tree("[\"### Capacité et pondération\\nConsigne Capacité et pondération.\","
                + "\"### Savoirs nécessaires d'une capacité\\nConsigne Savoirs nécessaires d'une capacité.\","
                + "\"### Savoirs faire d'une capacité\\nConsigne Savoirs faire d'une capacité.\","
                + "\"### Moyen d'évaluation d'une capacité\\nConsigne Moyen d'évaluation d'une capacité.\"]"));
        assertThat(message.get("course_context").asString()).isEqualTo("""
                Place du cours: Ce cours de deuxième session approfondit la programmation : il prépare aux cours de bases de données et d'applications web.
                Objectif terminal: Choisir et implanter les structures de données appropriées à un problème.
                Compétences développées: 00SF Résoudre des problèmes
                Objets cibles: Structures linéaires""");
        assertThat(message.get("previous_sections_context").isNull()).as("only when targeting").isTrue();
        assertThat(message.get("current_capacites_snapshot")).isEqualTo(Json.tree("""
                [{"capacite":"Implanter des structures de données linéaires",
                  "description_capacite":"Programmer listes, piles et files et en mesurer les performances.",
                  "ponderation_min":30,"ponderation_max":40,
                  "savoirs_necessaires":["Listes chaînées","Complexité algorithmique"],
                  "savoirs_faire":[{"texte":"Implanter une pile","cible":"Pile correcte et testée","seuil_reussite":"Pile fonctionnelle"}],
                  "moyens_evaluation":["Examen pratique"]},
                 {"capacite":"Exploiter des arbres et des tables de hachage","description_capacite":"",
                  "ponderation_min":0,"ponderation_max":0,"savoirs_necessaires":[],"savoirs_faire":[],"moyens_evaluation":[]}]"""));
        assertThat(message.get("improve_only").asBoolean()).isTrue();
        assertThat(message.get("additional_info").asString()).isEqualTo("Mettre l'accent sur les tests et la complexité.");
    }

    @Test
    void sectionTextsAreRenderedWithTheCourseContext() {
        List<GenerationSection> sections = PlanCadreFixtures.with(new GenerationSection("Objectif terminal", 2, true,
                "Objectif du cours {code_cours} ({nom_cours}), session {session} de {programme} ; fil {fil_conducteur}. "
                        + "Heures : {heures_theorie}-{heures_lab}-{heures_maison}.\nCompétences :\n{competences_developpees}\n"
                        + "Atteintes : {competences_atteintes}\nPréalables :\n{cours_prealables}\nCorequis : {cours_corequis}\n"
                        + "Même compétence :\n{cours_developpant_une_meme_competence} {{littéral}}"));

        JsonNode message = message(PlanCadreFixtures.input(), sections);

        assertThat(message.get("fields").get(1).get("prompt").asString()).isEqualTo("""
                Objectif du cours 420-2B4-EM (Structures de données), session 2 de Techniques de l'informatique ; fil Programmation. \
                Heures : 3-3-2.5.
                Compétences :
                - 00SF: Résoudre des problèmes informatiques
                Atteintes : (aucune)
                Préalables :
                - 420-1A1-EM: Introduction à la programmation (note requise: 60%)
                Corequis : (aucun)
                Même compétence :
                - 420-1A1-EM: Introduction à la programmation {littéral}""");
    }

    @Test
    void improvingOneSectionSendsOnlyItWithThePrecedingSectionsAsContext() {
        ObjectNode input = PlanCadreFixtures.input("{\"target_columns\": [\"eval_evaluation_sommative\"]}");

        JsonNode message = message(input, PlanCadreFixtures.sections());

        assertThat(names(message.get("fields"))).containsExactly("Évaluation Sommative des Apprentissages");
        assertThat(message.get("fields_with_description")).isEmpty();
        assertThat(message.get("savoir_etre").isNull()).isTrue();
        assertThat(message.get("capacites")).isEmpty();
        assertThat(message.get("current_capacites_snapshot")).as("capacities are not in scope").isEmpty();
        assertThat(message.get("previous_sections_context").asString()).isEqualTo("""
                Contexte des sections précédentes (extrait):
                ## Place et rôle du cours
                Ce cours de deuxième session approfondit la programmation : il prépare aux cours de bases de données et d'applications web.

                ## Compétences développées
                - 00SF Résoudre des problèmes — Algorithmes et structures

                ## Objets cibles
                - Structures linéaires — Listes, piles et files

                ## Cours préalables
                - 420-1A1-EM Introduction à la programmation

                ## Objectif terminal
                Choisir et implanter les structures de données appropriées à un problème.

                ## Capacités
                - Implanter des structures de données linéaires (pondération: 30–40%) — Programmer listes, piles et files et en mesurer les performances.
                - Exploiter des arbres et des tables de hachage

                ## Activités théoriques
                Exposés sur les listes, piles, files, arbres et tables de hachage.""");
    }

    @Test
    void targetsMayComeAsACommaSeparatedStringAndTheFirstSectionHasNoPrecedingContext() {
        ObjectNode input = PlanCadreFixtures.input("{\"target_columns\": \" savoirs_etre, place_intro ,\"}");

        JsonNode message = message(input, PlanCadreFixtures.sections());

        assertThat(names(message.get("fields"))).containsExactly("Intro et place du cours");
        assertThat(message.get("savoir_etre").asString()).isEqualTo("Consigne Savoir-être.");
        assertThat(message.get("previous_sections_context").isNull()).as("place_intro comes first").isTrue();
    }

    @Test
    void withTargetsNonAiSectionsAreSkippedAndWithoutThemTheirTextsGoToThePreview() {
        List<GenerationSection> sections = new ArrayList<>(PlanCadreFixtures.sections());
        sections.replaceAll(s -> switch (s.name()) {
            case "Évaluation de la Langue" -> new GenerationSection(s.name(), s.position(), false,
                    "  La politique de {code_cours} s'applique.\n");
            case "Objets cibles" -> new GenerationSection(s.name(), s.position(), false, "Objets de {nom_cours}");
            case "Savoir-être" -> new GenerationSection(s.name(), s.position(), false, "Rigueur\n\n  Curiosité \n");
            case "Activités Prévues" -> new GenerationSection(s.name(), s.position(), false, "   ");
            default -> s;
        });

        PlanCadreRequest all = PlanCadreRequest.build(PlanCadreInput.of(PlanCadreFixtures.input()), sections);
        assertThat(names(Json.tree(all.userMessage()).get("fields"))).doesNotContain("Évaluation de la Langue");
        assertThat(all.nonAiFields()).containsExactly(
                java.util.Map.entry("eval_evaluation_de_la_langue", "La politique de 420-2B4-EM s'applique."));
        assertThat(all.nonAiLists()).containsOnlyKeys("Objets cibles");
        assertThat(all.nonAiLists().get("Objets cibles")).containsExactly(
                java.util.Map.of("texte", "Objets de Structures de données", "description", ""));
        assertThat(all.nonAiSavoirEtre()).containsExactly("Rigueur", "Curiosité");
        assertThat(Json.tree(all.userMessage()).get("savoir_etre").isNull()).isTrue();
        assertThat(all.askedSavoirEtre()).isFalse();

        PlanCadreRequest targeted = PlanCadreRequest.build(PlanCadreInput.of(PlanCadreFixtures.input(
                "{\"target_columns\": [\"eval_evaluation_de_la_langue\", \"objectif_terminal\"]}")), sections);
        assertThat(targeted.nonAiFields()).isEmpty();
        assertThat(targeted.nonAiLists()).isEmpty();
        assertThat(targeted.nonAiSavoirEtre()).isEmpty();
        assertThat(names(Json.tree(targeted.userMessage()).get("fields"))).containsExactly("Objectif terminal");
    }

    @Test
    void theWandModeImprovesWithTheInstructionInPlaceOfAdditionalInfoAndAddsItsInstructions() {
        ObjectNode input = PlanCadreFixtures.input("{\"mode\": \"wand\", \"improve_only\": false,"
                + " \"wand_instruction\": \"Rends-le plus concis.\", \"target_columns\": [\"objectif_terminal\"]}");

        ModelCall call = handler.plan(input, PlanCadreFixtures.sections()).calls().get(0);

        assertThat(call.section()).as("the wand forces improve_only").isEqualTo("plan_cadre_improve");
        JsonNode message = Json.tree(call.userMessage());
        assertThat(message.get("additional_info").asString()).isEqualTo("Rends-le plus concis.");
        assertThat(message.get("improve_only").asBoolean()).isTrue();
        assertThat(message.get("fields").get(0).has("current_content")).isTrue();
        assertThat(call.instructions()).startsWith("Mode baguette : tu es un assistant de rédaction concis.")
                .contains("Améliore uniquement la section ciblée", "en français")
                .endsWith("\nInstruction de l'utilisateur : Rends-le plus concis.");
        assertThat(call.progressMessage()).isEqualTo("Génération automatique du plan-cadre du cours Structures de données en cours");
        assertThat(call.template()).isNull();

        ModelCall withoutInstruction = handler.plan(PlanCadreFixtures.input("{\"mode\": \"wand\"}"),
                PlanCadreFixtures.sections()).calls().get(0);
        assertThat(Json.tree(withoutInstruction.userMessage()).get("additional_info").asString())
                .as("without an instruction additional_info stays").isEqualTo("Mettre l'accent sur les tests et la complexité.");
        assertThat(withoutInstruction.instructions())
                .endsWith("\nInstruction de l'utilisateur : Mettre l'accent sur les tests et la complexité.");
        ModelCall nothingToSay = handler.plan(PlanCadreFixtures.input("{\"mode\": \"wand\", \"additional_info\": null}"),
                PlanCadreFixtures.sections()).calls().get(0);
        assertThat(nothingToSay.instructions()).doesNotContain("Instruction de l'utilisateur");

        ModelCall notWand = handler.plan(PlanCadreFixtures.input(), PlanCadreFixtures.sections()).calls().get(0);
        assertThat(notWand.instructions()).isNull();
    }

    @Test
    void generatingRatherThanImprovingUsesThePlanCadreSectionWithoutCurrentContents() {
        ObjectNode input = PlanCadreFixtures.input("{\"improve_only\": false, \"target_columns\": [\"capacites\", \"objets_cibles\"]}");

        ModelCall call = handler.plan(input, PlanCadreFixtures.sections()).calls().get(0);

        assertThat(call.section()).isEqualTo("plan_cadre");
        JsonNode message = Json.tree(call.userMessage());
        assertThat(message.get("improve_only").asBoolean()).isFalse();
        assertThat(message.get("fields_with_description").get(0).has("current_content")).isFalse();
        assertThat(message.get("current_capacites_snapshot")).isEmpty();
        assertThat(message.get("previous_sections_context").isNull()).isTrue();
        assertThat(message.get("capacites")).hasSize(4);
    }

    @Test
    void longTextsAndListsAreClippedAsTheOriginalDid() {
        ObjectNode input = PlanCadreFixtures.input("{\"target_columns\": [\"savoirs_etre\"]}");
        ObjectNode plan = (ObjectNode) input.get("plan_cadre");
        plan.put("place_intro", "é".repeat(1000));
        plan.put("objectif_terminal", "o".repeat(950));
        plan.put("eval_evaluation_de_la_langue", "l".repeat(700));
        ArrayNode objets = plan.putArray("objets_cibles");
        for (int i = 0; i < 9; i++) {
            objets.addObject().put("texte", "Objet " + i + " " + "x".repeat(300)).put("description", "");
        }
        ArrayNode capacites = plan.putArray("capacites");
        for (int i = 0; i < 6; i++) {
            ObjectNode capacite = capacites.addObject().put("capacite", "Capacité " + i)
                    .put("description_capacite", "d".repeat(600)).put("ponderation_min", 10).put("ponderation_max", 20);
            ArrayNode savoirs = capacite.putArray("savoirs_necessaires");
            for (int j = 0; j < 12; j++) {
                savoirs.addObject().put("texte", "s".repeat(250));
            }
            ArrayNode moyens = capacite.putArray("moyens_evaluation");
            for (int j = 0; j < 9; j++) {
                moyens.addObject().put("texte", "Moyen " + j);
            }
        }

        JsonNode message = message(input, PlanCadreFixtures.sections());

        assertThat(message.get("course_context").asString())
                .startsWith("Place du cours: " + "é".repeat(400) + "…\nObjectif terminal: " + "o".repeat(300) + "…\n")
                .contains("Objets cibles: Objet 0 ");
        assertThat(message.get("course_context").asString().split("Objets cibles: ")[1].split("; ")).hasSize(5);
        String previous = message.get("previous_sections_context").asString();
        assertThat(previous).contains("## Place et rôle du cours\n" + "é".repeat(900) + "…\n\n")
                .contains("## Évaluation de la langue\n" + "l".repeat(600) + "…\n\n");
        String objetsBlock = previous.split("## Objets cibles\n")[1].split("\n\n")[0];
        assertThat(objetsBlock.lines().toList()).hasSize(6)
                .allSatisfy(line -> assertThat(line.codePointCount(0, line.length())).isEqualTo(2 + 220 + 1));
        String capacitesBlock = previous.split("## Capacités\n")[1].split("\n\n")[0];
        assertThat(capacitesBlock.lines().toList()).hasSize(3).allSatisfy(line -> assertThat(line)
                .startsWith("- Capacité ").contains("(pondération: 10–20%) — ").endsWith("…"));
        assertThat(message.get("current_capacites_snapshot")).as("capacities are not targeted").isEmpty();

        input.put("target_columns", "capacites");
        JsonNode snapshot = message(input, PlanCadreFixtures.sections()).get("current_capacites_snapshot");
        assertThat(snapshot).hasSize(4);
        assertThat(snapshot.get(0).get("description_capacite").asString()).hasSize(500);
        assertThat(snapshot.get(0).get("savoirs_necessaires")).hasSize(8);
        assertThat(snapshot.get(0).get("savoirs_necessaires").get(0).asString()).hasSize(200);
        assertThat(snapshot.get(0).get("moyens_evaluation")).hasSize(6);
    }

    @Test
    void whenNoSectionIsLeftForTheModelTheTaskFailsWithTheOriginalsMessageBeforeAnyCall() {
        ObjectNode reliés = PlanCadreFixtures.input("{\"target_columns\": [\"cours_relies\"]}");
        assertThatThrownBy(() -> handler.plan(reliés, PlanCadreFixtures.sections()))
                .isInstanceOfSatisfying(TaskFailure.class, failure -> {
                    assertThat(failure.getMessage()).isEqualTo("Aucune génération IA requise (tous champs sont en mode non-AI).");
                    assertThat(failure.errorCode()).isEqualTo("no_ai_section");
                });

        List<GenerationSection> nonAi = PlanCadreFixtures.sections().stream()
                .map(s -> new GenerationSection(s.name(), s.position(), false, s.text())).toList();
        assertThatThrownBy(() -> handler.plan(PlanCadreFixtures.input(), nonAi))
                .isInstanceOfSatisfying(TaskFailure.class, failure -> assertThat(failure.errorCode()).isEqualTo("no_ai_section"));
    }

    @Test
    void sectionsUnknownToTheTaskAreIgnoredAndTheOrderIsThePosition() {
        List<GenerationSection> sections = new ArrayList<>(PlanCadreFixtures.sections());
        sections.add(new GenerationSection("Section inventée", 0, true, "Ne pas envoyer."));
        sections.replaceAll(s -> s.name().equals("Objectif terminal") ? new GenerationSection(s.name(), 99, true, s.text()) : s);

        JsonNode message = message(PlanCadreFixtures.input(), sections);

        List<String> fields = names(message.get("fields"));
        assertThat(fields).doesNotContain("Section inventée").endsWith("Objectif terminal");
        assertThat(message.toString()).doesNotContain("Ne pas envoyer");
    }
}

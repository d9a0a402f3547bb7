package org.edxo.ai.e2e;

import org.edxo.ai.contracts.json.ContractValidator;
import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.contracts.kinds.TaskKind;
import org.edxo.ai.contracts.kinds.TaskKinds;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The programme's course grid, its logigramme and the six-level evaluation grid, end to end through the
 * simulator as EDxo's screens use them: the original's start paths and checks, the final payload with the
 * keys its review screens read, the cleaning rules visible on the result, one capture per model call.
 * The simulator's random answers exercise the rules: its strings are French sentences, so course names are
 * often over 120 characters, colours are never {@code #RRGGBB}, and codes never match the snapshot's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProgrammeEndToEndTest {

    /** The original's palette for threads, in its order (reference §3.4 item 4). */
    private static final List<String> PALETTE = List.of("#1F77B4", "#FF7F0E", "#2CA02C", "#D62728", "#9467BD",
            "#8C564B", "#E377C2", "#7F7F7F", "#BCBD22", "#17BECF");
    private static final String GRILLE_PATH = "/programme/7/grille/generate";
    private static final String LOGIGRAMME_PATH = "/programme/7/logigramme/generate";
    private static final String GRID_PATH = "/evaluation/generate_six_level_grid";

    private RunningSystem system;
    private TaskKindScenarios scenarios;
    private String grille;
    private String logigramme;
    private String sixLevelGrid;

    @BeforeAll
    void startSystem() throws Exception {
        system = SharedSystem.get();
        scenarios = new TaskKindScenarios(system);
        grille = snapshot("programme-grille.json");
        logigramme = snapshot("programme-logigramme.json");
        sixLevelGrid = snapshot("evaluation-six-level-grid.json");
    }

    private String coordoOfProgramme7() throws Exception {
        return scenarios.newUserToken("coordo", "coordo", Map.of("programmes", List.of(7)));
    }

    @Test
    void theCourseGridIsProposedCleanedAsTheOriginalCleanedItAndBilled() throws Exception {
        TaskKindScenarios.Finished finished = scenarios.startAndSucceed(TaskKinds.GENERATE_PROGRAMME_GRILLE, GRILLE_PATH,
                coordoOfProgramme7(), grille, 1);
        JsonNode payload = finished.result();

        assertThat(payload.path("status").asString()).isEqualTo("success");
        assertThat(payload.path("validation_url").asString()).isEqualTo("/programme/7/grille/review/" + finished.taskId());
        assertOriginalUsage(payload.path("usage"));
        assertThat(payload.path("settings_used").path("model").asString()).isNotBlank();
        JsonNode result = payload.path("result");
        assertThat(result.has("reasoning_summary")).isTrue();

        JsonNode model = modelOutput(finished, TaskKinds.GENERATE_PROGRAMME_GRILLE);
        assertThat(result.path("sessions").size()).isEqualTo(model.path("sessions").size());
        Set<String> generatedNames = new HashSet<>();
        for (int s = 0; s < model.path("sessions").size(); s++) {
            JsonNode modelCourses = model.path("sessions").get(s).path("courses");
            JsonNode courses = result.path("sessions").get(s).path("courses");
            assertThat(courses.size()).isEqualTo(modelCourses.size());
            for (int c = 0; c < courses.size(); c++) {
                JsonNode course = courses.get(c);
                JsonNode asProposed = modelCourses.get(c);
                String name = course.path("nom").asString();
                generatedNames.add(name.toLowerCase(Locale.ROOT));
                // Names: at most 120 characters, the model's beginning.
                assertThat(name).hasSizeLessThanOrEqualTo(120);
                assertThat(asProposed.path("nom").asString().strip()).startsWith(name);
                // Prerequisites: deduplicated ignoring case, at most two, in the model's order.
                List<String> distinct = distinctIgnoringCase(asProposed.path("prealables"));
                assertThat(strings(course.path("prealables"))).isEqualTo(distinct.subList(0, Math.min(2, distinct.size())));
                // Units: the model's when positive, else the sum of the hours; two decimals.
                double units = asProposed.path("nombre_unites").asDouble();
                double hours = course.path("heures_theorie").asInt() + course.path("heures_laboratoire").asInt()
                        + course.path("heures_travail_maison").asInt();
                assertThat(course.path("nombre_unites").asDouble())
                        .isEqualTo(Math.round((units > 0 ? units : hours) * 100) / 100.0);
            }
        }
        // Threads: only generated courses, a description, colours unique; the simulator's colours are never
        // #RRGGBB, so every kept thread gets the next palette colour.
        JsonNode threads = result.path("fils_conducteurs");
        long survivors = model.path("fils_conducteurs").valueStream()
                .filter(thread -> !thread.path("description").asString("").isBlank()
                        && thread.path("cours").valueStream().anyMatch(name -> generatedNames.contains(
                                truncate(name.asString().strip(), 120).toLowerCase(Locale.ROOT))))
                .count();
        assertThat(threads.size()).isEqualTo(survivors);
        assertThat(threads.valueStream().map(thread -> thread.path("couleur").asString()).toList())
                .isEqualTo(PALETTE.subList(0, threads.size()));
        threads.forEach(thread -> assertThat(thread.path("cours").valueStream()
                .map(name -> name.asString().toLowerCase(Locale.ROOT)).toList()).isNotEmpty().isSubsetOf(generatedNames));

        // The model got the section's seeded prompt, the original's user message and our strict schema.
        JsonNode request = modelRequest(finished.taskId());
        assertThat(request.path("instructions").asString()).contains("fils_conducteurs", "#RRGGBB");
        assertThat(request.path("text").path("format").path("name").asString()).isEqualTo("ProgrammeGrilleResponse");
        JsonNode message = Json.tree(userMessage(request));
        assertThat(new ArrayList<>(message.propertyNames()))
                .containsExactly("programme", "total_hours", "total_units", "nb_sessions", "additional_info", "competences");
        assertThat(message.path("total_hours").asLong()).isEqualTo(1860);
        List<String> codes = message.path("competences").valueStream().map(c -> c.path("code").asString()).toList();
        assertThat(codes).hasSize(10).isSorted();
    }

    @Test
    void theLogigrammeIsProposedWithTheStatusEdxoStoresAndNothingOutsideTheSnapshot() throws Exception {
        TaskKindScenarios.Finished finished = scenarios.startAndSucceed(TaskKinds.GENERATE_PROGRAMME_LOGIGRAMME,
                LOGIGRAMME_PATH, coordoOfProgramme7(), logigramme, 1);
        JsonNode payload = finished.result();

        assertThat(payload.path("status").asString()).isEqualTo("success");
        assertThat(payload.path("validation_url").asString()).isEqualTo("/programme/7/competences/logigramme");
        assertOriginalUsage(payload.path("usage"));
        JsonNode result = payload.path("result");
        assertThat(result.path("logigramme_url").asString()).isEqualTo("/programme/7/competences/logigramme");
        assertThat(result.has("reasoning_summary")).isTrue();

        JsonNode snapshot = Json.tree(logigramme);
        Set<String> courseCodes = snapshot.path("courses").valueStream().map(c -> c.path("code").asString())
                .collect(Collectors.toSet());
        Set<String> competenceCodes = snapshot.path("competences").valueStream().map(c -> c.path("code").asString())
                .collect(Collectors.toSet());
        JsonNode model = modelOutput(finished, TaskKinds.GENERATE_PROGRAMME_LOGIGRAMME);
        long known = model.path("links").valueStream()
                .filter(link -> courseCodes.contains(link.path("cours_code").asString().strip().toUpperCase(Locale.ROOT))
                        && competenceCodes.contains(link.path("competence_code").asString().strip().toUpperCase(Locale.ROOT)))
                .map(link -> link.path("cours_code").asString() + "|" + link.path("competence_code").asString())
                .distinct().count();
        JsonNode links = result.path("links");
        assertThat(links.size()).as("links to codes absent from the snapshot are dropped").isEqualTo(known);
        links.forEach(link -> {
            assertThat(courseCodes).contains(link.path("cours_code").asString());
            assertThat(competenceCodes).contains(link.path("competence_code").asString());
            assertThat(link.path("status").asString()).isEqualTo(Map.of("developpe", "Développé significativement",
                    "atteint", "Atteint", "reinvesti", "Réinvesti").get(link.path("type").asString()));
        });
        String expectedMessage = model.path("links").isEmpty() ? "Aucun lien proposé (réponse vide ou non exploitable)"
                : links.isEmpty() ? "0 lien proposé (aucune correspondance trouvée dans le programme)"
                : links.size() == 1 ? "1 lien proposé" : links.size() + " liens proposés";
        assertThat(result.path("message").asString()).isEqualTo(expectedMessage);

        // additional_info reaches the model (the original read it and never sent it).
        JsonNode request = modelRequest(finished.taskId());
        assertThat(request.path("instructions").asString()).contains("cours_code", "reinvesti");
        JsonNode message = Json.tree(userMessage(request));
        assertThat(new ArrayList<>(message.propertyNames())).containsExactly("courses", "competences", "additional_info");
        assertThat(message.path("additional_info").asString()).startsWith("Le stage de sixième session");
        assertThat(message.path("courses").size()).isEqualTo(6);
    }

    @Test
    void theSixLevelGridIsABilledTaskWithTheOriginalsStrings() throws Exception {
        String teacher = scenarios.newUserToken("prof", "professeur");
        TaskKindScenarios.Finished finished = scenarios.startAndSucceed(TaskKinds.GENERATE_EVALUATION_GRID, GRID_PATH,
                teacher, sixLevelGrid, 1);
        JsonNode payload = finished.result();

        assertThat(payload.path("status").asString()).isEqualTo("success");
        assertThat(payload.path("savoir_faire_id").asLong()).isEqualTo(31);
        assertThat(payload.path("evaluation_id").asLong()).isEqualTo(12);
        assertOriginalUsage(payload.path("usage"));
        JsonNode model = modelOutput(finished, TaskKinds.GENERATE_EVALUATION_GRID);
        assertThat(payload.path("levels").size()).isEqualTo(6);
        for (int level = 1; level <= 6; level++) {
            List<String> lines = strings(model.path("level" + level + "_description")).stream()
                    .map(String::strip).filter(line -> !line.isEmpty()).toList();
            assertThat(payload.path("level" + level + "_description").asString()).isEqualTo(String.join("\n", lines));
            assertThat(payload.path("levels").get(level - 1).path("level").asInt()).isEqualTo(level);
            assertThat(strings(payload.path("levels").get(level - 1).path("description"))).isEqualTo(lines);
        }

        JsonNode request = modelRequest(finished.taskId());
        assertThat(request.path("instructions").asString()).contains("Niveau 4 — Seuil de réussite");
        JsonNode message = Json.tree(userMessage(request));
        assertThat(new ArrayList<>(message.propertyNames()))
                .containsExactly("savoir_faire", "capacite", "seuil", "cible", "description_eval");
    }

    @Test
    void refusalsUseTheOriginalsMessagesAndNameTheBadField() throws Exception {
        String coordo = coordoOfProgramme7();
        ObjectNode noHours = (ObjectNode) Json.tree(grille);
        noHours.put("total_hours", 0);
        JsonNode invalid = scenarios.assertInvalid(GRILLE_PATH, coordo, noHours.toString(), "/total_hours");
        assertThat(invalid.path("error").asString()).isEqualTo("Paramètres invalides (heures/sessions).");
        ObjectNode noSessions = (ObjectNode) Json.tree(grille);
        noSessions.remove("nb_sessions");
        scenarios.assertInvalid(GRILLE_PATH, coordo, noSessions.toString(), "/nb_sessions");
        ObjectNode noCourses = (ObjectNode) Json.tree(logigramme);
        noCourses.putArray("courses");
        scenarios.assertInvalid(LOGIGRAMME_PATH, coordo, noCourses.toString(), "/courses");
        ObjectNode noSavoirFaire = (ObjectNode) Json.tree(sixLevelGrid);
        noSavoirFaire.remove("savoir_faire");
        scenarios.assertInvalid(GRID_PATH, coordo, noSavoirFaire.toString(), "/savoir_faire");

        String teacher = scenarios.newUserToken("prof", "professeur", Map.of("programmes", List.of(7)));
        scenarios.assertRefused(GRILLE_PATH, teacher, grille, 403, "Accès restreint (admin/coordo)");
        scenarios.assertRefused(LOGIGRAMME_PATH, teacher, logigramme, 403, "Accès restreint (admin/coordo)");
        String otherCoordo = scenarios.newUserToken("coordo", "coordo", Map.of("programmes", List.of(3)));
        scenarios.assertRefused(GRILLE_PATH, otherCoordo, grille, 403, "Accès refusé");
        scenarios.assertRefused(LOGIGRAMME_PATH, otherCoordo, logigramme, 403, "Accès refusé");
        scenarios.assertRefused(GRID_PATH, scenarios.newUserToken("invite", "invite"), sixLevelGrid, 403,
                "Accès restreint (admin/coordo/professeur)");

        // An admin needs no membership.
        String admin = scenarios.newUserToken("admin", "admin");
        assertThat(scenarios.start(LOGIGRAMME_PATH, admin, logigramme).state()).isEqualTo("SUCCESS");
    }

    // --------------------------------------------------------------------------------------------- helpers

    /** A request body under {@code src/test/resources/snapshots/}: the form and the snapshot EDxo sends. */
    private static String snapshot(String name) throws Exception {
        try (var in = ProgrammeEndToEndTest.class.getResourceAsStream("/snapshots/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** The original's usage keys, equal to ours. */
    private static void assertOriginalUsage(JsonNode usage) {
        assertThat(usage.path("prompt_tokens").asLong()).isPositive().isEqualTo(usage.path("input_tokens").asLong());
        assertThat(usage.path("completion_tokens").asLong()).isPositive().isEqualTo(usage.path("output_tokens").asLong());
        assertThat(usage.path("cost").isNumber()).isTrue();
    }

    /** The JSON the model streamed, valid against the kind's strict output schema. */
    private static JsonNode modelOutput(TaskKindScenarios.Finished finished, TaskKind kind) {
        JsonNode output = Json.tree(finished.lastStreamedOutput());
        assertThat(ContractValidator.validate(kind.outputSchema(), output)).as(output.toString()).isEmpty();
        return output;
    }

    /** The Responses API request the worker sent for a task (its metadata carries the task id). */
    private JsonNode modelRequest(String taskId) throws Exception {
        List<JsonNode> requests = system.simulatorRequests().stream()
                .filter(request -> taskId.equals(request.path("metadata").path("task_id").asString("")))
                .toList();
        assertThat(requests).hasSize(1);
        return requests.get(0);
    }

    private static String userMessage(JsonNode request) {
        return request.path("input").get(0).path("content").get(0).path("text").asString();
    }

    private static List<String> strings(JsonNode array) {
        return array.valueStream().map(JsonNode::asString).toList();
    }

    private static List<String> distinctIgnoringCase(JsonNode array) {
        Set<String> seen = new LinkedHashSet<>();
        List<String> kept = new ArrayList<>();
        for (String value : strings(array)) {
            String text = value.strip();
            if (!text.isEmpty() && seen.add(text.toLowerCase(Locale.ROOT))) {
                kept.add(text);
            }
        }
        return kept;
    }

    private static String truncate(String text, int max) {
        return text.codePointCount(0, text.length()) <= max ? text
                : text.substring(0, text.offsetByCodePoints(0, max)).strip();
    }
}

package org.edxo.ai.settings;

import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.support.security.ServiceTokens;
import org.edxo.ai.support.testing.TestInfrastructure;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The admin side of issue 5: placeholders, catalogue, defaults, history and rollback, export and import. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SettingsAdminIntegrationTest {

    private static final String DATABASE = TestInfrastructure.createDatabase("settings");
    private static final String BROKER_PREFIX = TestInfrastructure.brokerPrefix();
    private static final ServiceTokens TOKENS =
            new ServiceTokens(TestInfrastructure.JWT_SECRET, "settings-test", Clock.systemUTC());
    private static final String ADMIN = TOKENS.mint("admin-42", List.of("admin"), Duration.ofMinutes(10));
    private static final String SERVICE = TOKENS.mint("task-worker", List.of("service"), Duration.ofMinutes(10));
    private static final String COORDO = TOKENS.mint("coordo-7", List.of("coordo"), Duration.ofMinutes(10));

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.r2dbc.url", () -> TestInfrastructure.r2dbcUrl(DATABASE));
        registry.add("spring.flyway.url", () -> TestInfrastructure.jdbcUrl(DATABASE));
        registry.add("EDXO_BROKER_PREFIX", () -> BROKER_PREFIX);
        registry.add("edxo.security.jwt-secret", () -> TestInfrastructure.JWT_SECRET);
    }

    @LocalServerPort
    int port;

    WebTestClient client;

    @BeforeEach
    void client() {
        client = clientFor(port);
    }

    private static WebTestClient clientFor(int port) {
        // A generous timeout: the machine is shared by several builds, and exports are a few hundred KB.
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(30))
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(4 * 1024 * 1024)).build();
    }

    private WebTestClient.ResponseSpec get(String path, String token) {
        return client.get().uri(path).header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange();
    }

    private WebTestClient.ResponseSpec put(String path, String token, String json) {
        return client.put().uri(path).header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(json).exchange();
    }

    private static WebTestClient.ResponseSpec post(WebTestClient client, String path, String token, String json) {
        return client.post().uri(path).header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(json).exchange();
    }

    private static JsonNode json(WebTestClient.ResponseSpec response) {
        byte[] body = response.expectBody().returnResult().getResponseBody();
        return Json.tree(new String(body, StandardCharsets.UTF_8));
    }

    @Test
    void aTemplateWithAPlaceholderItsTaskDoesNotProvideIsRefusedByName() {
        JsonNode refused = json(put("/api/v1/settings/sections/analyse_plan_cours/templates/prompt", ADMIN,
                "{\"template\":\"Analyse {plan_id} pour {xyz}.\"}").expectStatus().isBadRequest());
        assertThat(refused.get("error").stringValue()).isEqualTo("Paramètres invalides.");
        JsonNode detail = refused.get("details").get(0);
        assertThat(detail.get("field").stringValue()).isEqualTo("template");
        assertThat(detail.get("message").stringValue())
                .startsWith("Variable inconnue : {xyz}. Variables permises : ")
                .contains("{plan_id}", "{session}", "{cours_code}", "{cours_nom}");

        JsonNode unclosed = json(put("/api/v1/settings/sections/plan_de_cours/templates/materiel", ADMIN,
                "{\"template\":\"Matériel {session\"}").expectStatus().isBadRequest());
        assertThat(unclosed.get("details").get(0).get("message").stringValue()).contains("Accolade ouvrante");

        JsonNode accepted = json(put("/api/v1/settings/sections/plan_de_cours/templates/materiel", ADMIN,
                "{\"template\":\"Matériel de {cours_code} ({session}) : {current_value} {{JSON}}\"}").expectStatus().isOk());
        assertThat(accepted.get("templates").get("materiel").stringValue()).contains("{cours_code}");
    }

    @Test
    void everySeededTemplateIsPresentAndUsesOnlyProvidedVariables() {
        JsonNode export = json(get("/api/v1/settings/export", ADMIN).expectStatus().isOk());
        List<String> keys = export.get("templates").valueStream()
                .map(t -> t.get("section").stringValue() + "/" + t.get("name").stringValue()).toList();
        assertThat(keys).contains("analyse_plan_cours/prompt", "plan_de_cours/presentation_du_cours",
                "plan_de_cours/objectif_terminal_du_cours", "plan_de_cours/organisation_et_methodes",
                "plan_de_cours/accomodement", "plan_de_cours/evaluation_formative_apprentissages",
                "plan_de_cours/evaluation_expression_francais", "plan_de_cours/seuil_reussite",
                "plan_de_cours/materiel", "plan_de_cours/all", "plan_de_cours/calendrier", "ocr/segmentation",
                "ocr/extraction", "plan_de_cours_import/prompt", "plan_cadre_import/prompt", "grille_import/prompt");
        export.get("templates").valueStream().forEach(template -> assertThat(
                org.edxo.ai.settings.sections.TemplatePlaceholders.check(template.get("section").stringValue(),
                        template.get("name").stringValue(), template.get("template").stringValue(), "template"))
                .as(template.get("section").stringValue() + "/" + template.get("name").stringValue()).isEmpty());
        assertThat(export.get("generation_sections").valueStream().map(s -> s.get("name").stringValue()).toList())
                .hasSize(21).contains("Intro et place du cours", "Savoir-être", "Moyen d'évaluation d'une capacité");
    }

    @Test
    void theModelCatalogueIsManagedAndADisabledModelCannotBeReferenced() {
        JsonNode created = json(post(client, "/api/v1/settings/models", ADMIN,
                "{\"name\":\"gpt-4.1-mini\",\"supports_reasoning\":false,\"max_output_tokens\":32768}")
                .expectStatus().isCreated());
        assertThat(created.get("enabled").booleanValue()).isTrue();
        post(client, "/api/v1/settings/models", ADMIN, "{\"name\":\"gpt-4.1-mini\"}").expectStatus().isEqualTo(409);
        JsonNode badModel = json(post(client, "/api/v1/settings/models", ADMIN,
                "{\"name\":\"\",\"max_output_tokens\":0,\"enabled\":\"oui\"}").expectStatus().isBadRequest());
        assertThat(badModel.get("details").valueStream().map(d -> d.get("field").stringValue()).toList())
                .containsExactlyInAnyOrder("name", "max_output_tokens", "enabled");

        JsonNode effort = json(put("/api/v1/settings/sections/grille", ADMIN,
                "{\"ai_model\":\"gpt-4.1-mini\",\"reasoning_effort\":\"low\"}").expectStatus().isBadRequest());
        assertThat(effort.get("details").get(0).get("field").stringValue()).isEqualTo("reasoning_effort");
        put("/api/v1/settings/sections/grille", ADMIN, "{\"ai_model\":\"gpt-4.1-mini\",\"reasoning_effort\":null}")
                .expectStatus().isOk();

        JsonNode inUse = json(put("/api/v1/settings/models/gpt-4.1-mini", ADMIN, "{\"enabled\":false}")
                .expectStatus().isEqualTo(409));
        assertThat(inUse.get("error").stringValue()).isEqualTo("Le modèle gpt-4.1-mini est encore utilisé par : grille.");

        put("/api/v1/settings/sections/grille", ADMIN, "{\"ai_model\":\"gpt-5\"}").expectStatus().isOk();
        json(put("/api/v1/settings/models/gpt-4.1-mini", ADMIN, "{\"enabled\":false}").expectStatus().isOk());
        JsonNode disabled = json(put("/api/v1/settings/sections/grille", ADMIN, "{\"ai_model\":\"gpt-4.1-mini\"}")
                .expectStatus().isBadRequest());
        assertThat(disabled.get("details").get(0).get("message").stringValue()).isEqualTo("Modèle désactivé : gpt-4.1-mini.");
        put("/api/v1/settings/models/nope", ADMIN, "{\"enabled\":false}").expectStatus().isNotFound();
        JsonNode gpt5 = json(put("/api/v1/settings/models/gpt-5", ADMIN, "{\"enabled\":false}").expectStatus().isEqualTo(409));
        assertThat(gpt5.get("error").stringValue()).contains("analyse_plan_cours", "valeurs par défaut");
    }

    @Test
    void workersReadTheSectionWithTheDefaultsAppliedAndTheirSources() {
        JsonNode defaults = json(put("/api/v1/settings/defaults", ADMIN, "{\"verbosity\":\"low\"}").expectStatus().isOk());
        assertThat(defaults.get("ai_model").stringValue()).isEqualTo("gpt-5");
        put("/api/v1/settings/sections/logigramme", ADMIN, "{\"reasoning_effort\":\"high\",\"verbosity\":null}")
                .expectStatus().isOk();

        JsonNode effective = json(get("/api/v1/settings/sections/logigramme?view=effective", SERVICE).expectStatus().isOk());
        assertThat(effective.get("ai_model").stringValue()).isEqualTo("gpt-5");
        assertThat(effective.get("reasoning_effort").stringValue()).isEqualTo("high");
        assertThat(effective.get("verbosity").stringValue()).isEqualTo("low");
        assertThat(effective.get("sources").get("ai_model").stringValue()).isEqualTo("section");
        assertThat(effective.get("sources").get("reasoning_effort").stringValue()).isEqualTo("section");
        assertThat(effective.get("sources").get("verbosity").stringValue()).isEqualTo("default");

        JsonNode bad = json(put("/api/v1/settings/defaults", ADMIN, "{\"ai_model\":\"gpt-9\",\"verbosity\":\"loud\"}")
                .expectStatus().isBadRequest());
        assertThat(bad.get("details").valueStream().map(d -> d.get("field").stringValue()).toList())
                .containsExactly("verbosity");
        JsonNode unknownModel = json(put("/api/v1/settings/defaults", ADMIN, "{\"ai_model\":\"gpt-9\"}")
                .expectStatus().isBadRequest());
        assertThat(unknownModel.get("details").get(0).get("message").stringValue()).isEqualTo("Modèle inconnu : gpt-9.");
        get("/api/v1/settings/sections/nope?view=effective", SERVICE).expectStatus().isNotFound();
        get("/api/v1/settings/sections/ocr?view=raw", SERVICE).expectStatus().isBadRequest();
    }

    @Test
    void onlyAdminsUseTheAdminApiAndServicesOnlyRead() {
        for (String token : List.of(COORDO, SERVICE)) {
            get("/api/v1/settings/history", token).expectStatus().isForbidden();
            get("/api/v1/settings/export", token).expectStatus().isForbidden();
            get("/api/v1/settings/defaults", token).expectStatus().isForbidden();
            put("/api/v1/settings/defaults", token, "{\"verbosity\":\"low\"}").expectStatus().isForbidden();
            post(client, "/api/v1/settings/import", token, "{}").expectStatus().isForbidden();
            post(client, "/api/v1/settings/models", token, "{\"name\":\"x\"}").expectStatus().isForbidden();
            post(client, "/api/v1/settings/history/1/rollback", token, "").expectStatus().isForbidden();
            put("/api/v1/settings/generation-sections/x", token, "{\"use_ai\":true}").expectStatus().isForbidden();
        }
        get("/api/v1/settings/sections/ocr?view=effective", COORDO).expectStatus().isForbidden();
        get("/api/v1/settings/sections/ocr?view=effective", SERVICE).expectStatus().isOk();
    }

    @Test
    void historyListsChangesAndARollbackRestoresThePreviousText() {
        String path = "/api/v1/settings/sections/plan_cadre_import/templates/prompt";
        String original = json(get("/api/v1/settings/sections/plan_cadre_import", ADMIN).expectStatus().isOk())
                .get("templates").get("prompt").stringValue();
        put(path, ADMIN, "{\"template\":\"Nouveau texte : {doc_text}\"}").expectStatus().isOk();

        JsonNode changes = json(get("/api/v1/settings/history?section=plan_cadre_import&limit=10", ADMIN).expectStatus().isOk());
        JsonNode change = changes.get(0);
        assertThat(change.get("entity").stringValue()).isEqualTo("template");
        assertThat(change.get("name").stringValue()).isEqualTo("prompt");
        assertThat(change.get("changed_by").stringValue()).isEqualTo("admin-42");
        assertThat(change.get("changed_at").stringValue()).endsWith("Z");
        assertThat(change.get("before").get("template").stringValue()).isEqualTo(original);
        assertThat(change.get("after").get("template").stringValue()).isEqualTo("Nouveau texte : {doc_text}");

        JsonNode rolledBack = json(post(client, "/api/v1/settings/history/" + change.get("id").longValue() + "/rollback",
                ADMIN, "").expectStatus().isOk());
        assertThat(rolledBack.get("restored").get("templates").get("prompt").stringValue()).isEqualTo(original);
        assertThat(json(get("/api/v1/settings/sections/plan_cadre_import", SERVICE).expectStatus().isOk())
                .get("templates").get("prompt").stringValue()).isEqualTo(original);

        JsonNode after = json(get("/api/v1/settings/history?section=plan_cadre_import", ADMIN).expectStatus().isOk());
        assertThat(after.size()).isEqualTo(2);
        assertThat(after.get(0).get("after").get("template").stringValue()).isEqualTo(original);

        post(client, "/api/v1/settings/history/999999/rollback", ADMIN, "").expectStatus().isNotFound();
        get("/api/v1/settings/history?limit=0", ADMIN).expectStatus().isBadRequest();
    }

    @Test
    void rollingBackACreationRemovesTheTemplateAndASectionRollbackRestoresItsValues() {
        JsonNode seeded = json(get("/api/v1/settings/sections/docx_to_schema", ADMIN).expectStatus().isOk());
        put("/api/v1/settings/sections/docx_to_schema/templates/consigne", ADMIN, "{\"template\":\"Produis un schéma.\"}")
                .expectStatus().isOk();
        put("/api/v1/settings/sections/docx_to_schema", ADMIN, "{\"system_prompt\":\"Tu convertis.\",\"verbosity\":\"high\"}")
                .expectStatus().isOk();
        JsonNode changes = json(get("/api/v1/settings/history?section=docx_to_schema", ADMIN).expectStatus().isOk());
        assertThat(changes.get(0).get("entity").stringValue()).isEqualTo("section");
        assertThat(changes.get(1).get("entity").stringValue()).isEqualTo("template");
        assertThat(changes.get(1).get("before").isNull()).isTrue();

        post(client, "/api/v1/settings/history/" + changes.get(0).get("id").longValue() + "/rollback", ADMIN, "")
                .expectStatus().isOk();
        post(client, "/api/v1/settings/history/" + changes.get(1).get("id").longValue() + "/rollback", ADMIN, "")
                .expectStatus().isOk();

        JsonNode section = json(get("/api/v1/settings/sections/docx_to_schema", ADMIN).expectStatus().isOk());
        assertThat(section.get("system_prompt").stringValue()).isEqualTo(seeded.get("system_prompt").stringValue());
        assertThat(section.get("verbosity")).isEqualTo(seeded.get("verbosity"));
        assertThat(section.get("templates").has("consigne")).isFalse();
        JsonNode latest = json(get("/api/v1/settings/history?section=docx_to_schema&limit=1", ADMIN).expectStatus().isOk()).get(0);
        assertThat(latest.get("after").isNull()).as("the removal is itself recorded").isTrue();
        assertThat(latest.get("changed_by").stringValue()).isEqualTo("admin-42");
    }

    @Test
    void aGenerationSectionChangeIsRecordedAndRolledBack() {
        String name = URLEncoder.encode("Objets cibles", StandardCharsets.UTF_8).replace("+", "%20");
        JsonNode changed = json(client.put().uri(java.net.URI.create("http://127.0.0.1:" + port
                        + "/api/v1/settings/generation-sections/" + name))
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"use_ai\":false,\"text\":\"Liste fixe.\"}").exchange().expectStatus().isOk());
        assertThat(changed.get("use_ai").booleanValue()).isFalse();
        JsonNode change = json(get("/api/v1/settings/history?section=plan_cadre&limit=1", ADMIN).expectStatus().isOk()).get(0);
        assertThat(change.get("entity").stringValue()).isEqualTo("generation_section");
        JsonNode restored = json(post(client, "/api/v1/settings/history/" + change.get("id").longValue() + "/rollback",
                ADMIN, "").expectStatus().isOk()).get("restored");
        assertThat(restored.get("use_ai").booleanValue()).isTrue();
        assertThat(restored.get("text").stringValue()).startsWith("Énumère les objets cibles");
    }

    @Test
    void workersReadTheGenerationSectionsWhoseTextsUseOnlyTheVariablesOfThePlanCadreTask() {
        get("/api/v1/settings/generation-sections", COORDO).expectStatus().isForbidden();
        JsonNode sections = json(get("/api/v1/settings/generation-sections", SERVICE).expectStatus().isOk());
        assertThat(sections.size()).isEqualTo(21);
        sections.valueStream().forEach(section -> assertThat(org.edxo.ai.settings.sections.TemplatePlaceholders
                .checkGenerationSection(section.get("text").stringValue(), "text")).as(section.get("name").stringValue()).isEmpty());
        assertThat(sections.get(0).get("name").stringValue()).isEqualTo("Intro et place du cours");
        assertThat(sections.get(0).get("text").stringValue()).contains("{code_cours}", "{competences_developpees}");
        for (String section : List.of("plan_cadre", "plan_cadre_improve")) {
            assertThat(json(get("/api/v1/settings/sections/" + section + "?view=effective", SERVICE).expectStatus().isOk())
                    .get("system_prompt").stringValue()).as(section).contains("plan-cadre", "field_name", "en français");
        }
    }

    @Test
    void aGenerationSectionTextWithAPlaceholderTheTaskDoesNotProvideIsRefusedByName() {
        String path = "http://127.0.0.1:" + port + "/api/v1/settings/generation-sections/"
                + URLEncoder.encode("Objectif terminal", StandardCharsets.UTF_8).replace("+", "%20");
        JsonNode refused = json(client.put().uri(java.net.URI.create(path)).header(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"text\":\"Objectif de {nom_cours} pour {cible}.\"}")
                .exchange().expectStatus().isBadRequest());
        assertThat(refused.get("error").stringValue()).isEqualTo("Paramètres invalides.");
        JsonNode detail = refused.get("details").get(0);
        assertThat(detail.get("field").stringValue()).isEqualTo("text");
        assertThat(detail.get("message").stringValue()).startsWith("Variable inconnue : {cible}. Variables permises : ")
                .contains("{code_cours}", "{nom_cours}", "{competences_atteintes}", "{heures_maison}");

        JsonNode accepted = json(client.put().uri(java.net.URI.create(path)).header(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"text\":\"Objectif de {nom_cours} ({heures_lab} h) {{sic}}.\"}")
                .exchange().expectStatus().isOk());
        assertThat(accepted.get("text").stringValue()).isEqualTo("Objectif de {nom_cours} ({heures_lab} h) {{sic}}.");

        ObjectNode document = (ObjectNode) json(get("/api/v1/settings/export", ADMIN).expectStatus().isOk());
        ((ObjectNode) document.get("generation_sections").get(3)).put("text", "Texte {inconnu");
        JsonNode badImport = json(post(client, "/api/v1/settings/import", ADMIN, Json.writeString(document))
                .expectStatus().isBadRequest());
        assertThat(badImport.get("details").valueStream().map(d -> d.get("field").stringValue()).toList())
                .containsExactly("generation_sections[3].text");
    }

    @Test
    void anImportIsValidatedAsAWholeWithFieldPaths() {
        ObjectNode document = (ObjectNode) json(get("/api/v1/settings/export", ADMIN).expectStatus().isOk());
        ((ObjectNode) document.get("sections").get(0)).put("reasoning_effort", "extreme");
        ((ObjectNode) document.get("templates").get(0)).put("template", "{nope}");
        ((ObjectNode) document.get("defaults")).put("ai_model", "gpt-9");
        JsonNode refused = json(post(client, "/api/v1/settings/import", ADMIN, Json.writeString(document))
                .expectStatus().isBadRequest());
        assertThat(refused.get("details").valueStream().map(d -> d.get("field").stringValue()).toList())
                .containsExactlyInAnyOrder("sections[0].reasoning_effort", "templates[0].template", "defaults.ai_model");
    }

    @Test
    void exportThenImportIntoAnEmptyDatabaseReproducesTheSameSettings() {
        put("/api/v1/settings/sections/evaluation", ADMIN,
                "{\"system_prompt\":\"Tu évalues.\",\"ai_model\":\"gpt-5-mini\",\"verbosity\":\"high\",\"max_output_tokens\":9000}")
                .expectStatus().isOk();
        put("/api/v1/settings/sections/evaluation/templates/grille", ADMIN, "{\"template\":\"Six niveaux.\"}")
                .expectStatus().isOk();
        post(client, "/api/v1/settings/models", ADMIN, "{\"name\":\"o4-mini\",\"supports_reasoning\":true,\"max_output_tokens\":100000}")
                .expectStatus().isCreated();
        String exported = new String(get("/api/v1/settings/export", ADMIN).expectStatus().isOk().expectBody()
                .returnResult().getResponseBody(), StandardCharsets.UTF_8);

        String emptyDatabase = TestInfrastructure.createDatabase("settings");
        try (ConfigurableApplicationContext other = new SpringApplicationBuilder(SettingsServiceApplication.class).run(
                "--server.port=0",
                "--spring.r2dbc.url=" + TestInfrastructure.r2dbcUrl(emptyDatabase),
                "--spring.flyway.url=" + TestInfrastructure.jdbcUrl(emptyDatabase),
                "--EDXO_BROKER_PREFIX=" + BROKER_PREFIX,
                "--edxo.security.jwt-secret=" + TestInfrastructure.JWT_SECRET)) {
            int otherPort = ((WebServerApplicationContext) other).getWebServer().getPort();
            WebTestClient otherClient = clientFor(otherPort);
            JsonNode before = json(otherClient.get().uri("/api/v1/settings/export")
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN).exchange().expectStatus().isOk());
            assertThat(before).isNotEqualTo(Json.tree(exported));

            post(otherClient, "/api/v1/settings/import", ADMIN, exported).expectStatus().isOk();

            JsonNode reExported = json(otherClient.get().uri("/api/v1/settings/export")
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN).exchange().expectStatus().isOk());
            assertThat(reExported).isEqualTo(Json.tree(exported));
            JsonNode history = json(otherClient.get().uri("/api/v1/settings/history?limit=1")
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN).exchange().expectStatus().isOk());
            assertThat(history.get(0).get("entity").stringValue()).isEqualTo("import");
            assertThat(history.get(0).get("section").isNull()).isTrue();
        }
    }
}

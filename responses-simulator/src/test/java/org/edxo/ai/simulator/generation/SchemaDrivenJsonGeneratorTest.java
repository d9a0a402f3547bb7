package org.edxo.ai.simulator.generation;

import org.edxo.ai.contracts.json.ContractValidator;
import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.contracts.kinds.OutputFormat;
import org.edxo.ai.contracts.kinds.TaskKind;
import org.edxo.ai.contracts.kinds.TaskKinds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SchemaDrivenJsonGeneratorTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "schemas/outputs/PlanDeCoursAIResponse.schema.json",
            "test-schemas/nested-refs.schema.json",
            "test-schemas/recursive-allof.schema.json",
            // The document kinds' output schemas as the original defines them (reference §3.6-3.10).
            "test-schemas/ocr-competences.schema.json",
            "test-schemas/grille-import.schema.json",
            "test-schemas/plan-cadre-import.schema.json",
            "test-schemas/docx-schema-proposal.schema.json",
            "test-schemas/import-plan-de-cours.schema.json"})
    void generatedDocumentsValidateForManySeeds(String schemaLocation) {
        JsonNode schema = ContractValidator.schemaNode(schemaLocation);
        for (long seed = 0; seed < 200; seed++) {
            JsonNode document = SchemaDrivenJsonGenerator.generate(schema, new SplittableRandom(seed));
            assertThat(ContractValidator.validate(schemaLocation, document))
                    .as("seed %d: %s", seed, document).isEmpty();
        }
    }

    /** Every output format any task kind asks the model for gets schema-valid answers. */
    @Test
    void everyTaskKindsOutputSchemaGetsValidAnswers() {
        for (TaskKind kind : TaskKinds.all()) {
            for (OutputFormat output : kind.outputs()) {
                JsonNode schema = ContractValidator.schemaNode(output.schema());
                for (long seed = 0; seed < 100; seed++) {
                    JsonNode document = SchemaDrivenJsonGenerator.generate(schema, new SplittableRandom(seed));
                    assertThat(ContractValidator.validate(output.schema(), document))
                            .as("%s, %s, seed %d: %s", kind.id(), output.name(), seed, document).isEmpty();
                }
            }
        }
    }

    @Test
    void fillsEveryPropertyAndTakesTheNonNullBranchOfUnions() {
        JsonNode schema = ContractValidator.schemaNode("test-schemas/nested-refs.schema.json");
        JsonNode document = SchemaDrivenJsonGenerator.generate(schema, new SplittableRandom(7));

        assertThat(document.propertyNames()).containsExactlyInAnyOrderElementsOf(schema.get("properties").propertyNames());
        assertThat(document.get("note").isNumber()).isTrue();
        assertThat(document.get("commentaire").isString()).isTrue();
        assertThat(document.get("code").stringValue()).isIn("420-1A1-RK", "420-2B2-RK");
        assertThat(document.get("ancien").stringValue()).matches("\\d{4}-\\d{2}-\\d{2}");
        assertThat(document.get("version").asInt()).isEqualTo(3);
        assertThat(document.get("responsable").get("courriel").stringValue()).contains("@");
        assertThat(document.get("semaines").size()).isBetween(2, 4);
    }

    @Test
    void planDeCoursAnswerLooksLikeTheModelsAnswer() {
        JsonNode schema = ContractValidator.schemaNode("schemas/outputs/PlanDeCoursAIResponse.schema.json");
        JsonNode document = SchemaDrivenJsonGenerator.generate(schema, new SplittableRandom(1));

        assertThat(document.get("compatibility_percentage").asDouble()).isBetween(0.0, 100.0);
        assertThat(document.get("recommendation_ameliore").stringValue()).endsWith(".").hasSizeGreaterThan(20);
    }

    @Test
    void ocrCompetenciesFillTheRecursiveContextAndStopIt() {
        JsonNode schema = ContractValidator.schemaNode("test-schemas/ocr-competences.schema.json");
        JsonNode competence = SchemaDrivenJsonGenerator.generate(schema, new SplittableRandom(5)).get("competences").get(0);

        assertThat(competence.get("Code").isString()).isTrue();
        JsonNode context = competence.get("Contexte de réalisation");
        assertThat(context.isArray()).isTrue();
        assertThat(context.get(0).get("texte").isString()).isTrue();
        assertThat(context.get(0).get("sous_points").isArray()).isTrue();
        assertThat(competence.get("Éléments").get(0).get("criteres").isArray()).isTrue();
    }

    @Test
    void recursionStopsWithNull() {
        JsonNode schema = ContractValidator.schemaNode("test-schemas/recursive-allof.schema.json");
        JsonNode node = SchemaDrivenJsonGenerator.generate(schema, new SplittableRandom(3)).get("racine");
        int depth = 0;
        while (!node.isNull()) {
            node = node.get("enfant");
            depth++;
        }
        assertThat(depth).isBetween(2, 10);
    }

    @Test
    void sameSeedSameDocumentAndSeedsVary() {
        JsonNode schema = ContractValidator.schemaNode("test-schemas/nested-refs.schema.json");
        JsonNode first = SchemaDrivenJsonGenerator.generate(schema, new SplittableRandom(11));
        JsonNode again = SchemaDrivenJsonGenerator.generate(schema, new SplittableRandom(11));
        assertThat(again).isEqualTo(first);

        Set<String> distinct = new HashSet<>();
        IntStream.range(0, 10).forEach(seed ->
                distinct.add(Json.writeString(SchemaDrivenJsonGenerator.generate(schema, new SplittableRandom(seed)))));
        assertThat(distinct).hasSizeGreaterThan(5);
    }

    @Test
    void stringLengthBoundsAreRespected() {
        JsonNode schema = Json.tree("""
                {"type":"object","properties":{
                  "court":{"type":"string","maxLength":5},
                  "long":{"type":"string","minLength":400}},
                 "required":["court","long"],"additionalProperties":false}""");
        for (long seed = 0; seed < 20; seed++) {
            JsonNode document = SchemaDrivenJsonGenerator.generate(schema, new SplittableRandom(seed));
            assertThat(document.get("court").stringValue().length()).isBetween(1, 5);
            assertThat(document.get("long").stringValue().length()).isGreaterThanOrEqualTo(400);
        }
    }

    /**
     * A string held to an object's braces by its pattern, or declared as JSON text, parses as a JSON object
     * (docx_to_schema's {@code schema}, reference §3.10); the other strings stay prose.
     */
    @Test
    void aStringThatMustHoldAJsonObjectGetsOne() {
        JsonNode schema = Json.tree("""
                {"type":"object","properties":{
                  "schema":{"type":"string","pattern":"^\\\\{[\\\\s\\\\S]*\\\\}$"},
                  "json":{"type":"string","contentMediaType":"application/json"},
                  "texte":{"type":"string"}},
                 "required":["schema","json","texte"],"additionalProperties":false}""");
        assertThat(schema.at("/properties/schema/pattern").asString()).isEqualTo("^\\{[\\s\\S]*\\}$");
        for (long seed = 0; seed < 50; seed++) {
            JsonNode document = SchemaDrivenJsonGenerator.generate(schema, new SplittableRandom(seed));
            for (String field : new String[] {"schema", "json"}) {
                JsonNode parsed = Json.tree(document.get(field).stringValue());
                assertThat(parsed.isObject()).as(document.toString()).isTrue();
                assertThat(parsed.path("properties").isObject()).isTrue();
                assertThat(parsed.path("required").size()).isEqualTo(parsed.path("properties").size());
            }
            assertThat(document.get("texte").stringValue()).doesNotStartWith("{");
        }
    }

    @Test
    void unresolvableRefIsRejected() {
        JsonNode schema = Json.tree("{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"#/$defs/absent\"}}}");
        assertThatThrownBy(() -> SchemaDrivenJsonGenerator.generate(schema, new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("#/$defs/absent");
    }

    @Test
    void recursionWithoutWayOutIsRejected() {
        JsonNode schema = Json.tree("""
                {"$ref":"#/$defs/n","$defs":{"n":{"type":"object","properties":{"n":{"$ref":"#/$defs/n"}}}}}""");
        assertThatThrownBy(() -> SchemaDrivenJsonGenerator.generate(schema, new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

package org.edxo.ai.worker.kinds.plandecours;

import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.worker.Fixtures;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Every variant the original's import resolved ({@code test_capacity_resolution_variants}), and more. */
class CapacityResolverTest {

    private final CapacityResolver resolver =
            CapacityResolver.of(Fixtures.planDeCoursInput().path("plan_cadre").path("capacites"));

    private Long idOf(String label) {
        return resolver.resolve(label).map(CapacityResolver.Capacity::id).orElse(null);
    }

    @Test
    void theFullNameWhateverItsCaseAccentsPunctuationAndSpaces() {
        assertThat(idOf("Mesurer des grandeurs électriques")).isEqualTo(2);
        assertThat(idOf("  MESURER des grandeurs electriques. ")).isEqualTo(2);
        assertThat(idOf("Analyser le fonctionnement d’un circuit")).isEqualTo(1);
        assertThat(idOf("Capacité 3 : Dépanner des dispositifs électroniques")).isEqualTo(3);
        assertThat(resolver.resolve("Dépanner des dispositifs électroniques").orElseThrow().name())
                .isEqualTo("Dépanner des dispositifs électroniques");
    }

    @Test
    void ordinalAliasesFromTheListPosition() {
        assertThat(idOf("Capacité 1")).isEqualTo(1);
        assertThat(idOf("capacite 2")).isEqualTo(2);
        assertThat(idOf("cap 2")).isEqualTo(2);
        assertThat(idOf("Cap. 3")).isEqualTo(3);
        assertThat(idOf("c 3")).isEqualTo(3);
        assertThat(idOf("C1")).isEqualTo(1);
        assertThat(idOf("Capacité n° 2")).isEqualTo(2);
        assertThat(idOf("Capacité 9")).isNull();
    }

    @Test
    void ordinalAliasesFromANumberInTheCapacitysOwnTitle() {
        CapacityResolver numbered = CapacityResolver.of(Json.tree("""
                [{"id": 10, "capacite": "Capacité 2 - Installer un réseau"},
                 {"id": 11, "capacite": "Capacité 1 - Configurer un poste"}]
                """));

        assertThat(numbered.resolve("Capacité 1").orElseThrow().id()).isEqualTo(11);
        assertThat(numbered.resolve("C2").orElseThrow().id()).isEqualTo(10);
        assertThat(numbered.resolve("Installer un réseau").orElseThrow().id()).isEqualTo(10);
    }

    @Test
    void oneNameContainingTheOther() {
        assertThat(idOf("Capacité : Dépanner des dispositifs")).isEqualTo(3);
        assertThat(idOf("grandeurs électriques")).isEqualTo(2);
        assertThat(idOf("Mesurer des grandeurs électriques au laboratoire")).isEqualTo(2);
    }

    @Test
    void tokenOverlapOfAtLeastOneHalf() {
        // {depanner, dispositifs, electroniques} vs {depanner, dispositifs, numeriques}: 2/4.
        assertThat(idOf("Dépanner des dispositifs numériques")).isEqualTo(3);
        // {analyser, circuit} vs {analyser, fonctionnement, circuit}: 2/3, in another order.
        assertThat(idOf("circuit : analyser")).isEqualTo(1);
        // {mesurer, tensions} vs {mesurer, grandeurs, electriques}: 1/4.
        assertThat(idOf("Mesurer les tensions")).isNull();
        assertThat(CapacityResolver.jaccard(java.util.Set.of("a", "b"), java.util.Set.of("b", "c"))).isEqualTo(1.0 / 3);
    }

    @Test
    void unknownBlankOrAmbiguousLabelsStayUnresolved() {
        assertThat(idOf("Inconnue")).isNull();
        assertThat(idOf(null)).isNull();
        assertThat(idOf("   ")).isNull();
        assertThat(idOf("Capacité")).isNull();
        CapacityResolver twins = CapacityResolver.of(Json.tree("""
                [{"id": 1, "capacite": "Programmer une application web"},
                 {"id": 2, "capacite": "Programmer une application mobile"}]
                """));
        assertThat(twins.resolve("Programmer une application")).isEqualTo(Optional.empty());
        assertThat(twins.resolve("application mobile").orElseThrow().id()).isEqualTo(2);
    }

    @Test
    void aCapacityWithoutIdResolvesWithANullIdAndNamesAreFoundById() {
        CapacityResolver noIds = CapacityResolver.of(Json.tree("[{\"capacite\": \"Programmer\"}, {\"id\": 5}]"));
        assertThat(noIds.capacities()).hasSize(1);
        assertThat(noIds.resolve("programmer").orElseThrow().id()).isNull();
        assertThat(resolver.nameOf(2)).contains("Mesurer des grandeurs électriques");
        assertThat(resolver.nameOf(99)).isEmpty();
    }
}

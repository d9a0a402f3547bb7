package org.edxo.ai.worker.kinds.plandecours;

import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.worker.Fixtures;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PlanCadreSectionsTest {

    @Test
    void oneLinePerNonEmptySectionInTheOriginalsOrderThenOneLinePerCapacity() {
        String sections = PlanCadreSections.of(Fixtures.planDeCoursInput().path("plan_cadre"));

        assertThat(sections).isEqualTo("""
                Place du cours: Deuxième cours du fil conducteur « maintenance ».
                Objectif terminal: Dépanner des dispositifs électroniques simples en laboratoire.
                Activités théoriques: Exposés sur les lois des circuits.
                Activités pratiques: Laboratoires de mesure et de dépannage.
                Évaluation sommative: Deux examens et une épreuve finale.
                Nature des évaluations sommatives: Examens pratiques.
                Évaluation de la langue: Selon la PIEA.
                Évaluation sommative des apprentissages: L'épreuve finale vaut 40 %.
                Capacités:
                - Capacité 1 : Analyser le fonctionnement d'un circuit : Interpréter un schéma. | Pondération: 20-30 % \
                | Savoirs nécessaires: Loi d'Ohm; Lois de Kirchhoff \
                | Savoirs faire: Lire un schéma (cible : Sans erreur ; seuil : Erreurs mineures) | Moyens d'évaluation: Examen écrit
                - Capacité 2 : Mesurer des grandeurs électriques : Utiliser les appareils de mesure. | Pondération: 20 % \
                | Savoirs faire: Utiliser le multimètre
                - Capacité 3 : Dépanner des dispositifs électroniques : Localiser et corriger une panne. | Pondération: 40-60 % \
                | Savoirs nécessaires: Méthodes de dépannage | Moyens d'évaluation: Épreuve pratique""");
    }

    @Test
    void anEmptyPlanCadreGivesNoSections() {
        assertThat(PlanCadreSections.of(Json.tree("{\"id\": 4, \"capacites\": []}"))).isEmpty();
        assertThat(PlanCadreSections.of(Json.tree("{\"place_intro\": \"  \", \"objectif_terminal\": null}"))).isEmpty();
    }

    @Test
    void aCapacityWithOnlyItsNameIsStillListed() {
        assertThat(PlanCadreSections.of(Json.tree("{\"capacites\": [{\"capacite\": \"Programmer\"}, {}]}")))
                .isEqualTo("Capacités:\n- Capacité 1 : Programmer\n- Capacité 2 : ");
    }
}

package org.edxo.ai.simulator.generation;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Plausible French prose about course plans, so that simulated answers look like what the real task
 * produces (and exercise accents and punctuation in every JSON/SSE layer).
 */
public final class FrenchText {

    private static final List<String> SENTENCES = List.of(
            "Le plan de cours couvre l'essentiel des compétences visées par le plan-cadre.",
            "Les éléments de compétence sont bien répartis sur les quinze semaines de la session.",
            "La pondération des évaluations sommatives respecte les attentes du département.",
            "Il serait utile de préciser les critères de performance associés à chaque évaluation.",
            "Le calendrier prévoit suffisamment de temps pour les activités d'apprentissage pratiques.",
            "Certains savoir-faire du plan-cadre ne sont pas explicitement évalués.",
            "Ajoutez une activité d'intégration en fin de session pour mobiliser l'ensemble des acquis.",
            "La médiagraphie gagnerait à inclure des ressources plus récentes.",
            "Les objectifs terminaux sont formulés de façon claire et mesurable.",
            "Reliez chaque semaine du calendrier aux éléments de compétence qu'elle développe.",
            "La description des travaux pratiques est cohérente avec les attitudes visées.",
            "Précisez les modalités de récupération en cas d'absence à une évaluation.");

    private static final List<String> SUMMARY_PARTS = List.of(
            "**Analyse de la compatibilité**\n\nJe compare le calendrier du plan de cours aux savoir-faire "
                    + "du plan-cadre, semaine par semaine, pour repérer les éléments de compétence couverts.",
            "**Vérification des évaluations**\n\nJ'examine la pondération des évaluations sommatives et je "
                    + "vérifie que chaque élément de compétence est évalué au moins une fois.",
            "**Rédaction des recommandations**\n\nJe formule des recommandations concrètes pour combler les "
                    + "écarts relevés, en restant fidèle au vocabulaire du plan-cadre.");

    private FrenchText() {
    }

    /** {@code count} sentences drawn without immediate repetition, separated by a space. */
    public static String sentences(SplittableRandom random, int count) {
        StringBuilder text = new StringBuilder();
        int previous = -1;
        for (int i = 0; i < count; i++) {
            int index = random.nextInt(SENTENCES.size());
            if (index == previous) {
                index = (index + 1) % SENTENCES.size();
            }
            previous = index;
            if (!text.isEmpty()) {
                text.append(' ');
            }
            text.append(SENTENCES.get(index));
        }
        return text.toString();
    }

    /** One or two reasoning summary parts, each a bold title and a paragraph. */
    public static List<String> reasoningSummary(SplittableRandom random) {
        int first = random.nextInt(SUMMARY_PARTS.size());
        if (random.nextBoolean()) {
            return List.of(SUMMARY_PARTS.get(first));
        }
        return List.of(SUMMARY_PARTS.get(first), SUMMARY_PARTS.get((first + 1) % SUMMARY_PARTS.size()));
    }

    /** A short free-text answer, for requests without a JSON format. */
    public static String plainAnswer(SplittableRandom random) {
        return sentences(random, 2) + "\n\n" + sentences(random, 2);
    }
}

package org.edxo.ai.worker.kinds.plancadre;

import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.worker.settings.GenerationSection;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** The snapshot of a plan-cadre being improved, and the generation sections as settings-service seeds them. */
final class PlanCadreFixtures {

    static final List<String> NAMES = List.of("Intro et place du cours", "Objectif terminal",
            "Introduction Structure du Cours", "Activités Théoriques", "Activités Pratiques", "Activités Prévues",
            "Évaluation Sommative des Apprentissages", "Nature des Évaluations Sommatives", "Évaluation de la Langue",
            "Évaluation formative des apprentissages", "Description des compétences développées",
            "Description des Compétences certifiées", "Description des cours corequis", "Objets cibles",
            "Description des cours reliés", "Description des cours préalables", "Savoir-être",
            "Capacité et pondération", "Savoirs nécessaires d'une capacité", "Savoirs faire d'une capacité",
            "Moyen d'évaluation d'une capacité");

    private PlanCadreFixtures() {
    }

    static ObjectNode input() {
        try (InputStream in = PlanCadreFixtures.class.getResourceAsStream("/fixtures/plan-cadre-input.json")) {
            return (ObjectNode) Json.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode input(String json) {
        ObjectNode input = input();
        Json.tree(json).properties().forEach(entry -> input.set(entry.getKey(), entry.getValue()));
        return input;
    }

    /** Every section written by the AI, with "Consigne <name>" texts; "Description des cours reliés" non-AI as seeded. */
    static List<GenerationSection> sections() {
        List<GenerationSection> sections = new ArrayList<>();
        for (int i = 0; i < NAMES.size(); i++) {
            String name = NAMES.get(i);
            boolean reliés = name.equals("Description des cours reliés");
            sections.add(new GenerationSection(name, i + 1, !reliés, reliés ? "" : "Consigne " + name + "."));
        }
        return sections;
    }

    /** The seeded sections with one of them replaced. */
    static List<GenerationSection> with(GenerationSection changed) {
        return sections().stream().map(s -> s.name().equals(changed.name()) ? changed : s).toList();
    }

    static JsonNode tree(String json) {
        return Json.tree(json);
    }
}

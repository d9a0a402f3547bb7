package org.edxo.ai.worker.kinds.plandecours;

import org.edxo.ai.contracts.kinds.TaskKind;
import org.edxo.ai.contracts.kinds.TaskKinds;
import org.edxo.ai.worker.documents.DocxUploads;
import org.edxo.ai.worker.kinds.KindHandler;
import org.edxo.ai.worker.kinds.ModelCall;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A DOCX course plan structured into a plan de cours (reference §3.7): the DOCX's text (read as the original's
 * route read it, truncated to 120,000 characters) goes in the original's user message, one call of the
 * {@code plan_de_cours_import} section (its model, effort and verbosity now apply, and the call is billed).
 * The original wrote the plan directly with no way back; the payload is a proposal EDxo applies on its review
 * page, with {@code old_*} snapshots of what the request's snapshot carried.
 */
@Component
public class ImportPlanDeCoursHandler implements KindHandler {

    static final int MAX_CHARS = 120_000;
    static final String CALLING_MESSAGE = "Analyse du .docx en cours...";
    static final String NOTHING_MESSAGE = "Aucune donnée renvoyée par le modèle.";

    /** The 7 text fields and the 4 teacher fields the import writes (no seuil_reussite, as the original). */
    static final List<String> FIELDS = List.of("presentation_du_cours", "objectif_terminal_du_cours",
            "organisation_et_methodes", "accomodement", "evaluation_formative_apprentissages",
            "evaluation_expression_francais", "materiel", "nom_enseignant", "telephone_enseignant",
            "courriel_enseignant", "bureau_enseignant");
    private static final List<String> DISPONIBILITE = List.of("jour_semaine", "plage_horaire", "lieu");

    private final DocxUploads docx;

    public ImportPlanDeCoursHandler(DocxUploads docx) {
        this.docx = docx;
    }

    @Override
    public TaskKind kind() {
        return TaskKinds.IMPORT_PLAN_DE_COURS;
    }

    /** The call needs the DOCX's text: {@link #plan} reads it first. */
    /** Fetches and reads the DOCX (an unusable one fails here, before any hold), then builds the call. */
    @Override
    public Mono<Plan> plan(JsonNode input) {
        return docx.text(input, MAX_CHARS).map(extracted -> new Plan(List.of(new ModelCall(kind().section(),
                kind().output(), CALLING_MESSAGE, null, userMessage(PlanSnapshot.of(input), extracted.text()))), null));
    }

    /** The original's message: the course and session, then the document's text between {@code ---} fences. */
    static String userMessage(PlanSnapshot plan, String text) {
        return "Contexte: cours " + plan.coursCode() + " - " + plan.coursNom() + ", session " + plan.session() + ".\n"
                + "Texte du plan de cours (brut):\n---\n" + text + "\n---\n";
    }

    /**
     * The proposal as the original computed what it wrote: each field the document's value when non-empty,
     * else the old one; the lists the document's, without empty references, empty availabilities and empty
     * evaluations; each evaluation's capacity links resolved to the plan-cadre's capacities (unresolved links
     * dropped, as the original dropped them). A document that gave nothing at all fails rather than proposing
     * to empty the plan.
     */
    @Override
    public Map<String, Object> result(JsonNode input, List<JsonNode> outputs, ResultContext context) {
        PlanSnapshot plan = PlanSnapshot.of(input);
        JsonNode parsed = outputs.get(0);
        Map<String, Object> fields = new LinkedHashMap<>();
        boolean proposedAField = false;
        for (String field : FIELDS) {
            String value = PlanSnapshot.text(parsed, field);
            proposedAField |= !PlanSnapshot.isBlank(value);
            fields.put(field, PlanSnapshot.isBlank(value) ? PlanSnapshot.text(plan.planDeCours(), field) : value);
        }
        List<Map<String, Object>> calendriers = PlanSnapshot.calendar(parsed.path("calendriers"));
        List<Map<String, Object>> mediagraphies = mediagraphies(parsed.path("mediagraphies"));
        List<Map<String, Object>> disponibilites = disponibilites(parsed.path("disponibilites"));
        List<Map<String, Object>> evaluations = evaluations(plan, parsed.path("evaluations"));
        if (!proposedAField && calendriers.isEmpty() && mediagraphies.isEmpty() && disponibilites.isEmpty()
                && evaluations.isEmpty()) {
            throw PlanSnapshot.nothingGenerated(NOTHING_MESSAGE);
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("status", "success");
        payload.put("fields", fields);
        payload.put("calendriers", calendriers);
        payload.put("mediagraphies", mediagraphies);
        payload.put("disponibilites", disponibilites);
        payload.put("evaluations", evaluations);
        payload.put("cours_id", plan.coursId());
        payload.put("plan_id", plan.planId());
        payload.put("session", plan.session());
        payload.put("validation_url", plan.validationUrl(context));
        payload.put("plan_de_cours_url", plan.planDeCoursUrl(context));
        payload.putAll(oldSnapshots(plan));
        payload.put("reasoning_summary", context.reasoningSummary());
        payload.put("usage", context.usage());
        payload.put("settings_used", context.settingsUsed());
        return payload;
    }

    /**
     * What a revert restores, only for what the request's snapshot carried: the fields it has (a field it did
     * not send is left out rather than reverted to null), its calendar, evaluations, bibliography and availabilities.
     */
    static Map<String, Object> oldSnapshots(PlanSnapshot plan) {
        JsonNode snapshot = plan.planDeCours();
        Map<String, Object> old = new LinkedHashMap<>();
        Map<String, Object> oldFields = new LinkedHashMap<>();
        for (String field : FIELDS) {
            if (snapshot.has(field)) {
                oldFields.put(field, PlanSnapshot.text(snapshot, field));
            }
        }
        if (!oldFields.isEmpty()) {
            old.put("old_fields", oldFields);
        }
        if (snapshot.path("calendriers").isArray()) {
            old.put("old_calendriers", plan.oldCalendriers());
        }
        if (snapshot.path("evaluations").isArray()) {
            old.put("old_evaluations", plan.oldEvaluations());
        }
        if (snapshot.path("mediagraphies").isArray()) {
            old.put("old_mediagraphies", mediagraphies(snapshot.path("mediagraphies")));
        }
        if (snapshot.path("disponibilites").isArray()) {
            old.put("old_disponibilites", disponibilites(snapshot.path("disponibilites")));
        }
        return old;
    }

    static List<Map<String, Object>> mediagraphies(JsonNode items) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (JsonNode item : items) {
            String reference = PlanSnapshot.text(item, "reference_bibliographique");
            if (!PlanSnapshot.isBlank(reference)) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("reference_bibliographique", reference);
                list.add(entry);
            }
        }
        return list;
    }

    static List<Map<String, Object>> disponibilites(JsonNode items) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (JsonNode item : items) {
            Map<String, Object> entry = new LinkedHashMap<>();
            boolean any = false;
            for (String key : DISPONIBILITE) {
                String value = PlanSnapshot.text(item, key);
                entry.put(key, value);
                any |= !PlanSnapshot.isBlank(value);
            }
            if (any) {
                list.add(entry);
            }
        }
        return list;
    }

    /** The document's evaluations in the original's payload shape; an evaluation with nothing in it is skipped. */
    static List<Map<String, Object>> evaluations(PlanSnapshot plan, JsonNode items) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (JsonNode item : items) {
            String titre = PlanSnapshot.text(item, "titre_evaluation");
            String description = PlanSnapshot.text(item, "description");
            Long semaine = PlanSnapshot.integer(item, "semaine");
            if (PlanSnapshot.isBlank(titre) && PlanSnapshot.isBlank(description) && semaine == null
                    && item.path("capacites").isEmpty()) {
                continue;
            }
            List<Map<String, Object>> links = new ArrayList<>();
            for (JsonNode link : item.path("capacites")) {
                String ponderation = PlanSnapshot.text(link, "ponderation");
                plan.capacities().resolve(PlanSnapshot.text(link, "capacite")).ifPresent(capacity -> {
                    Map<String, Object> resolved = new LinkedHashMap<>();
                    resolved.put("capacite_id", capacity.id());
                    resolved.put("capacite_nom", capacity.name());
                    resolved.put("ponderation", ponderation);
                    links.add(resolved);
                });
            }
            Map<String, Object> evaluation = new LinkedHashMap<>();
            evaluation.put("titre_evaluation", titre);
            evaluation.put("description", description);
            evaluation.put("semaine", semaine);
            evaluation.put("capacites", links);
            list.add(evaluation);
        }
        return list;
    }
}

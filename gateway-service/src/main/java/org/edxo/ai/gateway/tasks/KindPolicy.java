package org.edxo.ai.gateway.tasks;

import org.edxo.ai.contracts.kinds.TaskKind;
import org.edxo.ai.contracts.kinds.TaskKinds;
import org.edxo.ai.gateway.web.ApiException;
import org.edxo.ai.gateway.web.Caller;
import org.edxo.ai.support.security.Roles;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Who may start a task kind through the gateway, and the messages a refusal carries. A kind without an
 * entry here cannot be started through the gateway (campus systems may still publish its commands).
 *
 * @param allowedRoles        roles allowed to start it; empty = any authenticated user
 * @param forbiddenMessage    the 403 message
 * @param invalidInputMessage the 400 message when the input does not match the kind's input schema
 */
public record KindPolicy(TaskKind kind, Set<String> allowedRoles, String forbiddenMessage, String invalidInputMessage) {

    /** Teachers write their plans de cours (the original checked no role at all on these routes: §7.3 S4). */
    private static final Set<String> PLAN_DE_COURS_WRITERS = Set.of(Roles.ADMIN, Roles.COORDO, Roles.PROFESSEUR);
    private static final String PLAN_DE_COURS_FORBIDDEN = "Vous n'avez pas les droits nécessaires pour modifier ce plan de cours.";
    private static final String PLAN_DE_COURS_INVALID = "Requête invalide pour le plan de cours : voir details.";
    /** The original's role_required / roles_required refusal (src/utils/decorator.py). */
    private static final String ORIGINAL_ROLE_REFUSAL = "Vous n'avez pas la permission d'accéder à cette page.";

    private static final List<KindPolicy> TABLE = List.of(
            new KindPolicy(TaskKinds.ANALYSE_PLAN_DE_COURS, Set.of(Roles.ADMIN, Roles.COORDO),
                    "Vous n'avez pas les droits nécessaires pour vérifier ce plan de cours.",
                    "Instantané invalide : plan_cours et plan_cadre sont requis."),
            // The original's API routes checked no role (weak point S4); its legacy route required admin or coordo.
            new KindPolicy(TaskKinds.GENERATE_PLAN_CADRE, Set.of(Roles.ADMIN, Roles.COORDO),
                    "Vous n'avez pas les droits nécessaires pour générer ou améliorer ce plan-cadre.",
                    "Données invalides pour la génération du plan-cadre."),
            new KindPolicy(TaskKinds.GENERATE_PLAN_DE_COURS, PLAN_DE_COURS_WRITERS, PLAN_DE_COURS_FORBIDDEN, PLAN_DE_COURS_INVALID),
            new KindPolicy(TaskKinds.IMPROVE_PLAN_DE_COURS_FIELD, PLAN_DE_COURS_WRITERS, PLAN_DE_COURS_FORBIDDEN, PLAN_DE_COURS_INVALID),
            new KindPolicy(TaskKinds.GENERATE_PLAN_DE_COURS_CALENDAR, PLAN_DE_COURS_WRITERS, PLAN_DE_COURS_FORBIDDEN,
                    PLAN_DE_COURS_INVALID),
            new KindPolicy(TaskKinds.GENERATE_PLAN_DE_COURS_EVALUATIONS, PLAN_DE_COURS_WRITERS, PLAN_DE_COURS_FORBIDDEN,
                    PLAN_DE_COURS_INVALID),
            new KindPolicy(TaskKinds.GENERATE_PROGRAMME_GRILLE, Set.of(Roles.ADMIN, Roles.COORDO),
                    "Accès restreint (admin/coordo)", "Paramètres invalides (heures/sessions)."),
            new KindPolicy(TaskKinds.GENERATE_PROGRAMME_LOGIGRAMME, Set.of(Roles.ADMIN, Roles.COORDO),
                    "Accès restreint (admin/coordo)", "Instantané invalide : courses et competences sont requis."),
            new KindPolicy(TaskKinds.GENERATE_EVALUATION_GRID, Set.of(Roles.ADMIN, Roles.COORDO, Roles.PROFESSEUR),
                    "Accès restreint (admin/coordo/professeur)",
                    "Paramètres invalides : savoir_faire, capacite, savoir_faire_id et evaluation_id sont requis."),
            // The PDF imports: any logged-in user, as in the original (reference §4.6); the competencies import also
            // checks the programme (authorizeInput).
            new KindPolicy(TaskKinds.OCR_DEVIS, Set.of(), "Accès refusé",
                    "Paramètres invalides pour l'extraction des compétences du devis."),
            new KindPolicy(TaskKinds.IMPORT_COMPETENCES_PDF, Set.of(), "Accès refusé",
                    "Paramètres invalides pour l'import des compétences."),
            new KindPolicy(TaskKinds.IMPORT_GRILLE, Set.of(), "Accès refusé",
                    "Paramètres invalides pour l'import de la grille de cours."),
            // Any signed-in user, as the original (its result is only a proposal EDxo applies on its review page).
            new KindPolicy(TaskKinds.IMPORT_PLAN_DE_COURS, Set.of(), PLAN_DE_COURS_FORBIDDEN, PLAN_DE_COURS_INVALID),
            new KindPolicy(TaskKinds.IMPORT_PLAN_CADRE, Set.of(Roles.ADMIN, Roles.COORDO), ORIGINAL_ROLE_REFUSAL,
                    "Requête invalide pour l'import du plan-cadre : voir details."),
            new KindPolicy(TaskKinds.DOCX_TO_SCHEMA, Set.of(Roles.ADMIN), ORIGINAL_ROLE_REFUSAL,
                    "Requête invalide pour la conversion DOCX → schéma : voir details."));

    /** Kinds that act on one programme (input {@code programme_id}): only its members and admins may start them. */
    private static final Set<String> PROGRAMME_SCOPED = Set.of(TaskKinds.GENERATE_PROGRAMME_GRILLE.id(),
            TaskKinds.GENERATE_PROGRAMME_LOGIGRAMME.id());

    /**
     * Kinds on one programme that the original let an admin or a coordo start on any programme, anyone else only
     * on their own (reference §3.6 item 1: the competencies PDF import).
     */
    private static final Set<String> PROGRAMME_OR_COORDO_SCOPED = Set.of(TaskKinds.IMPORT_COMPETENCES_PDF.id());

    /** The original's 403 for a non-admin who is not a member of the programme (reference §3.4 item 1). */
    public static final String NOT_A_PROGRAMME_MEMBER = "Accès refusé";

    public static Optional<KindPolicy> find(String kindId) {
        return TABLE.stream().filter(policy -> policy.kind().id().equals(kindId)).findFirst();
    }

    public static KindPolicy of(TaskKind kind) {
        return find(kind.id()).orElseThrow(() -> new IllegalStateException("no start policy for " + kind.id()));
    }

    public boolean allows(Set<String> roles) {
        return allowedRoles.isEmpty() || allowedRoles.stream().anyMatch(roles::contains);
    }

    /** Throws {@code 403 "Accès refusé"} when the caller is neither an admin nor a member of the programme. */
    public static void authorizeProgramme(Caller caller, long programmeId) {
        if (!caller.mayActOnProgramme(programmeId)) {
            throw new ApiException(HttpStatus.FORBIDDEN, NOT_A_PROGRAMME_MEMBER);
        }
    }

    /** Throws {@code 403 "Accès refusé"} unless the caller is an admin, a coordo, or a member of the programme. */
    public static void authorizeProgrammeOrCoordo(Caller caller, long programmeId) {
        if (!caller.roles().contains(Roles.COORDO)) {
            authorizeProgramme(caller, programmeId);
        }
    }

    /**
     * The checks that need the (schema-valid) input: for a programme kind, membership of its
     * {@code programme_id}, whichever route started it (the original's routes, or the generic one).
     */
    public void authorizeInput(Caller caller, JsonNode input) {
        if (PROGRAMME_SCOPED.contains(kind.id()) && input.path("programme_id").isIntegralNumber()) {
            authorizeProgramme(caller, input.get("programme_id").asLong());
        }
        if (PROGRAMME_OR_COORDO_SCOPED.contains(kind.id()) && input.path("programme_id").isIntegralNumber()) {
            authorizeProgrammeOrCoordo(caller, input.get("programme_id").asLong());
        }
    }

    /** Throws the 403 of this kind when the caller may not start it. */
    public void authorize(Caller caller) {
        if (!allows(caller.roles())) {
            throw new ApiException(HttpStatus.FORBIDDEN, forbiddenMessage);
        }
    }
}

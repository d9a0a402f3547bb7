package org.edxo.ai.gateway.uploads;

import org.edxo.ai.contracts.kinds.TaskKinds;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Kinds whose input names an upload ({@code upload_id}), with the types each reads. Their starts go through
 * {@link Uploads}, on every route: the upload must be the caller's, unused and of the right type, and it is
 * attached to the task (purged with it), never left for the worker to read on someone else's behalf.
 */
public final class DocumentKinds {

    private static final Map<String, Set<DocumentType>> ACCEPTED = Map.of(
            TaskKinds.OCR_DEVIS.id(), Set.of(DocumentType.PDF),
            TaskKinds.IMPORT_COMPETENCES_PDF.id(), Set.of(DocumentType.PDF),
            TaskKinds.IMPORT_GRILLE.id(), Set.of(DocumentType.PDF),
            TaskKinds.IMPORT_PLAN_DE_COURS.id(), Set.of(DocumentType.DOCX),
            TaskKinds.IMPORT_PLAN_CADRE.id(), Set.of(DocumentType.DOCX),
            TaskKinds.DOCX_TO_SCHEMA.id(), Set.of(DocumentType.DOCX));

    private DocumentKinds() {
    }

    /** The types the kind reads, or empty when its input names no upload. */
    public static Optional<Set<DocumentType>> accepted(String kindId) {
        return Optional.ofNullable(ACCEPTED.get(kindId));
    }
}

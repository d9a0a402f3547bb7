package org.edxo.ai.worker.documents;

import org.edxo.ai.worker.tasks.TaskFailure;

/** The document paths' failures: French messages for the user, codes for machines. */
public final class DocumentFailures {

    /** The user's document cannot be used: unreadable, encrypted, empty, a zip bomb. Retrying will not help. */
    public static final String INVALID_DOCUMENT = "invalid_document";
    /** The upload is gone from the gateway (deleted by its owner, or purged). */
    public static final String DOCUMENT_NOT_FOUND = "document_not_found";

    private DocumentFailures() {
    }

    public static TaskFailure unreadableDocx(String detail, Throwable cause) {
        return new TaskFailure("Document DOCX illisible : " + detail, INVALID_DOCUMENT, cause);
    }

    public static TaskFailure zipBomb(Throwable cause) {
        return new TaskFailure("Document DOCX refusé : taux de compression suspect (zip bomb). "
                + "Enregistrez le document à nouveau depuis Word, sans contenu inhabituel.", INVALID_DOCUMENT, cause);
    }

    public static TaskFailure docxTooLarge(Throwable cause) {
        return new TaskFailure("Document DOCX refusé : une partie du document décompressé dépasse la taille permise.",
                INVALID_DOCUMENT, cause);
    }

    public static TaskFailure encryptedPdf(Throwable cause) {
        return new TaskFailure("PDF chiffré : un mot de passe est requis pour l'ouvrir. "
                + "Fournissez une version du document sans mot de passe.", INVALID_DOCUMENT, cause);
    }

    public static TaskFailure emptyPdf(String detail) {
        return new TaskFailure("PDF vide : " + detail, INVALID_DOCUMENT, null);
    }

    public static TaskFailure unreadablePdf(String detail, Throwable cause) {
        return new TaskFailure("PDF illisible : " + detail, INVALID_DOCUMENT, cause);
    }

    public static TaskFailure wrongType(String expected, String actual) {
        return new TaskFailure("Type de document inattendu : " + expected + " attendu, " + actual + " reçu.",
                INVALID_DOCUMENT, null);
    }

    public static TaskFailure uploadNotFound() {
        return new TaskFailure("Fichier introuvable : il a été supprimé ou n'a jamais été téléversé.", DOCUMENT_NOT_FOUND, null);
    }

    public static TaskFailure uploadTooLarge(long limitBytes) {
        return new TaskFailure("Fichier trop volumineux : la limite est de " + megabytes(limitBytes) + " Mo.",
                INVALID_DOCUMENT, null);
    }

    /** The bytes received do not match the SHA-256 the gateway computed at upload: damaged in transit or at rest. */
    public static TaskFailure corruptedUpload(String expected, String actual) {
        return new TaskFailure("Fichier corrompu lors du transfert (empreinte SHA-256 différente).", TaskFailure.INTERNAL_ERROR,
                new IllegalStateException("sha256 expected " + expected + ", got " + actual));
    }

    public static TaskFailure parseTimeout(String which) {
        return new TaskFailure("Document " + which + " refusé : son analyse prend trop de temps.", INVALID_DOCUMENT, null);
    }

    public static TaskFailure fileUploadFailed(String detail, Throwable cause) {
        return new TaskFailure("Erreur lors de l'envoi du document au modèle : " + detail, TaskFailure.MODEL_ERROR, cause);
    }

    static long megabytes(long bytes) {
        return Math.max(1, Math.round(bytes / (1024.0 * 1024.0)));
    }
}

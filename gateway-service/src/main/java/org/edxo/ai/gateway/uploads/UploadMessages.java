package org.edxo.ai.gateway.uploads;

/** What users read when an upload is refused. */
final class UploadMessages {

    static final String NOT_MULTIPART = "Requête multipart/form-data attendue, avec le fichier dans le champ « file ».";
    static final String MISSING_FILE = "Aucun fichier reçu : joignez-le dans le champ « file ».";
    static final String EMPTY = "Le fichier est vide.";
    static final String ONE_FILE_ONLY = "Un seul fichier est accepté (champ « file »).";
    static final String MALFORMED = "Requête multipart invalide.";
    static final String FIELD_TOO_LARGE = "Champ de formulaire trop long.";
    static final String TOO_MANY_PARTS = "Formulaire invalide : trop de champs.";
    static final String UNSUPPORTED = "Type de fichier non pris en charge : seuls les documents PDF et Word (.docx) sont acceptés.";
    static final String NOT_FOUND = "Fichier introuvable.";
    static final String BUSY = "Trop de fichiers en cours de réception ; réessayez dans un instant.";
    static final String ALREADY_USED = "Ce fichier est déjà utilisé par une autre tâche ; téléversez-le à nouveau.";

    private UploadMessages() {
    }

    static String tooLarge(String limit) {
        return "Fichier trop volumineux : la limite est de " + limit + ".";
    }

    static String unexpectedFilePart(String name) {
        return "Champ de fichier inattendu : « " + name + " » ; le fichier va dans le champ « file ».";
    }

    /** "Le fichier « plan.docx » est un document PDF ; un document Word (.docx) est attendu." */
    static String wrongType(String filename, DocumentType actual, java.util.Set<DocumentType> accepted) {
        String expected = accepted.size() == 1 ? accepted.iterator().next().label() + " est attendu"
                : "un document PDF ou Word (.docx) est attendu";
        return "Le fichier « " + filename + " » est " + actual.label() + " ; " + expected + ".";
    }

    static String missingField(String name) {
        return "Champ manquant : « " + name + " ».";
    }
}

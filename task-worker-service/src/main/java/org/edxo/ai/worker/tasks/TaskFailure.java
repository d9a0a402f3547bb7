package org.edxo.ai.worker.tasks;

/** A task ends in {@code task.failed} with this French message and machine-readable code. */
public final class TaskFailure extends RuntimeException {

    public static final String INVALID_OUTPUT = "invalid_output";
    public static final String INCOMPLETE = "incomplete";
    public static final String MODEL_ERROR = "model_error";
    public static final String MODEL_UNAVAILABLE = "model_unavailable";
    public static final String INTERNAL_UNAVAILABLE = "internal_unavailable";
    public static final String UNKNOWN_MODEL = "unknown_model";
    public static final String INTERNAL_ERROR = "internal_error";
    public static final String INSUFFICIENT_CREDITS = "insufficient_credits";
    public static final String MISSING_TEMPLATE = "missing_template";
    public static final String EMPTY_OUTPUT = "empty_output";

    private final String errorCode;

    public TaskFailure(String message, String errorCode, Throwable cause) {
        super(message, cause, false, false);
        this.errorCode = errorCode;
    }

    public static TaskFailure internalUnavailable(String which, Throwable cause) {
        return new TaskFailure("Service interne indisponible : " + which + ".", INTERNAL_UNAVAILABLE, cause);
    }

    /** Billing refused the hold of the call's worst case: the model was not called. */
    public static TaskFailure insufficientCredits() {
        return new TaskFailure("Crédits insuffisants pour cette opération.", INSUFFICIENT_CREDITS, null);
    }

    public static TaskFailure unknownModel(String model) {
        return new TaskFailure("Modèle '" + model + "' non trouvé dans la base de données.", UNKNOWN_MODEL, null);
    }

    public static TaskFailure modelError(String detail, Throwable cause) {
        return new TaskFailure("Erreur lors de l'appel au modèle : " + detail, MODEL_ERROR, cause);
    }

    /** A 429 {@code insufficient_quota}: never retried, it lasts until the account is paid. */
    public static TaskFailure quotaExhausted(Throwable cause) {
        return new TaskFailure("Quota OpenAI épuisé.", MODEL_ERROR, cause);
    }

    /** The model's circuit breaker is open (or its concurrency limit stayed full): the model was not called. */
    public static TaskFailure modelUnavailable(String model, Throwable cause) {
        return new TaskFailure("Le modèle '" + model + "' est momentanément indisponible ; réessayez dans quelques instants.",
                MODEL_UNAVAILABLE, cause);
    }

    /** The call ran past the time limit of its kind ({@code edxo.openai.kinds.<kind>.call-timeout}). */
    public static TaskFailure callTimedOut(java.time.Duration limit) {
        return new TaskFailure("Délai dépassé : le modèle n'a pas terminé en " + limit.toSeconds() + " s.",
                MODEL_ERROR, null);
    }

    public static TaskFailure truncated(Throwable cause) {
        return new TaskFailure("Le flux du modèle s'est interrompu.", MODEL_ERROR, cause);
    }

    public static TaskFailure incomplete(String reason) {
        return new TaskFailure("Réponse du modèle incomplète (" + reason + ").", INCOMPLETE, null);
    }

    public static TaskFailure unparsableOutput(Throwable cause) {
        return new TaskFailure("Erreur de structuration des données par l'IA.", INVALID_OUTPUT, cause);
    }

    public static TaskFailure invalidOutput(String violations) {
        return new TaskFailure("Erreur de validation du résultat IA.", INVALID_OUTPUT,
                new IllegalArgumentException(violations));
    }

    /** The model answered by the schema but proposed nothing usable (the original's "Aucune …" messages). */
    public static TaskFailure emptyOutput(String message) {
        return new TaskFailure(message, EMPTY_OUTPUT, null);
    }

    /** The call's user message is a template of settings-service that an administrator removed. */
    public static TaskFailure missingTemplate(String section, String name) {
        return new TaskFailure("Configuration de prompt introuvable pour ce champ (" + section + "/" + name + ").",
                MISSING_TEMPLATE, null);
    }

    /** A bug of ours: the task fails rather than coming back forever. */
    public static TaskFailure internalError(Throwable cause) {
        return new TaskFailure("Erreur interne lors du traitement de la tâche.", INTERNAL_ERROR, cause);
    }

    public String errorCode() {
        return errorCode;
    }
}

package org.edxo.ai.settings.sections;

import org.edxo.ai.settings.catalogue.AiModel;
import org.edxo.ai.settings.sections.SectionUpdate.Field;
import org.edxo.ai.settings.web.FieldError;

import java.util.ArrayList;
import java.util.List;

/**
 * The rules that need the model catalogue. They judge only what the update touches (directly, or
 * through a model change), so that a later catalogue change never blocks an unrelated edit.
 */
public final class SectionRules {

    private SectionRules() {
    }

    /**
     * @param next  the section as it would be after the update
     * @param model the catalogue entry of {@code next.aiModel()}, or null if there is none
     */
    public static List<FieldError> check(SectionUpdate update, SectionValues next, AiModel model) {
        List<FieldError> errors = new ArrayList<>();
        boolean modelChanged = update.touches(Field.AI_MODEL);
        if (modelChanged && model == null) {
            errors.add(new FieldError("ai_model", "Modèle inconnu : " + next.aiModel() + "."));
        } else if (modelChanged && !model.enabled()) {
            errors.add(new FieldError("ai_model", "Modèle désactivé : " + next.aiModel() + "."));
        }
        if (model == null) {
            return errors;
        }
        if ((modelChanged || update.touches(Field.MAX_OUTPUT_TOKENS))
                && next.maxOutputTokens() != null && next.maxOutputTokens() > model.maxOutputTokens()) {
            errors.add(new FieldError("max_output_tokens", "Ne peut pas dépasser " + model.maxOutputTokens()
                    + ", le maximum du modèle " + model.name() + "."));
        }
        if ((modelChanged || update.touches(Field.REASONING_EFFORT))
                && next.reasoningEffort() != null && !model.supportsReasoning()) {
            errors.add(new FieldError("reasoning_effort",
                    "Le modèle " + model.name() + " ne prend pas en charge le raisonnement."));
        }
        return errors;
    }
}

package org.edxo.ai.worker.tasks;

import org.edxo.ai.contracts.kinds.PromptTemplate;
import org.edxo.ai.worker.kinds.ModelCall;

import java.util.stream.Stream;

/**
 * The two texts one model call sends: the instructions (the section's system prompt, then a template
 * placed there, then the call's own instructions) and the user message (a template placed there, then
 * the call's own text).
 */
public record Prompt(String instructions, String userMessage) {

    /**
     * @param systemPrompt the section's system prompt, or null
     * @param template     the text of the call's template as settings-service holds it, or null when it has none
     * @throws TaskFailure when the template cannot be rendered (settings-service refuses such templates, so
     *                     the two disagree) or when the call's user message depends on a missing template
     */
    public static Prompt compose(ModelCall call, String systemPrompt, String template) {
        ModelCall.Template use = call.template();
        String rendered = use == null || template == null ? null : render(template, use);
        if (use != null && use.placement() == ModelCall.Placement.USER_MESSAGE) {
            if (rendered == null && call.userMessage() == null) {
                throw TaskFailure.missingTemplate(use.section(), use.name());
            }
            return new Prompt(join(systemPrompt, call.instructions()), join(rendered, call.userMessage()));
        }
        return new Prompt(join(systemPrompt, rendered, call.instructions()), call.userMessage());
    }

    private static String render(String template, ModelCall.Template use) {
        try {
            return PromptTemplate.render(template, use.variables());
        } catch (PromptTemplate.MalformedTemplateException e) {
            throw TaskFailure.internalError(e);
        }
    }

    /** The parts trimmed and joined by a blank line, empty ones left out; null if nothing is left. */
    static String join(String... parts) {
        String joined = String.join("\n\n", Stream.of(parts)
                .filter(part -> part != null && !part.isBlank())
                .map(String::trim)
                .toList());
        return joined.isEmpty() ? null : joined;
    }
}

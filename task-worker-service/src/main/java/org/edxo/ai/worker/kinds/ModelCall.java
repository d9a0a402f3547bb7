package org.edxo.ai.worker.kinds;

import org.edxo.ai.contracts.kinds.OutputFormat;

import java.util.Map;
import java.util.Objects;

/**
 * One model call of a task, as its kind describes it from the command's input. The shared pipeline
 * reads the call's settings section, renders its template, holds its worst case, streams it and bills it.
 *
 * @param section         settings section of the call: model, reasoning effort, verbosity, max output
 *                        tokens and the system prompt (the instructions)
 * @param output          the strict output format the model must answer with
 * @param progressMessage French status line published when the call starts
 * @param template        a prompt template of settings-service to render into the request, or null
 * @param userMessage     the user message; with a template placed in the user message, the rendered
 *                        template comes first and this text (if any) follows after a blank line
 * @param instructions    fixed text of the kind appended last to the instructions (after the system prompt
 *                        and an instructions template), or null; e.g. the plan-cadre wand mode's instruction
 * @param attachment      a file the model reads ({@code input_file}, placed before the user message's text), or null
 */
public record ModelCall(String section, OutputFormat output, String progressMessage, Template template,
                        String userMessage, String instructions, Attachment attachment) {

    public ModelCall(String section, OutputFormat output, String progressMessage, Template template, String userMessage) {
        this(section, output, progressMessage, template, userMessage, null, null);
    }

    public ModelCall(String section, OutputFormat output, String progressMessage, Template template, String userMessage,
                     String instructions) {
        this(section, output, progressMessage, template, userMessage, instructions, null);
    }

    /** A call that gives the model a file, with {@code userMessage} (may be empty: the original sent the file alone). */
    public static ModelCall withFile(String section, OutputFormat output, String progressMessage, Attachment attachment,
                                     String userMessage) {
        return new ModelCall(section, output, progressMessage, null, Objects.requireNonNullElse(userMessage, ""), null,
                Objects.requireNonNull(attachment, "attachment"));
    }

    public ModelCall {
        Objects.requireNonNull(section, "section");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(progressMessage, "progressMessage");
        if (template == null && userMessage == null) {
            throw new IllegalArgumentException("a model call needs a user message or a template that writes it");
        }
    }

    /**
     * A file sent with the call: uploaded to the Files API once per call, referenced by its id, deleted after
     * the call whatever happens.
     *
     * @param filename             what the model sees; its extension tells the API the type ({@code devis.pdf})
     * @param maxInputTokens       an upper bound of the tokens the file adds to the input (added to the call's hold)
     * @param estimatedInputTokens what the file adds, estimated: billed when the call breaks or is cancelled
     *                             without the model's own counts
     */
    public record Attachment(byte[] bytes, String filename, String contentType, long maxInputTokens,
                             long estimatedInputTokens) {

        public Attachment(byte[] bytes, String filename, String contentType, long maxInputTokens) {
            this(bytes, filename, contentType, maxInputTokens, maxInputTokens);
        }

        public Attachment {
            Objects.requireNonNull(bytes, "bytes");
            Objects.requireNonNull(filename, "filename");
            Objects.requireNonNull(contentType, "contentType");
            if (maxInputTokens < 0 || estimatedInputTokens < 0 || estimatedInputTokens > maxInputTokens) {
                throw new IllegalArgumentException("0 <= estimatedInputTokens <= maxInputTokens");
            }
        }

        @Override
        public String toString() {
            return "Attachment[" + filename + ", " + contentType + ", " + bytes.length + " bytes]";
        }
    }

    /** Where a rendered template goes in the request. */
    public enum Placement {
        /** After the section's system prompt, separated by a blank line (the analysis, reference §3.1). */
        INSTRUCTIONS,
        /** The user message itself (plan de cours fields, reference §3.3.b). */
        USER_MESSAGE
    }

    /**
     * A template of settings-service: {@code (section, name)}, rendered with {@code variables}, which must
     * provide every variable {@link org.edxo.ai.contracts.kinds.PromptVariables} lists for it.
     */
    public record Template(String section, String name, Map<String, ?> variables, Placement placement) {

        public Template {
            Objects.requireNonNull(section, "section");
            Objects.requireNonNull(name, "name");
            variables = Map.copyOf(variables);
            Objects.requireNonNull(placement, "placement");
        }
    }
}

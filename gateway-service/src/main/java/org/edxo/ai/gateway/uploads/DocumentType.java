package org.edxo.ai.gateway.uploads;

import java.util.Optional;

/** The document types the gateway accepts, always detected from the content ({@link ContentSniffer}). */
public enum DocumentType {

    PDF("application/pdf", "un document PDF"),
    DOCX("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "un document Word (.docx)");

    private final String mediaType;
    private final String label;

    DocumentType(String mediaType, String label) {
        this.mediaType = mediaType;
        this.label = label;
    }

    public String mediaType() {
        return mediaType;
    }

    /** French, for messages: "un document PDF". */
    public String label() {
        return label;
    }

    public static Optional<DocumentType> ofMediaType(String mediaType) {
        for (DocumentType type : values()) {
            if (type.mediaType.equals(mediaType)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}

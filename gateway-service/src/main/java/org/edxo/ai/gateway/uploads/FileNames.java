package org.edxo.ai.gateway.uploads;

import java.text.Normalizer;

/** A declared file name made safe to show and to put in a header: never used to decide anything. */
public final class FileNames {

    static final int MAX_LENGTH = 200;
    static final String FALLBACK = "document";

    private FileNames() {
    }

    /**
     * Keeps the last path segment (browsers on Windows send {@code C:\...}), drops control and
     * format characters, quotes, slashes and leading dots, collapses blanks, and caps the length
     * (keeping the extension).
     */
    public static String sanitise(String declared) {
        if (declared == null) {
            return FALLBACK;
        }
        String name = Normalizer.normalize(declared, Normalizer.Form.NFC);
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        StringBuilder clean = new StringBuilder(name.length());
        name.codePoints().forEach(c -> {
            int type = Character.getType(c);
            boolean invisible = Character.isISOControl(c) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR || type == Character.UNASSIGNED || type == Character.SURROGATE
                    || type == Character.PRIVATE_USE;
            if (invisible) {
                return;
            }
            if ("\"<>:|?*;".indexOf(c) >= 0) {
                clean.append('_');
            } else if (Character.isWhitespace(c)) {
                clean.append(' ');
            } else {
                clean.appendCodePoint(c);
            }
        });
        String result = clean.toString().replaceAll(" {2,}", " ").strip().replaceFirst("^[.\\s]+", "");
        if (result.codePointCount(0, result.length()) > MAX_LENGTH) {
            int dot = result.lastIndexOf('.');
            String extension = dot > 0 && result.length() - dot <= 10 ? result.substring(dot) : "";
            String stem = result.substring(0, result.offsetByCodePoints(0, MAX_LENGTH - extension.length()));
            result = stem.strip() + extension;
        }
        return result.isEmpty() ? FALLBACK : result;
    }
}

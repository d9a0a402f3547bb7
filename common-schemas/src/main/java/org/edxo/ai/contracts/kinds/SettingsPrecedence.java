package org.edxo.ai.contracts.kinds;

/**
 * THE precedence of the effective model, reasoning effort and verbosity, the same for every task
 * kind: the request's override, then the section's setting, then the global default. settings-service
 * applies the last two steps when it serves a section; the worker applies the first. A blank value
 * counts as not set. {@link Choice#source()} says which step won, recorded in {@code settings_used.sources}.
 */
public final class SettingsPrecedence {

    public static final String REQUEST = "request";
    public static final String SECTION = "section";
    public static final String DEFAULT = "default";

    private SettingsPrecedence() {
    }

    public record Choice(String value, String source) {
    }

    /** The first value set among request, section and default; a value still null is attributed to the default. */
    public static Choice choose(String request, String section, String globalDefault) {
        if (isSet(request)) {
            return new Choice(request.trim(), REQUEST);
        }
        if (isSet(section)) {
            return new Choice(section.trim(), SECTION);
        }
        return new Choice(isSet(globalDefault) ? globalDefault.trim() : null, DEFAULT);
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }
}

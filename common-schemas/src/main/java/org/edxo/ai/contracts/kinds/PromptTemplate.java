package org.edxo.ai.contracts.kinds;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Prompt templates with {@code {name}} placeholders, as Python's {@code str.format} reads them
 * (reference §3.3.b): {@code {{} and {@code }}} stand for literal braces. Only plain names are
 * accepted (no index, attribute or format spec), so settings-service can check a template against
 * {@link PromptVariables} on save and the worker can render it with exactly the same reading.
 */
public final class PromptTemplate {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private PromptTemplate() {
    }

    /** A template that cannot be read; the message is French and meant for the administrator. */
    public static final class MalformedTemplateException extends IllegalArgumentException {
        public MalformedTemplateException(String message) {
            super(message);
        }
    }

    /** The placeholder names, in order of first use. */
    public static Set<String> placeholders(String template) {
        Set<String> names = new LinkedHashSet<>();
        parse(template, names, null, null);
        return names;
    }

    /**
     * Replaces every placeholder by its value ({@code String.valueOf}; null gives an empty string).
     *
     * @throws MalformedTemplateException for a malformed template or a placeholder absent from {@code values}
     */
    public static String render(String template, Map<String, ?> values) {
        StringBuilder out = new StringBuilder(template.length() + 256);
        parse(template, null, values, out);
        return out.toString();
    }

    private static void parse(String template, Set<String> names, Map<String, ?> values, StringBuilder out) {
        int length = template.length();
        int i = 0;
        while (i < length) {
            char c = template.charAt(i);
            if (c == '{' && i + 1 < length && template.charAt(i + 1) == '{') {
                append(out, '{');
                i += 2;
            } else if (c == '}' && i + 1 < length && template.charAt(i + 1) == '}') {
                append(out, '}');
                i += 2;
            } else if (c == '}') {
                throw new MalformedTemplateException("Accolade fermante seule à la position " + (i + 1)
                        + " : écrire }} pour une accolade littérale.");
            } else if (c == '{') {
                int end = template.indexOf('}', i + 1);
                if (end < 0) {
                    throw new MalformedTemplateException("Accolade ouvrante non fermée à la position " + (i + 1)
                            + " : écrire {{ pour une accolade littérale.");
                }
                String name = template.substring(i + 1, end);
                if (!NAME.matcher(name).matches()) {
                    throw new MalformedTemplateException("Variable invalide : {" + name
                            + "}. Une variable est un nom simple ({session}) ; écrire {{ et }} pour des accolades littérales.");
                }
                if (names != null) {
                    names.add(name);
                }
                if (out != null) {
                    if (!values.containsKey(name)) {
                        throw new MalformedTemplateException("Variable inconnue : {" + name + "}.");
                    }
                    Object value = values.get(name);
                    out.append(value == null ? "" : String.valueOf(value));
                }
                i = end + 1;
            } else {
                append(out, c);
                i++;
            }
        }
    }

    private static void append(StringBuilder out, char c) {
        if (out != null) {
            out.append(c);
        }
    }

    /** The placeholders of {@code template} that {@code allowed} does not list, in order of first use. */
    public static List<String> unknownPlaceholders(String template, Set<String> allowed) {
        List<String> unknown = new ArrayList<>();
        for (String name : placeholders(template)) {
            if (!allowed.contains(name)) {
                unknown.add(name);
            }
        }
        return unknown;
    }
}

package org.edxo.ai.settings.transfer;

import org.edxo.ai.settings.catalogue.AiModel;
import org.edxo.ai.settings.catalogue.ModelUpdate;
import org.edxo.ai.settings.defaults.DefaultsRules;
import org.edxo.ai.settings.defaults.GlobalDefaults;
import org.edxo.ai.settings.generation.GenerationSection;
import org.edxo.ai.settings.sections.SectionRules;
import org.edxo.ai.settings.sections.SectionUpdate;
import org.edxo.ai.settings.sections.SectionValues;
import org.edxo.ai.settings.sections.TemplatePlaceholders;
import org.edxo.ai.settings.sections.TemplateUpdate;
import org.edxo.ai.settings.web.FieldError;
import org.edxo.ai.settings.web.InvalidRequestException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and checks a whole import document before anything is written, with the rules of the
 * individual admin routes; every error names its path ({@code sections[3].reasoning_effort}).
 * The document must list every known section, so that after the import the catalogue it brings is
 * the only one any section may reference.
 */
final class ImportValidator {

    private ImportValidator() {
    }

    static SettingsExport read(JsonNode document, Set<String> knownSections) {
        List<FieldError> errors = new ArrayList<>();
        JsonNode version = document.get("schema_version");
        if (version == null || !version.isIntegralNumber() || version.intValue() != SettingsExport.SCHEMA_VERSION) {
            errors.add(new FieldError("schema_version", "Version de schéma non prise en charge : attendu "
                    + SettingsExport.SCHEMA_VERSION + "."));
        }
        for (String property : document.propertyNames()) {
            if (!Set.of("schema_version", "defaults", "models", "sections", "templates", "generation_sections").contains(property)) {
                errors.add(new FieldError(property, "Champ inconnu."));
            }
        }
        Map<String, AiModel> models = models(array(document, "models", errors), errors);
        GlobalDefaults defaults = defaults(document.get("defaults"), models, errors);
        List<SettingsExport.Section> sections = sections(array(document, "sections", errors), knownSections, models, errors);
        List<SettingsExport.Template> templates = templates(array(document, "templates", errors), knownSections, errors);
        List<GenerationSection> generation = generation(array(document, "generation_sections", errors), errors);
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return new SettingsExport(SettingsExport.SCHEMA_VERSION, defaults, List.copyOf(models.values()), sections,
                templates, generation);
    }

    private static List<JsonNode> array(JsonNode document, String field, List<FieldError> errors) {
        JsonNode node = document.get(field);
        if (node == null || !node.isArray()) {
            errors.add(new FieldError(field, "Tableau obligatoire."));
            return List.of();
        }
        List<JsonNode> items = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            if (node.get(i).isObject()) {
                items.add(node.get(i));
            } else {
                errors.add(new FieldError(field + "[" + i + "]", "Doit être un objet JSON."));
                items.add(null);
            }
        }
        return items;
    }

    private static Map<String, AiModel> models(List<JsonNode> items, List<FieldError> errors) {
        Map<String, AiModel> models = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) == null) {
                continue;
            }
            String path = "models[" + i + "].";
            ModelUpdate update = ModelUpdate.parse(null, items.get(i));
            prefixed(path, update.errors(), errors);
            if (update.errors().isEmpty() && models.put(update.name(), update.applyTo(null)) != null) {
                errors.add(new FieldError(path + "name", "Modèle en double : " + update.name() + "."));
            }
        }
        return models;
    }

    private static GlobalDefaults defaults(JsonNode node, Map<String, AiModel> models, List<FieldError> errors) {
        if (node == null || !node.isObject()) {
            errors.add(new FieldError("defaults", "Objet obligatoire."));
            return null;
        }
        List<FieldError> found = new ArrayList<>();
        GlobalDefaults defaults = DefaultsRules.apply(null, node, "defaults.", found);
        if (found.isEmpty()) {
            found.addAll(DefaultsRules.check(defaults, models.get(defaults.aiModel()), "defaults."));
        }
        errors.addAll(found);
        return defaults;
    }

    private static List<SettingsExport.Section> sections(List<JsonNode> items, Set<String> known,
                                                         Map<String, AiModel> models, List<FieldError> errors) {
        List<SettingsExport.Section> sections = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            if (item == null) {
                continue;
            }
            String path = "sections[" + i + "].";
            JsonNode name = item.get("section");
            if (name == null || !name.isString() || !known.contains(name.stringValue())) {
                errors.add(new FieldError(path + "section", "Section inconnue : " + (name == null ? null : name.toString()) + "."));
                continue;
            }
            if (!seen.add(name.stringValue())) {
                errors.add(new FieldError(path + "section", "Section en double : " + name.stringValue() + "."));
                continue;
            }
            ObjectNode fields = ((ObjectNode) item).deepCopy();
            fields.remove("section");
            for (String required : List.of("system_prompt", "ai_model")) {
                if (!fields.has(required)) {
                    errors.add(new FieldError(path + required, "Champ obligatoire."));
                }
            }
            SectionUpdate update = SectionUpdate.parse(fields);
            SectionValues values = update.applyTo(new SectionValues("", null, null, null, null));
            prefixed(path, update.errors(), errors);
            if (update.errors().isEmpty() && values.aiModel() != null) {
                prefixed(path, SectionRules.check(update, values, models.get(values.aiModel())), errors);
            }
            sections.add(new SettingsExport.Section(name.stringValue(), values.systemPrompt(), values.aiModel(),
                    values.reasoningEffort(), values.verbosity(), values.maxOutputTokens()));
        }
        for (String section : known) {
            if (!seen.contains(section)) {
                errors.add(new FieldError("sections", "Section manquante : " + section + "."));
            }
        }
        return sections;
    }

    private static List<SettingsExport.Template> templates(List<JsonNode> items, Set<String> known, List<FieldError> errors) {
        List<SettingsExport.Template> templates = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            if (item == null) {
                continue;
            }
            String path = "templates[" + i + "].";
            JsonNode section = item.get("section");
            JsonNode name = item.get("name");
            if (section == null || !section.isString() || !known.contains(section.stringValue())) {
                errors.add(new FieldError(path + "section", "Section inconnue."));
                continue;
            }
            if (name == null || !name.isString()) {
                errors.add(new FieldError(path + "name", "Nom de gabarit obligatoire."));
                continue;
            }
            ObjectNode body = ((ObjectNode) item).deepCopy();
            body.remove("section");
            body.remove("name");
            TemplateUpdate update = TemplateUpdate.parse(name.stringValue(), body);
            prefixed(path, update.errors(), errors);
            if (update.template() != null) {
                prefixed(path, TemplatePlaceholders.check(section.stringValue(), update.name(), update.template(),
                        "template"), errors);
            }
            if (!seen.add(section.stringValue() + "/" + name.stringValue())) {
                errors.add(new FieldError(path + "name", "Gabarit en double."));
            }
            templates.add(new SettingsExport.Template(section.stringValue(), name.stringValue(), update.template()));
        }
        return templates;
    }

    private static List<GenerationSection> generation(List<JsonNode> items, List<FieldError> errors) {
        List<GenerationSection> sections = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            if (item == null) {
                continue;
            }
            String path = "generation_sections[" + i + "].";
            JsonNode name = item.get("name");
            JsonNode position = item.get("position");
            JsonNode useAi = item.get("use_ai");
            JsonNode text = item.get("text");
            boolean valid = true;
            if (name == null || !name.isString() || name.stringValue().isBlank() || !seen.add(name.stringValue())) {
                errors.add(new FieldError(path + "name", "Nom obligatoire et unique."));
                valid = false;
            }
            if (position == null || !position.isIntegralNumber() || !position.canConvertToInt()) {
                errors.add(new FieldError(path + "position", "Doit être un entier."));
                valid = false;
            }
            if (useAi == null || !useAi.isBoolean()) {
                errors.add(new FieldError(path + "use_ai", "Doit être true ou false."));
                valid = false;
            }
            if (text == null || !text.isString()) {
                errors.add(new FieldError(path + "text", "Doit être une chaîne de caractères."));
                valid = false;
            } else {
                List<FieldError> placeholders = TemplatePlaceholders.checkGenerationSection(text.stringValue(), path + "text");
                errors.addAll(placeholders);
                valid = valid && placeholders.isEmpty();
            }
            if (valid) {
                sections.add(new GenerationSection(name.stringValue(), position.intValue(), useAi.booleanValue(),
                        text.stringValue()));
            }
        }
        return sections;
    }

    private static void prefixed(String path, List<FieldError> found, List<FieldError> errors) {
        found.forEach(error -> errors.add(new FieldError(path + error.field(), error.message())));
    }
}

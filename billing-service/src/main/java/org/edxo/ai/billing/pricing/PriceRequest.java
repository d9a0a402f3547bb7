package org.edxo.ai.billing.pricing;

import org.edxo.ai.billing.web.ApiError.FieldProblem;
import org.edxo.ai.billing.web.InvalidRequestException;
import org.edxo.ai.billing.web.JsonBodies;
import org.edxo.ai.contracts.money.TokenCost;
import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Body of {@code POST /api/v1/billing/prices}: {@code {"model", "input_per_million",
 * "cached_input_per_million" (optional), "output_per_million", "effective_from" (ISO instant, optional:
 * now)}}; prices are decimal strings or numbers, dollars per 1M tokens.
 */
final class PriceRequest {

    static final BigDecimal MAX_PRICE = new BigDecimal("100000");
    private static final Pattern DECIMAL = Pattern.compile("\\d+(\\.\\d+)?");
    private static final Pattern MODEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,99}");
    private PriceRequest() {
    }

    static PriceBookEntry parse(String body, Instant now) {
        JsonNode json = JsonBodies.readObject(body);
        List<FieldProblem> problems = new ArrayList<>();
        JsonNode modelNode = json.get("model");
        String model = modelNode != null && modelNode.isString() ? modelNode.stringValue().trim() : "";
        if (!MODEL.matcher(model).matches()) {
            problems.add(new FieldProblem("model", "Le modèle est obligatoire (lettres, chiffres, . _ : / -, 100 caractères au plus)."));
        }
        BigDecimal input = price(json, "input_per_million", true, problems);
        BigDecimal cached = price(json, "cached_input_per_million", false, problems);
        BigDecimal output = price(json, "output_per_million", true, problems);
        Instant effectiveFrom = now;
        JsonNode from = json.get("effective_from");
        if (from != null && !from.isNull()) {
            try {
                effectiveFrom = Instant.parse(from.isString() ? from.stringValue().trim() : "");
            } catch (DateTimeParseException e) {
                problems.add(new FieldProblem("effective_from", "Date attendue au format ISO 8601, par exemple \"2026-01-01T00:00:00Z\"."));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        return new PriceBookEntry(model, effectiveFrom, input, cached, output);
    }

    private static BigDecimal price(JsonNode json, String field, boolean required, List<FieldProblem> problems) {
        JsonNode node = json.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                problems.add(new FieldProblem(field, "Le prix est obligatoire."));
            }
            return null;
        }
        BigDecimal value = null;
        if (node.isNumber()) {
            value = node.decimalValue();
        } else if (node.isString() && DECIMAL.matcher(node.stringValue().trim()).matches()) {
            value = new BigDecimal(node.stringValue().trim());
        }
        if (value == null || value.signum() < 0) {
            problems.add(new FieldProblem(field, "Le prix doit être un nombre décimal positif ou nul, par exemple \"1.25\"."));
            return null;
        }
        if (value.stripTrailingZeros().scale() > TokenCost.SCALE) {
            problems.add(new FieldProblem(field, "Le prix ne peut avoir plus de 6 décimales."));
            return null;
        }
        if (value.compareTo(MAX_PRICE) > 0) {
            problems.add(new FieldProblem(field, "Le prix ne peut dépasser 100000."));
            return null;
        }
        return value.setScale(TokenCost.SCALE);
    }
}

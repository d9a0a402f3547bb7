package org.edxo.ai.billing.ledger;

import org.edxo.ai.billing.web.ApiError.FieldProblem;
import org.edxo.ai.billing.web.InvalidRequestException;
import org.edxo.ai.billing.web.MalformedJsonException;
import org.edxo.ai.billing.web.JsonBodies;
import org.edxo.ai.contracts.money.TokenCost;
import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Body of {@code POST /accounts/{user_id}/top-ups} and {@code /adjustments}:
 * {@code {"amount": "10.00", "reason": "..."}}. The amount may be a JSON string or number; numbers are
 * read as decimals, never as binary floats. A top-up is positive; an adjustment is signed, not zero.
 */
public record TopUpRequest(BigDecimal amount, String reason) {

    public static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000");
    public static final int MAX_REASON_LENGTH = 500;
    private static final Pattern DECIMAL = Pattern.compile("-?\\d+(\\.\\d+)?");
    /** Parses and validates; {@link MalformedJsonException} or {@link InvalidRequestException} otherwise. */
    public static TopUpRequest parse(String body) {
        return parse(body, false);
    }

    /** @param signed true for an adjustment: any non-zero amount */
    public static TopUpRequest parse(String body, boolean signed) {
        JsonNode json = JsonBodies.readObject(body);
        List<FieldProblem> problems = new ArrayList<>();
        BigDecimal amount = amount(json.get("amount"), signed, problems);
        String reason = reason(json.get("reason"), problems);
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        return new TopUpRequest(amount.setScale(TokenCost.SCALE), reason);
    }

    private static BigDecimal amount(JsonNode node, boolean signed, List<FieldProblem> problems) {
        BigDecimal amount = null;
        if (node != null && node.isNumber()) {
            amount = node.decimalValue();
        } else if (node != null && node.isString() && DECIMAL.matcher(node.stringValue().trim()).matches()) {
            amount = new BigDecimal(node.stringValue().trim());
        }
        if (amount == null) {
            problems.add(new FieldProblem("amount", "Le montant est obligatoire et doit être un nombre décimal, par exemple \"10.00\"."));
        } else if (signed && amount.signum() == 0) {
            problems.add(new FieldProblem("amount", "Le montant ne peut être nul."));
        } else if (!signed && amount.signum() <= 0) {
            problems.add(new FieldProblem("amount", "Le montant doit être supérieur à 0."));
        } else if (amount.stripTrailingZeros().scale() > TokenCost.SCALE) {
            problems.add(new FieldProblem("amount", "Le montant ne peut avoir plus de 6 décimales."));
        } else if (amount.abs().compareTo(MAX_AMOUNT) > 0) {
            problems.add(new FieldProblem("amount", "Le montant ne peut dépasser 1000000."));
        }
        return amount;
    }

    private static String reason(JsonNode node, List<FieldProblem> problems) {
        String reason = node != null && node.isString() ? node.stringValue().trim() : "";
        if (reason.isEmpty()) {
            problems.add(new FieldProblem("reason", "La raison est obligatoire."));
        } else if (reason.length() > MAX_REASON_LENGTH) {
            problems.add(new FieldProblem("reason", "La raison ne peut dépasser " + MAX_REASON_LENGTH + " caractères."));
        }
        return reason;
    }
}

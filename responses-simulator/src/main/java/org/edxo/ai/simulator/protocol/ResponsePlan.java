package org.edxo.ai.simulator.protocol;

import org.edxo.ai.simulator.generation.FrenchText;
import org.edxo.ai.simulator.generation.SchemaDrivenJsonGenerator;
import org.edxo.ai.contracts.json.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Everything the simulated model "decides" for one request, computed up front: ids, the reasoning
 * summary and the output text cut into delta chunks, and the token counts, already capped by
 * {@code max_output_tokens}. Events and the final Response object are rendered from it.
 *
 * @param summaryParts   visible reasoning summary parts, each as its chunks (after the token cap)
 * @param hiddenReasoningTokens reasoning tokens without a visible summary (reasoning on, summary off)
 * @param outputChunks   the output text as delta chunks (after the token cap)
 * @param incomplete     true when {@code max_output_tokens} cut the answer short
 */
public record ResponsePlan(
        JsonNode request,
        String responseId,
        String reasoningId,
        String messageId,
        long createdAt,
        boolean reasoning,
        List<List<String>> summaryParts,
        int hiddenReasoningTokens,
        List<String> outputChunks,
        int inputTokens,
        boolean incomplete) {

    public static ResponsePlan of(JsonNode request, long seed, int chunkChars) {
        return of(request, seed, chunkChars, 0);
    }

    /**
     * @param outputTokens when positive, the output text comes as (about) this many deltas whatever the
     *                     length of the generated answer (benchmarks pick the number of deltas)
     */
    public static ResponsePlan of(JsonNode request, long seed, int chunkChars, int outputTokens) {
        return of(request, seed, chunkChars, outputTokens, 0);
    }

    /**
     * @param fileBytes bytes of the files the input attaches ({@code input_file}); each four count one
     *                  input token, so a hold of one token per byte always covers them
     */
    public static ResponsePlan of(JsonNode request, long seed, int chunkChars, int outputTokens, long fileBytes) {
        SplittableRandom random = new SplittableRandom(seed ^ contentHash(request));
        String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);

        JsonNode reasoningConfig = request.path("reasoning");
        boolean summaryRequested = reasoningConfig.path("summary").isString()
                && !"none".equals(reasoningConfig.path("summary").stringValue());
        boolean effortOn = reasoningConfig.path("effort").isString()
                && !"none".equals(reasoningConfig.path("effort").stringValue());
        boolean reasoning = summaryRequested || effortOn;

        List<String> summaryTexts = reasoning ? FrenchText.reasoningSummary(random) : List.of();
        List<List<String>> summaryChunks = summaryTexts.stream().map(text -> chunks(text, chunkChars)).toList();
        int reasoningTokens = summaryChunks.stream().mapToInt(List::size).sum();
        String output = outputText(request, random);
        int outputChunkChars = chunkChars;
        if (outputTokens > 0) {
            // Exactly outputTokens deltas: a short answer is padded with trailing whitespace (still the same
            // JSON for any parser) up to chunkChars per delta, a long one is cut into bigger deltas.
            int length = output.codePointCount(0, output.length());
            if (length < outputTokens * chunkChars) {
                output = output + "\n" + " ".repeat(outputTokens * chunkChars - length - 1);
            } else {
                outputChunkChars = (length + outputTokens - 1) / outputTokens;
            }
        }
        List<String> outputChunks = chunks(output, outputChunkChars);

        long budget = request.path("max_output_tokens").isNumber() ? request.get("max_output_tokens").asLong() : Long.MAX_VALUE;
        boolean incomplete = reasoningTokens + (long) outputChunks.size() > budget;
        if (incomplete) {
            summaryChunks = capChunks(summaryChunks, budget);
            reasoningTokens = (int) Math.min(reasoningTokens, budget);
            outputChunks = outputChunks.subList(0, (int) Math.max(0, budget - reasoningTokens));
        }
        return new ResponsePlan(request,
                "resp_" + suffix,
                "rs_" + suffix,
                "msg_" + suffix,
                Instant.now().getEpochSecond(),
                reasoning,
                summaryRequested ? summaryChunks : List.of(),
                summaryRequested ? 0 : reasoningTokens,
                List.copyOf(outputChunks),
                inputTokens(request) + (int) Math.min(Integer.MAX_VALUE / 2, (fileBytes + 3) / 4),
                incomplete);
    }

    public int reasoningTokens() {
        return hiddenReasoningTokens + summaryParts.stream().mapToInt(List::size).sum();
    }

    /** Whether the message item exists at all (a token cap may stop the answer inside the reasoning). */
    public boolean hasMessage() {
        return !outputChunks.isEmpty() || !incomplete;
    }

    public String outputText() {
        return String.join("", outputChunks);
    }

    public static String summaryText(List<String> partChunks) {
        return String.join("", partChunks);
    }

    private static String outputText(JsonNode request, SplittableRandom random) {
        JsonNode format = request.path("text").path("format");
        String type = format.path("type").asString("text");
        if ("json_schema".equals(type) && format.path("schema").isObject()) {
            return Json.writeString(SchemaDrivenJsonGenerator.generate(format.get("schema"), random));
        }
        if ("json_object".equals(type)) {
            return Json.writeString(Map.of("reponse", FrenchText.sentences(random, 2)));
        }
        return FrenchText.plainAnswer(random);
    }

    /** Input tokens ≈ ceil(characters of instructions + input / 4), as the brief of the simulator says. */
    private static int inputTokens(JsonNode request) {
        long chars = textLength(request.get("instructions")) + textLength(request.get("input"));
        return (int) Math.max(1, (chars + 3) / 4);
    }

    private static long textLength(JsonNode node) {
        if (node == null || node.isNull()) {
            return 0;
        }
        if (node.isString()) {
            return node.stringValue().length();
        }
        long total = 0;
        if (node.isArray()) {
            for (JsonNode element : node) {
                total += textLength(element);
            }
        } else if (node.isObject()) {
            // Only the text-bearing fields of input items count; "type", "role" and ids do not.
            total += textLength(node.get("content")) + textLength(node.get("text"));
        }
        return total;
    }

    private static List<String> chunks(String text, int chunkChars) {
        List<String> chunks = new ArrayList<>();
        int index = 0;
        while (index < text.length()) {
            int end = index;
            for (int i = 0; i < chunkChars && end < text.length(); i++) {
                end = text.offsetByCodePoints(end, 1);
            }
            chunks.add(text.substring(index, end));
            index = end;
        }
        return chunks;
    }

    private static List<List<String>> capChunks(List<List<String>> parts, long budget) {
        List<List<String>> capped = new ArrayList<>();
        long left = budget;
        for (List<String> part : parts) {
            if (left <= 0) {
                break;
            }
            capped.add(part.subList(0, (int) Math.min(part.size(), left)));
            left -= part.size();
        }
        return capped;
    }

    /** A stable 64-bit hash of the request, ignoring the keys that only choose the transport. */
    private static long contentHash(JsonNode request) {
        JsonNode content = request;
        if (request instanceof ObjectNode object) {
            ObjectNode copy = object.deepCopy();
            copy.remove(List.of("stream", "stream_options"));
            content = copy;
        }
        long hash = 0xcbf29ce484222325L;
        for (byte b : content.toString().getBytes(StandardCharsets.UTF_8)) {
            hash ^= b;
            hash *= 0x100000001b3L;
        }
        return hash;
    }
}

package org.edxo.ai.simulator.protocol;

import org.edxo.ai.simulator.files.FileStore;
import org.edxo.ai.simulator.files.StoredFile;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code input_file} content parts of a {@code POST /v1/responses} body, checked as the API would:
 * a {@code file_id} must name a stored file, a {@code file_data} must be a base64 data URL. The
 * simulator never fetches a {@code file_url}; it is accepted and counts no bytes.
 */
public final class InputFiles {

    private static final Pattern DATA_URL = Pattern.compile("^data:([^;,]*)(;[^,;=]+=[^,;]*)*;base64,(.*)$", Pattern.DOTALL);

    /**
     * One {@code input_file} part.
     *
     * @param param  where it sits, in the API's notation ({@code input[0].content[1]})
     * @param source {@code file_id}, {@code file_data} or {@code file_url}
     * @param bytes  the file's size (0 for a URL)
     */
    public record Part(String param, String source, String fileId, String filename, long bytes) {
    }

    /**
     * @param parts the parts found, in order
     * @param error an OpenAI error body for the first invalid part, or null
     */
    public record Scan(List<Part> parts, ObjectNode error) {

        public long totalBytes() {
            return parts.stream().mapToLong(Part::bytes).sum();
        }
    }

    private InputFiles() {
    }

    public static Scan scan(JsonNode request, FileStore files) {
        List<Part> parts = new ArrayList<>();
        JsonNode input = request.path("input");
        if (!input.isArray()) {
            return new Scan(parts, null);
        }
        for (int item = 0; item < input.size(); item++) {
            JsonNode content = input.get(item).path("content");
            if (!content.isArray()) {
                continue;
            }
            for (int index = 0; index < content.size(); index++) {
                JsonNode part = content.get(index);
                if (!"input_file".equals(part.path("type").asString(""))) {
                    continue;
                }
                String param = "input[" + item + "].content[" + index + "]";
                Optional<ObjectNode> error = check(part, param, files, parts);
                if (error.isPresent()) {
                    return new Scan(parts, error.get());
                }
            }
        }
        return new Scan(parts, null);
    }

    private static Optional<ObjectNode> check(JsonNode part, String param, FileStore files, List<Part> parts) {
        String filename = part.path("filename").isString() ? part.get("filename").stringValue() : null;
        if (part.path("file_id").isString()) {
            String fileId = part.get("file_id").stringValue();
            Optional<StoredFile> file = files.get(fileId);
            if (file.isEmpty()) {
                return Optional.of(error("No such File object: " + fileId, param + ".file_id", null));
            }
            parts.add(new Part(param, "file_id", fileId, filename != null ? filename : file.get().filename(), file.get().size()));
            return Optional.empty();
        }
        if (part.path("file_data").isString()) {
            Matcher matcher = DATA_URL.matcher(part.get("file_data").stringValue());
            byte[] data = null;
            if (matcher.matches()) {
                try {
                    data = Base64.getDecoder().decode(matcher.group(3).strip());
                } catch (IllegalArgumentException e) {
                    data = null;
                }
            }
            if (data == null) {
                return Optional.of(error("Invalid value for '" + param + ".file_data': expected a base64-encoded data URL "
                        + "such as data:application/pdf;base64,....", param + ".file_data", "invalid_value"));
            }
            parts.add(new Part(param, "file_data", null, filename, data.length));
            return Optional.empty();
        }
        if (part.path("file_url").isString()) {
            parts.add(new Part(param, "file_url", null, filename, 0));
            return Optional.empty();
        }
        return Optional.of(error("Missing required parameter: one of '" + param + ".file_id', '" + param + ".file_data' or '"
                + param + ".file_url'.", param, "missing_required_parameter"));
    }

    private static ObjectNode error(String message, String param, String code) {
        ObjectNode body = OpenAiErrors.body(message, "invalid_request_error", code);
        ((ObjectNode) body.get("error")).put("param", param);
        return body;
    }
}

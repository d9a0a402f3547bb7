package org.edxo.ai.gateway.web;

import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.gateway.GatewayProperties;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Reads a request body as a JSON object, with our own errors: a wrong content type, an empty body or
 * malformed JSON is a 400 "Corps JSON invalide.", a body over the limit a 413, never a 5xx.
 */
@Component
public class JsonBodyReader {

    public static final String INVALID = "Corps JSON invalide.";
    public static final String TOO_LARGE = "Corps de requête trop volumineux.";

    private final int maxBytes;

    public JsonBodyReader(GatewayProperties properties) {
        this.maxBytes = (int) properties.maxBodySize().toBytes();
    }

    public Mono<JsonNode> readObject(ServerHttpRequest request) {
        MediaType type = request.getHeaders().getContentType();
        if (type == null || !isJson(type)) {
            return Mono.error(new ApiException(HttpStatus.BAD_REQUEST, INVALID));
        }
        return readBytes(request)
                .switchIfEmpty(Mono.error(() -> new ApiException(HttpStatus.BAD_REQUEST, INVALID)))
                .map(JsonBodyReader::parseObject);
    }

    /** The raw body, at most the configured size (413 beyond); empty when there is none. */
    public Mono<byte[]> readBytes(ServerHttpRequest request) {
        long declared = request.getHeaders().getContentLength();
        if (declared > maxBytes) {
            return Mono.error(new ApiException(HttpStatus.CONTENT_TOO_LARGE, TOO_LARGE));
        }
        return DataBufferUtils.join(request.getBody(), maxBytes)
                .map(buffer -> {
                    try {
                        byte[] bytes = new byte[buffer.readableByteCount()];
                        buffer.read(bytes);
                        return bytes;
                    } finally {
                        DataBufferUtils.release(buffer);
                    }
                })
                .onErrorMap(DataBufferLimitException.class,
                        e -> new ApiException(HttpStatus.CONTENT_TOO_LARGE, TOO_LARGE));
    }

    private static boolean isJson(MediaType type) {
        return MediaType.APPLICATION_JSON.isCompatibleWith(type)
                || ("application".equals(type.getType()) && type.getSubtype().endsWith("+json"));
    }

    private static JsonNode parseObject(byte[] bytes) {
        JsonNode node;
        try {
            node = Json.tree(bytes);
        } catch (JacksonException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, INVALID);
        }
        if (node == null || !node.isObject()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, INVALID);
        }
        return node;
    }
}

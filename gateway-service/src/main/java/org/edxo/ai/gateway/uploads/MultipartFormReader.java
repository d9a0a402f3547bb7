package org.edxo.ai.gateway.uploads;

import org.edxo.ai.gateway.web.ApiException;
import org.springframework.core.ResolvableType;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.multipart.FilePartEvent;
import org.springframework.http.codec.multipart.FormPartEvent;
import org.springframework.http.codec.multipart.PartEvent;
import org.springframework.http.codec.multipart.PartEventHttpMessageReader;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Mono;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Semaphore;

/**
 * Reads a {@code multipart/form-data} request as it streams in: the part {@code file} is counted (413 as
 * soon as it passes {@code edxo.gateway.uploads.max-size}, before the rest is read) and hashed on the way;
 * the other parts are short form fields. Nothing goes to disk, and at most
 * {@code edxo.gateway.uploads.max-concurrent} files are received at once (503 beyond), so the memory uploads
 * take is bounded by that many times the size limit.
 */
@Component
class MultipartFormReader {

    static final String FILE_PART = "file";
    /** Multipart framing and the form fields, on top of the file, that a declared length may carry. */
    private static final long FRAMING_ALLOWANCE = 256 * 1024;

    /**
     * @param filename the declared name, as sent (not sanitised yet)
     * @param content  the file (a read-only view of the received bytes); null when there was no {@code file} part
     */
    record ReceivedForm(String filename, ByteBuffer content, String sha256, Map<String, String> fields) {
    }

    private final UploadProperties properties;
    private final PartEventHttpMessageReader reader;
    private final Semaphore receiving;

    MultipartFormReader(UploadProperties properties) {
        this.properties = properties;
        this.receiving = new Semaphore(properties.maxConcurrent());
        this.reader = new PartEventHttpMessageReader();
        reader.setMaxInMemorySize((int) properties.maxFieldSize().toBytes());
        reader.setMaxParts(properties.maxParts());
        reader.setMaxPartSize(properties.maxSize().toBytes() + 1);
        reader.setMaxHeadersSize(16 * 1024);
    }

    Mono<ReceivedForm> read(ServerHttpRequest request) {
        MediaType type = request.getHeaders().getContentType();
        if (type == null || !MediaType.MULTIPART_FORM_DATA.isCompatibleWith(type) || type.getParameter("boundary") == null) {
            return Mono.error(new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, UploadMessages.NOT_MULTIPART));
        }
        long declared = request.getHeaders().getContentLength();
        if (declared > properties.maxSize().toBytes() + FRAMING_ALLOWANCE) {
            return Mono.error(this::tooLarge);
        }
        return Mono.usingWhen(
                Mono.fromCallable(() -> {
                    if (!receiving.tryAcquire()) {
                        throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, UploadMessages.BUSY);
                    }
                    return new Accumulator(properties.maxSize().toBytes(), declared);
                }),
                accumulator -> reader.read(ResolvableType.forClass(PartEvent.class), request, Map.of())
                        .doOnNext(accumulator::accept)
                        .then(Mono.fromSupplier(accumulator::result)),
                accumulator -> Mono.fromRunnable(receiving::release),
                (accumulator, error) -> Mono.fromRunnable(receiving::release),
                accumulator -> Mono.fromRunnable(receiving::release))
                .onErrorMap(DataBufferLimitException.class, this::limitExceeded)
                .onErrorMap(error -> !(error instanceof ApiException),
                        error -> new ApiException(HttpStatus.BAD_REQUEST, UploadMessages.MALFORMED));
    }

    /** The reader's own limits: a form field too long, too many parts, or (backstop) a part too large. */
    private ApiException limitExceeded(DataBufferLimitException e) {
        String message = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
        if (message.contains("form field")) {
            return new ApiException(HttpStatus.BAD_REQUEST, UploadMessages.FIELD_TOO_LARGE);
        }
        if (message.contains("too many parts")) {
            return new ApiException(HttpStatus.BAD_REQUEST, UploadMessages.TOO_MANY_PARTS);
        }
        return tooLarge();
    }

    private ApiException tooLarge() {
        return new ApiException(HttpStatus.CONTENT_TOO_LARGE, UploadMessages.tooLarge(properties.maxSizeLabel()));
    }

    /** Folds the part events in arrival order; each buffer is copied and released at once. */
    private final class Accumulator {

        private final long maxBytes;
        private final Map<String, String> fields = new LinkedHashMap<>();
        private final MessageDigest digest;
        private byte[] file;
        private int size;
        private String filename;
        private boolean fileDone;

        private final int initialCapacity;

        Accumulator(long maxBytes, long declaredLength) {
            this.maxBytes = maxBytes;
            // Sized from the declared length when there is one: no copy as the file grows.
            this.initialCapacity = (int) (declaredLength > 0 ? Math.min(declaredLength, maxBytes) : 64 * 1024);
            try {
                this.digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        void accept(PartEvent event) {
            DataBuffer content = event.content();
            try {
                if (event instanceof FilePartEvent part) {
                    acceptFile(part, content);
                } else if (event instanceof FormPartEvent part) {
                    fields.put(part.name(), part.value());
                }
            } finally {
                DataBufferUtils.release(content);
            }
        }

        private void acceptFile(FilePartEvent part, DataBuffer content) {
            if (!FILE_PART.equals(part.name())) {
                throw new ApiException(HttpStatus.BAD_REQUEST, UploadMessages.unexpectedFilePart(part.name()));
            }
            if (file == null) {
                if (fileDone) {
                    throw new ApiException(HttpStatus.BAD_REQUEST, UploadMessages.ONE_FILE_ONLY);
                }
                file = new byte[initialCapacity];
                filename = part.filename();
            }
            int length = content.readableByteCount();
            if (size + (long) length > maxBytes) {
                throw tooLarge();
            }
            if (size + length > file.length) {
                file = Arrays.copyOf(file, (int) Math.min(maxBytes, Math.max((long) file.length * 2, size + (long) length)));
            }
            content.read(file, size, length);
            digest.update(file, size, length);
            size += length;
            if (part.isLast()) {
                fileDone = true;
            }
        }

        ReceivedForm result() {
            if (file == null) {
                return new ReceivedForm(null, null, null, Map.copyOf(fields));
            }
            // A view, not a copy: one file-sized array per upload.
            return new ReceivedForm(filename, ByteBuffer.wrap(file, 0, size).slice().asReadOnlyBuffer(),
                    HexFormat.of().formatHex(digest.digest()), Map.copyOf(fields));
        }
    }
}

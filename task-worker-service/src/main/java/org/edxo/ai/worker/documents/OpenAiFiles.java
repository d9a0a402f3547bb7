package org.edxo.ai.worker.documents;

import com.openai.client.OpenAIClientAsync;
import com.openai.core.MultipartField;
import com.openai.core.RequestOptions;
import com.openai.errors.InternalServerException;
import com.openai.errors.NotFoundException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.RateLimitException;
import com.openai.models.files.FileCreateParams;
import com.openai.models.files.FileObject;
import com.openai.models.files.FilePurpose;
import com.openai.models.responses.ResponseInputFile;
import com.openai.models.responses.ResponseInputItem;
import org.edxo.ai.worker.tasks.TaskFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * Files the model reads ({@code input_file}) go through the Files API with purpose {@code user_data},
 * and never stay there: {@link #withFile} deletes the file after the work, whether it completes, fails
 * or is cancelled; a file whose upload finishes after a cancel is deleted too. Every upload also asks
 * OpenAI to expire the file ({@code expires_after}), the safety net when the worker dies in between.
 * A deletion that fails is retried and logged, never the task's failure.
 */
@Component
public class OpenAiFiles {

    private static final Logger log = LoggerFactory.getLogger(OpenAiFiles.class);

    private final OpenAIClientAsync client;
    private final DocumentProperties.OpenAiFiles properties;

    public OpenAiFiles(OpenAIClientAsync client, DocumentProperties properties) {
        this.client = client;
        this.properties = properties.openAiFiles();
    }

    /**
     * Uploads {@code bytes}, runs {@code work} with the file id, then deletes the file (after completion,
     * error or cancel). The upload's failure is a {@link TaskFailure}; the deletion's never is.
     *
     * @param filename what the model sees; its extension tells the API the file's type ({@code devis.pdf})
     */
    public <T> Mono<T> withFile(byte[] bytes, String filename, String contentType, Function<String, Mono<T>> work) {
        return Mono.usingWhen(upload(bytes, filename, contentType), work,
                this::delete, (fileId, error) -> delete(fileId), this::delete);
    }

    /** {@link #withFile} for work that streams (a model call's events). */
    public <T> Flux<T> withFileMany(byte[] bytes, String filename, String contentType, Function<String, Flux<T>> work) {
        return Flux.usingWhen(upload(bytes, filename, contentType), work,
                this::delete, (fileId, error) -> delete(fileId), this::delete);
    }

    /**
     * Uploads with purpose {@code user_data} and returns the file id. Retries when the API refused the
     * upload with a 5xx or a 429 rate limit (nothing was stored then); never after a connection error,
     * which could leave a second copy behind. Prefer {@link #withFile}, which also deletes.
     */
    public Mono<String> upload(byte[] bytes, String filename, String contentType) {
        FileCreateParams params = FileCreateParams.builder()
                .file(MultipartField.<InputStream>builder()
                        .value(new ByteArrayInputStream(bytes))
                        .filename(filename)
                        .contentType(contentType)
                        .build())
                .purpose(FilePurpose.USER_DATA)
                .expiresAfter(FileCreateParams.ExpiresAfter.builder().seconds(properties.expiresAfter().toSeconds()).build())
                .build();
        RequestOptions options = RequestOptions.builder().timeout(properties.uploadTimeout()).build();
        return Mono.<String>create(sink -> {
                    CompletableFuture<FileObject> created = client.files().create(params, options);
                    // Cancelled before the id was handed over: the file may still be created; delete it then.
                    sink.onCancel(() -> created.whenComplete((file, error) -> {
                        if (file != null) {
                            log.info("deleting OpenAI file {} uploaded for a cancelled task", file.id());
                            delete(file.id()).subscribe();
                        }
                    }));
                    created.whenComplete((file, error) -> {
                        if (error != null) {
                            sink.error(unwrap(error));
                        } else {
                            sink.success(file.id());
                        }
                    });
                })
                .retryWhen(Retry.backoff(properties.uploadRetries(), properties.retryBackoff())
                        .filter(OpenAiFiles::refusedWithoutStoring)
                        .onRetryExhaustedThrow((spec, signal) -> signal.failure()))
                .onErrorMap(error -> !(error instanceof TaskFailure), OpenAiFiles::uploadFailure);
    }

    /** Deletes a file; an unknown file counts as deleted. Never fails: a failure is retried, then logged. */
    public Mono<Void> delete(String fileId) {
        RequestOptions options = RequestOptions.builder().timeout(properties.deleteTimeout()).build();
        return Mono.fromFuture(() -> client.files().delete(fileId, options))
                .then()
                .onErrorResume(NotFoundException.class, e -> Mono.empty())
                .retryWhen(Retry.backoff(properties.deleteRetries(), properties.retryBackoff()))
                .onErrorResume(error -> {
                    log.warn("could not delete OpenAI file {} (it expires by itself after {}): {}", fileId,
                            properties.expiresAfter(), error.toString());
                    return Mono.empty();
                });
    }

    /** The content part that points the model at an uploaded file. */
    public static ResponseInputFile inputFile(String fileId) {
        return ResponseInputFile.builder().fileId(fileId).build();
    }

    /** A user message made of the file, then {@code text} when there is one (the original sends the file alone). */
    public static ResponseInputItem userMessageWithFile(String fileId, String text) {
        ResponseInputItem.Message.Builder message = ResponseInputItem.Message.builder()
                .role(ResponseInputItem.Message.Role.USER)
                .addContent(inputFile(fileId));
        if (text != null && !text.isBlank()) {
            message.addInputTextContent(text);
        }
        return ResponseInputItem.ofMessage(message.build());
    }

    private static boolean refusedWithoutStoring(Throwable error) {
        return error instanceof InternalServerException
                || (error instanceof RateLimitException rateLimit && !rateLimit.code().orElse("").equals("insufficient_quota"));
    }

    private static TaskFailure uploadFailure(Throwable error) {
        if (error instanceof RateLimitException rateLimit && rateLimit.code().orElse("").equals("insufficient_quota")) {
            return TaskFailure.quotaExhausted(error);
        }
        if (error instanceof OpenAIServiceException service) {
            return DocumentFailures.fileUploadFailed("réponse " + service.statusCode() + " de l'API.", error);
        }
        return DocumentFailures.fileUploadFailed("API injoignable.", error);
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }
}

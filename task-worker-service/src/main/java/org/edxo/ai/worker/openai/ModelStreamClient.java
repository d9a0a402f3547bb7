package org.edxo.ai.worker.openai;

import com.openai.client.OpenAIClientAsync;
import com.openai.core.http.AsyncStreamResponse;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionException;

/**
 * Streams one Responses API call into Reactor through the SDK's async client. Events arrive on the
 * bounded {@code openai-stream-<n>} executor; cancelling the subscription closes the HTTP stream.
 * The flux completes normally when the stream ends, with or without a terminal event: telling a
 * truncated stream apart is the caller's job.
 */
@Component
public class ModelStreamClient {

    private final OpenAIClientAsync client;
    private final ModelCalls calls;

    public ModelStreamClient(OpenAIClientAsync client, ModelCalls calls) {
        this.client = client;
        this.calls = calls;
    }

    public Flux<ModelStreamEvent> stream(ResponseCreateParams params) {
        return rawStream(params).mapNotNull(event -> ModelEvents.from(event).orElse(null));
    }

    Flux<ResponseStreamEvent> rawStream(ResponseCreateParams params) {
        return Flux.create(sink -> {
            String streamId = UUID.randomUUID().toString();
            AsyncStreamResponse<ResponseStreamEvent> stream = client.responses()
                    .createStreaming(params.toBuilder().putAdditionalHeader(ModelCalls.HEADER, streamId).build());
            sink.onDispose(() -> {
                // Closes the connection at once, even while the SDK's reader waits on a silent stream.
                calls.cancel(streamId);
                try {
                    stream.close();
                } catch (IllegalStateException e) {
                    // OkHttp's "Unbalanced enter/exit" when a cancel closes the stream from another thread:
                    // the connection is closed all the same.
                }
            });
            stream.subscribe(new AsyncStreamResponse.Handler<>() {
                @Override
                public void onNext(ResponseStreamEvent event) {
                    sink.next(event);
                }

                @Override
                public void onComplete(Optional<Throwable> error) {
                    // HTTP-level failures arrive wrapped; mid-stream ones do not.
                    error.map(t -> t instanceof CompletionException && t.getCause() != null ? t.getCause() : t)
                            .ifPresentOrElse(sink::error, sink::complete);
                }
            });
        }, FluxSink.OverflowStrategy.BUFFER);
    }
}

package org.edxo.ai.worker.openai;

import com.openai.client.OpenAIClientAsync;
import com.openai.core.http.AsyncStreamResponse;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

import java.util.Optional;
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

    public ModelStreamClient(OpenAIClientAsync client) {
        this.client = client;
    }

    public Flux<ModelStreamEvent> stream(ResponseCreateParams params) {
        return rawStream(params).mapNotNull(event -> ModelEvents.from(event).orElse(null));
    }

    Flux<ResponseStreamEvent> rawStream(ResponseCreateParams params) {
        return Flux.create(sink -> {
            AsyncStreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(params);
            sink.onDispose(stream::close);
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

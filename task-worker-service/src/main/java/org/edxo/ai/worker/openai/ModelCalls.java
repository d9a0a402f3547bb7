package org.edxo.ai.worker.openai;

import okhttp3.Call;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps the OkHttp call of each model stream so that a cancel can close its connection at once.
 * Closing the SDK's stream from another thread is not enough while its reader is blocked on a silent
 * connection (OkHttp then throws "Unbalanced enter/exit" and leaves the socket open until the read
 * timeout); {@link Call#cancel()} closes the socket, which the model (or the simulator) sees at once.
 * The SDK's request carries a one-off {@link #HEADER} that this interceptor removes before sending.
 */
@Component
public class ModelCalls implements Interceptor {

    static final String HEADER = "X-Edxo-Stream-Id";

    private final Map<String, Call> calls = new ConcurrentHashMap<>();
    /** Streams cancelled before their request reached OkHttp. */
    private final Set<String> cancelledEarly = ConcurrentHashMap.newKeySet();

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        String streamId = request.header(HEADER);
        if (streamId == null) {
            return chain.proceed(request);
        }
        calls.put(streamId, chain.call());
        if (cancelledEarly.remove(streamId)) {
            cancel(streamId);
            throw new IOException("Canceled");
        }
        return chain.proceed(request.newBuilder().removeHeader(HEADER).build());
    }

    /** Cancels the stream's call if it is still open, and forgets it. */
    void cancel(String streamId) {
        Call call = calls.remove(streamId);
        if (call != null) {
            call.cancel();
        } else {
            cancelledEarly.add(streamId);
        }
    }
}

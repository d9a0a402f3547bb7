package org.edxo.ai.gateway.streaming;

import io.netty.handler.codec.http.HttpHeaderNames;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.compression.DeflateOption;
import reactor.netty.http.server.compression.GzipOption;

/**
 * Gzip (or deflate) for SSE responses, when the client accepts it, as every browser does. A {@code progress}
 * event is ≈ 80 bytes of framing around a few characters of model text; with the previous events in the
 * compressor's window that framing costs a few bytes (BENCHMARKS.md, bytes relayed per task). Netty's zlib
 * encoders sync-flush every chunk, so each event still leaves at once.
 * <p>
 * The window is small ({@code window-bits: 9}, 512 bytes; {@code memory-level: 1}): ≈ 10 KiB of heap per open
 * stream through JZlib (measured, most of it the Huffman trees), where the JDK's zlib would keep ≈ 256 KiB of
 * native memory per stream (10,000 open streams per gateway). The last event or two fit in the window, and
 * they are what repeats. Other responses are small JSON and stay as they are.
 */
@Configuration
class SseCompression {

    @Bean
    NettyServerCustomizer compressedEventStreams(
            @Value("${edxo.gateway.sse.compression.enabled:true}") boolean enabled,
            @Value("${edxo.gateway.sse.compression.level:6}") int level,
            @Value("${edxo.gateway.sse.compression.window-bits:9}") int windowBits,
            @Value("${edxo.gateway.sse.compression.memory-level:1}") int memoryLevel) {
        if (!enabled) {
            return server -> server;
        }
        return server -> server.compress(SseCompression::isEventStream).compressOptions(
                GzipOption.builder().compressionLevel(level).windowBits(windowBits).memoryLevel(memoryLevel).build(),
                DeflateOption.builder().compressionLevel(level).windowBits(windowBits).memoryLevel(memoryLevel).build());
    }

    static boolean isEventStream(HttpServerRequest request, HttpServerResponse response) {
        String type = response.responseHeaders().get(HttpHeaderNames.CONTENT_TYPE);
        return type != null && type.startsWith(MediaType.TEXT_EVENT_STREAM_VALUE);
    }
}

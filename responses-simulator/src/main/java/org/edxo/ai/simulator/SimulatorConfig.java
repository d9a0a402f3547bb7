package org.edxo.ai.simulator;

import java.util.Map;

/**
 * How the simulator behaves.
 *
 * @param host              interface to bind ({@code 127.0.0.1} embedded, {@code 0.0.0.0} as a process)
 * @param port              TCP port, 0 for a random free one
 * @param tokensPerSecond   pace of the streamed deltas (one delta = one chunk = one output token)
 * @param chunkChars        characters per delta (about four characters per token)
 * @param firstTokenDelayMs delay before the first delta (reasoning summary or output text)
 * @param seed              seed of the generated content: same seed and same request give the same text
 * @param outputTokens      when positive, every output text comes as this many deltas (padded or cut; benchmarks)
 * @param stampDeltas       record when each output delta is written, for {@code GET /sim/stamps} (benchmarks)
 */
public record SimulatorConfig(String host, int port, int tokensPerSecond, int chunkChars, long firstTokenDelayMs, long seed,
                              int outputTokens, boolean stampDeltas) {

    public static final int DEFAULT_PORT = 8090;

    public SimulatorConfig {
        if (tokensPerSecond <= 0) {
            throw new IllegalArgumentException("tokensPerSecond must be positive");
        }
        if (chunkChars <= 0) {
            throw new IllegalArgumentException("chunkChars must be positive");
        }
        if (firstTokenDelayMs < 0) {
            throw new IllegalArgumentException("firstTokenDelayMs must not be negative");
        }
        if (outputTokens < 0) {
            throw new IllegalArgumentException("outputTokens must not be negative");
        }
    }

    public SimulatorConfig(String host, int port, int tokensPerSecond, int chunkChars, long firstTokenDelayMs, long seed) {
        this(host, port, tokensPerSecond, chunkChars, firstTokenDelayMs, seed, 0, false);
    }

    /** Embedded defaults: loopback, random port, realistic pace (50 tokens/s, first token after 300 ms). */
    public static SimulatorConfig defaults() {
        return new SimulatorConfig("127.0.0.1", 0, 50, 4, 300, 42);
    }

    /** Fast settings for tests: random port, 2000 tokens/s, no first-token delay. */
    public static SimulatorConfig fast() {
        return defaults().withTokensPerSecond(2000).withFirstTokenDelayMs(0);
    }

    /** {@code SIM_HOST} (0.0.0.0), {@code SIM_PORT} (8090), {@code SIM_TOKENS_PER_SECOND} (50), {@code SIM_CHUNK_CHARS} (4), {@code SIM_FIRST_TOKEN_DELAY_MS} (300), {@code SIM_SEED} (42), {@code SIM_OUTPUT_TOKENS} (0: off), {@code SIM_STAMP_DELTAS} (false). */
    public static SimulatorConfig fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    static SimulatorConfig fromEnvironment(Map<String, String> env) {
        SimulatorConfig d = defaults();
        return new SimulatorConfig(
                env.getOrDefault("SIM_HOST", "0.0.0.0"),
                intOf(env, "SIM_PORT", DEFAULT_PORT),
                intOf(env, "SIM_TOKENS_PER_SECOND", d.tokensPerSecond()),
                intOf(env, "SIM_CHUNK_CHARS", d.chunkChars()),
                intOf(env, "SIM_FIRST_TOKEN_DELAY_MS", (int) d.firstTokenDelayMs()),
                env.containsKey("SIM_SEED") && !env.get("SIM_SEED").isBlank() ? Long.parseLong(env.get("SIM_SEED").trim()) : d.seed(),
                intOf(env, "SIM_OUTPUT_TOKENS", 0),
                Boolean.parseBoolean(env.getOrDefault("SIM_STAMP_DELTAS", "false").trim()));
    }

    private static int intOf(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
    }

    public SimulatorConfig withHost(String host) {
        return new SimulatorConfig(host, port, tokensPerSecond, chunkChars, firstTokenDelayMs, seed, outputTokens, stampDeltas);
    }

    public SimulatorConfig withPort(int port) {
        return new SimulatorConfig(host, port, tokensPerSecond, chunkChars, firstTokenDelayMs, seed, outputTokens, stampDeltas);
    }

    public SimulatorConfig withTokensPerSecond(int tokensPerSecond) {
        return new SimulatorConfig(host, port, tokensPerSecond, chunkChars, firstTokenDelayMs, seed, outputTokens, stampDeltas);
    }

    public SimulatorConfig withChunkChars(int chunkChars) {
        return new SimulatorConfig(host, port, tokensPerSecond, chunkChars, firstTokenDelayMs, seed, outputTokens, stampDeltas);
    }

    public SimulatorConfig withFirstTokenDelayMs(long firstTokenDelayMs) {
        return new SimulatorConfig(host, port, tokensPerSecond, chunkChars, firstTokenDelayMs, seed, outputTokens, stampDeltas);
    }

    public SimulatorConfig withSeed(long seed) {
        return new SimulatorConfig(host, port, tokensPerSecond, chunkChars, firstTokenDelayMs, seed, outputTokens, stampDeltas);
    }

    public SimulatorConfig withOutputTokens(int outputTokens) {
        return new SimulatorConfig(host, port, tokensPerSecond, chunkChars, firstTokenDelayMs, seed, outputTokens, stampDeltas);
    }

    public SimulatorConfig withStampDeltas(boolean stampDeltas) {
        return new SimulatorConfig(host, port, tokensPerSecond, chunkChars, firstTokenDelayMs, seed, outputTokens, stampDeltas);
    }
}

package org.edxo.ai.worker.billing;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HoldClientTest {

    @Test
    void theInputBoundIsTheUtf8ByteLengthOfEveryTextSentPlusTheFramingMargin() {
        // "é" is 2 bytes, "€" 3: a token holds at least one byte, so bytes bound tokens from above.
        assertThat(HoldClient.maxInputTokens("abc", "é€", null)).isEqualTo(HoldClient.FRAMING_TOKENS + 3 + 5);
        assertThat(HoldClient.maxInputTokens()).isEqualTo(HoldClient.FRAMING_TOKENS);
    }
}

package org.edxo.ai.worker.kinds;

import org.edxo.ai.contracts.kinds.TaskKinds;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelCallTest {

    private static final byte[] PDF = "%PDF-1.7".getBytes();

    @Test
    void aCallWithAFileMayHaveNoText() {
        ModelCall.Attachment file = new ModelCall.Attachment(PDF, "devis.pdf", "application/pdf", 4000, 1100);
        ModelCall call = ModelCall.withFile("ocr", TaskKinds.OCR_DEVIS.output(), "Extraction…", file, null);

        assertThat(call.userMessage()).isEmpty();
        assertThat(call.attachment()).isSameAs(file);
        assertThat(call.template()).isNull();
        assertThat(file.toString()).isEqualTo("Attachment[devis.pdf, application/pdf, 8 bytes]");
    }

    @Test
    void callsWithoutAFileKeepTheirConstructors() {
        ModelCall call = new ModelCall("grille", TaskKinds.GENERATE_PROGRAMME_GRILLE.output(), "Appel…", null, "{}");
        assertThat(call.attachment()).isNull();
        assertThat(call.instructions()).isNull();
    }

    @Test
    void anEstimateAboveTheBoundIsRefused() {
        assertThatThrownBy(() -> new ModelCall.Attachment(PDF, "devis.pdf", "application/pdf", 100, 101))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new ModelCall.Attachment(PDF, "devis.pdf", "application/pdf", 100).estimatedInputTokens()).isEqualTo(100);
    }
}

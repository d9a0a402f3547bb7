package org.edxo.ai.worker.documents;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PdfAttachmentsTest {

    @Test
    void theModelSeesTheUsersNameEndingInPdf() {
        assertThat(PdfAttachments.pdfFilename("devis_420.B0.pdf")).isEqualTo("devis_420.B0.pdf");
        assertThat(PdfAttachments.pdfFilename("Grille.PDF")).isEqualTo("Grille.pdf");
        assertThat(PdfAttachments.pdfFilename("grille")).isEqualTo("grille.pdf");
        assertThat(PdfAttachments.pdfFilename(".pdf")).isEqualTo("document.pdf");
        assertThat(PdfAttachments.pdfFilename(null)).isEqualTo("document.pdf");
        assertThat(PdfAttachments.pdfFilename("  ")).isEqualTo("document.pdf");
    }

    @Test
    void aPdfsHoldBoundsItsEstimate() {
        PdfChecks.PdfInfo info = new PdfChecks.PdfInfo(3, 1800, 2000, false);
        assertThat(info.maxInputTokens(2000)).isEqualTo(2000 + 3 * 2000);
        assertThat(info.estimatedInputTokens(2000)).isEqualTo(500 + 3 * 2000);
        assertThat(info.estimatedInputTokens(2000)).isLessThanOrEqualTo(info.maxInputTokens(2000));
    }
}

package org.edxo.ai.worker.documents;

import org.edxo.ai.worker.tasks.TaskFailure;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PdfChecksTest {

    static final long MEMORY = 64L * 1024 * 1024;
    static final String PAGE_1 = "Programme 420.B0 Techniques de l'informatique\nCompétence 00SE : Analyser les fonctions d'un poste";
    static final String PAGE_2 = "Éléments de la compétence\n1. Caractériser le matériel";

    @Test
    void aTextPdfReportsItsPagesAndText() {
        byte[] pdf = TestDocuments.textPdf(PAGE_1, PAGE_2);

        PdfChecks.PdfInfo info = PdfChecks.inspectNow(pdf, true, MEMORY);

        assertThat(info.pages()).isEqualTo(2);
        assertThat(info.hasText()).isTrue();
        assertThat(info.restricted()).isFalse();
        assertThat(info.textBytes()).isGreaterThanOrEqualTo(info.textChars());
        assertThat(info.maxInputTokens(2000)).isEqualTo(info.textBytes() + 4000);

        PdfChecks.PdfText text = PdfChecks.textNow(pdf, 10_000, MEMORY);
        assertThat(text.text()).contains("Compétence 00SE : Analyser les fonctions d'un poste", "1. Caractériser le matériel");
        assertThat(text.text().indexOf("420.B0")).isLessThan(text.text().indexOf("Éléments"));
        assertThat(text.truncated()).isFalse();
        assertThat(text.pages()).isEqualTo(2);

        PdfChecks.PdfText cut = PdfChecks.textNow(pdf, 20, MEMORY);
        assertThat(cut.text()).hasSize(20);
        assertThat(cut.truncated()).isTrue();
    }

    @Test
    void aPdfThatNeedsAPasswordIsRefused() {
        byte[] pdf = TestDocuments.encryptedPdf(PAGE_1, "secret");

        assertThatThrownBy(() -> PdfChecks.inspectNow(pdf, false, MEMORY))
                .isInstanceOfSatisfying(TaskFailure.class, failure -> {
                    assertThat(failure.getMessage()).startsWith("PDF chiffré : un mot de passe est requis pour l'ouvrir.");
                    assertThat(failure.errorCode()).isEqualTo(DocumentFailures.INVALID_DOCUMENT);
                });
        assertThatThrownBy(() -> PdfChecks.textNow(pdf, 1000, MEMORY)).hasMessageStartingWith("PDF chiffré : ");
    }

    @Test
    void aPdfRestrictedByAnOwnerPasswordOnlyOpensAsInAViewer() {
        PdfChecks.PdfInfo info = PdfChecks.inspectNow(TestDocuments.ownerRestrictedPdf(PAGE_1), true, MEMORY);

        assertThat(info.restricted()).isTrue();
        assertThat(info.hasText()).isTrue();
    }

    @Test
    void aPdfWithoutPagesOrWithoutTextIsEmpty() {
        assertThatThrownBy(() -> PdfChecks.inspectNow(TestDocuments.noPagePdf(), false, MEMORY))
                .hasMessage("PDF vide : le document ne contient aucune page.");
        assertThatThrownBy(() -> PdfChecks.inspectNow(TestDocuments.blankPagePdf(), true, MEMORY))
                .hasMessageStartingWith("PDF vide : aucun texte n'a pu être extrait (document numérisé ?).");
        assertThatThrownBy(() -> PdfChecks.inspectNow(new byte[0], false, MEMORY))
                .hasMessage("PDF vide : le fichier est vide.");

        // A scan is fine when the model reads the pages' images itself.
        PdfChecks.PdfInfo scan = PdfChecks.inspectNow(TestDocuments.blankPagePdf(), false, MEMORY);
        assertThat(scan.pages()).isEqualTo(1);
        assertThat(scan.hasText()).isFalse();
    }

    @Test
    void aDocxOrGarbageIsUnreadable() {
        assertThatThrownBy(() -> PdfChecks.inspectNow(TestDocuments.planDeCoursDocx(), false, MEMORY))
                .isInstanceOfSatisfying(TaskFailure.class, failure -> {
                    assertThat(failure.getMessage()).startsWith("PDF illisible : ");
                    assertThat(failure.errorCode()).isEqualTo(DocumentFailures.INVALID_DOCUMENT);
                });
        assertThatThrownBy(() -> PdfChecks.inspectNow("%PDF-1.7\nrien d'autre".getBytes(StandardCharsets.US_ASCII), false, MEMORY))
                .hasMessageStartingWith("PDF illisible : ");
    }
}

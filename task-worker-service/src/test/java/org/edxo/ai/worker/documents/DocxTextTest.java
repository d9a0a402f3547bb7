package org.edxo.ai.worker.documents;

import org.edxo.ai.worker.tasks.TaskFailure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DocxTextTest {

    static final DocumentProperties.Docx DEFAULTS = new DocumentProperties.Docx(0.01, DataSize.ofMegabytes(100), 10_000_000);

    static {
        DocxText.applyLimits(DEFAULTS);
    }

    @AfterEach
    void restoreLimits() {
        DocxText.applyLimits(DEFAULTS);
    }

    @Test
    void readsHeadingsListsAndTablesInDocumentOrderAsTheOriginal() {
        DocxText.Extracted extracted = DocxText.extractNow(TestDocuments.planDeCoursDocx(), 120_000);

        assertThat(extracted.text()).isEqualTo(TestDocuments.PLAN_DE_COURS_TEXT);
        assertThat(extracted.truncated()).isFalse();
        assertThat(extracted.tables()).isEqualTo(1);
        assertThat(extracted.paragraphs()).isEqualTo(10);
    }

    @Test
    void truncatesAtTheGivenLimit() {
        byte[] docx = TestDocuments.plainDocx(200, "Une phrase de contenu du plan-cadre qui se répète.");

        DocxText.Extracted extracted = DocxText.extractNow(docx, 1000);

        assertThat(extracted.text()).hasSize(1000).startsWith("Une phrase de contenu");
        assertThat(extracted.truncated()).isTrue();
        assertThat(DocxText.extractNow(docx, 150_000).truncated()).isFalse();
    }

    @Test
    void aZipBombIsRefusedWithoutInflatingIt() {
        // 200 MB of blanks compress to ~200 KB: a ratio of 0.001, ten times under the threshold.
        byte[] bomb = TestDocuments.docxZipBomb(200L * 1024 * 1024);
        assertThat(bomb.length).isLessThan(1024 * 1024);
        Runtime runtime = Runtime.getRuntime();
        long usedBefore = runtime.totalMemory() - runtime.freeMemory();

        assertThatThrownBy(() -> DocxText.extractNow(bomb, 120_000))
                .isInstanceOfSatisfying(TaskFailure.class, failure -> {
                    assertThat(failure.getMessage()).startsWith("Document DOCX refusé : taux de compression suspect (zip bomb)");
                    assertThat(failure.errorCode()).isEqualTo(DocumentFailures.INVALID_DOCUMENT);
                });
        long usedAfter = runtime.totalMemory() - runtime.freeMemory();
        assertThat(usedAfter - usedBefore).as("heap grown by the refused bomb").isLessThan(100L * 1024 * 1024);
    }

    @Test
    void anEntryOverTheMaximumSizeIsRefused() {
        DocxText.applyLimits(new DocumentProperties.Docx(0.0001, DataSize.ofMegabytes(1), 10_000_000));
        // Ratio ~0.001 passes a 0.0001 threshold; 5 MB is over the 1 MB entry limit.
        byte[] large = TestDocuments.docxZipBomb(5L * 1024 * 1024);

        assertThatThrownBy(() -> DocxText.extractNow(large, 120_000))
                .isInstanceOfSatisfying(TaskFailure.class, failure -> assertThat(failure.getMessage())
                        .isEqualTo("Document DOCX refusé : une partie du document décompressé dépasse la taille permise."));
    }

    @Test
    void aPdfAnOldWordFileGarbageOrNothingAreUnreadable() {
        assertThatThrownBy(() -> DocxText.extractNow(TestDocuments.textPdf("Devis ministériel"), 1000))
                .hasMessage("Document DOCX illisible : ce n'est pas un document Word (.docx).");
        assertThatThrownBy(() -> DocxText.extractNow(TestDocuments.ole2Document(), 1000))
                .hasMessageStartingWith("Document DOCX illisible : document Word 97-2003 (.doc) ou protégé par un mot de passe.");
        assertThatThrownBy(() -> DocxText.extractNow(new byte[0], 1000))
                .hasMessage("Document DOCX illisible : le fichier est vide.");

        byte[] docx = TestDocuments.planDeCoursDocx();
        byte[] cut = java.util.Arrays.copyOf(docx, docx.length / 2);
        assertThatThrownBy(() -> DocxText.extractNow(cut, 1000))
                .isInstanceOfSatisfying(TaskFailure.class, failure -> {
                    assertThat(failure.getMessage()).startsWith("Document DOCX illisible : ");
                    assertThat(failure.errorCode()).isEqualTo(DocumentFailures.INVALID_DOCUMENT);
                });
        byte[] notAZip = "PK\u0003\u0004 ceci n'est pas une archive".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> DocxText.extractNow(notAZip, 1000)).hasMessageStartingWith("Document DOCX illisible : ");
    }
}

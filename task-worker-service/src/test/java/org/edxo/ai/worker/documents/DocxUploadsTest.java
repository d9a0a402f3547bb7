package org.edxo.ai.worker.documents;

import org.edxo.ai.worker.tasks.TaskFailure;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DocxUploadsTest {

    @Test
    void aDocxWithoutTextIsAnInvalidDocument() {
        DocxText.Extracted empty = DocxText.extractNow(TestDocuments.plainDocx(0, ""), 1000);
        assertThatThrownBy(() -> DocxUploads.requireText(empty))
                .isInstanceOfSatisfying(TaskFailure.class, failure -> {
                    assertThat(failure.errorCode()).isEqualTo(DocumentFailures.INVALID_DOCUMENT);
                    assertThat(failure.getMessage()).isEqualTo("Document DOCX vide : aucun texte à analyser.");
                });
        DocxText.Extracted text = DocxText.extractNow(TestDocuments.planDeCoursDocx(), 1000);
        assertThat(DocxUploads.requireText(text)).isSameAs(text);
    }
}

package org.edxo.ai.gateway.uploads;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class ContentSnifferTest {

    @Test
    void aPdfAndADocxAreRecognisedByTheirBytes() {
        assertThat(ContentSniffer.detect(TestFiles.pdf("devis"))).contains(DocumentType.PDF);
        assertThat(ContentSniffer.detect(TestFiles.docx("Plan de cours", 0))).contains(DocumentType.DOCX);
        assertThat(ContentSniffer.detect(TestFiles.docx("Plan de cours", 300_000))).contains(DocumentType.DOCX);
        assertThat(ContentSniffer.detect(TestFiles.docxWithComment())).contains(DocumentType.DOCX);
    }

    @Test
    void otherZipsTextAndBrokenArchivesAreNotDocuments() {
        assertThat(ContentSniffer.detect(TestFiles.xlsxLike())).isEmpty();
        assertThat(ContentSniffer.detect(TestFiles.text("%PD pas tout à fait"))).isEmpty();
        assertThat(ContentSniffer.detect(TestFiles.text("Bonjour, voici mon plan de cours."))).isEmpty();
        assertThat(ContentSniffer.detect(new byte[0])).isEmpty();
        assertThat(ContentSniffer.detect(new byte[] {'P', 'K', 3, 4})).isEmpty();

        byte[] docx = TestFiles.docx("x", 0);
        // Cut before the end of the central directory: the listing cannot be read.
        assertThat(ContentSniffer.detect(Arrays.copyOf(docx, docx.length - 10))).isEmpty();
        // A directory offset pointing past the record itself.
        byte[] corrupt = docx.clone();
        int end = corrupt.length - 22;
        corrupt[end + 16] = (byte) 0xFF;
        corrupt[end + 17] = (byte) 0xFF;
        assertThat(ContentSniffer.detect(corrupt)).isEmpty();
    }
}

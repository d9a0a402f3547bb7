package org.edxo.ai.gateway.uploads;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FileNamesTest {

    @Test
    void keepsAReadableNameAndNothingDangerous() {
        assertThat(FileNames.sanitise("Plan de cours A2025.docx")).isEqualTo("Plan de cours A2025.docx");
        assertThat(FileNames.sanitise("C:\\Users\\prof\\Devis ministériel.pdf")).isEqualTo("Devis ministériel.pdf");
        assertThat(FileNames.sanitise("../../etc/passwd")).isEqualTo("passwd");
        assertThat(FileNames.sanitise("..\u0000evil\r\n\"name\";.pdf")).isEqualTo("evil_name__.pdf");
        assertThat(FileNames.sanitise("\u202Etxt.exe\u200B")).isEqualTo("txt.exe");
        assertThat(FileNames.sanitise("  .hidden  ")).isEqualTo("hidden");
        assertThat(FileNames.sanitise(null)).isEqualTo("document");
        assertThat(FileNames.sanitise("/")).isEqualTo("document");
    }

    @Test
    void capsTheLengthAndKeepsTheExtension() {
        String name = FileNames.sanitise("é".repeat(500) + ".docx");
        assertThat(name.codePointCount(0, name.length())).isEqualTo(FileNames.MAX_LENGTH);
        assertThat(name).endsWith(".docx").startsWith("éé");
    }
}

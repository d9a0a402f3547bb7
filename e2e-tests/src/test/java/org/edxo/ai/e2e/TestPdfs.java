package org.edxo.ai.e2e;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** Real PDFs written with PDFBox, as the ministry and colleges publish them. */
final class TestPdfs {

    private TestPdfs() {
    }

    /** One page of a ministerial devis with two competencies: statement, context, elements and criteria. */
    static byte[] devis() {
        return write(List.of("""
                Techniques de l'informatique (420.B0)
                Code : 00SE
                Énoncé de la compétence : Analyser les fonctions de travail
                Contexte de réalisation
                À partir :
                  - de données sur la profession;
                  - de la description des tâches.
                Éléments de la compétence et critères de performance
                1. Caractériser la fonction de travail.
                  - Examen juste des tâches et des opérations.
                2. Examiner les conditions d'exercice.
                  - Pertinence de l'information recueillie.
                Code : 00SF
                Énoncé de la compétence : Produire des algorithmes
                Critères de performance pour l’ensemble de la compétence
                  - Utilisation appropriée de la terminologie.
                Éléments de la compétence et critères de performance
                1. Décomposer le problème.
                  - Découpage logique en sous-problèmes."""), null);
    }

    /** The course grid of a programme: two sessions, weightings, a prerequisite. */
    static byte[] grille() {
        return write(List.of("""
                Grille de cours - Techniques de l'informatique (420.B0)
                Session 1
                420-1A1-JR  Introduction à la programmation   3-3-3
                420-1B1-JR  Systèmes d'exploitation            2-2-2
                Session 2
                420-2A1-JR  Programmation orientée objet        2-4-3   Préalable : 420-1A1-JR (50 %)
                420-2B1-JR  Bases de données                    2-3-2   Corequis : 420-2A1-JR"""), null);
    }

    /** A devis that needs a password to open. */
    static byte[] encrypted() {
        return write(List.of("Code : 00SE\nÉnoncé de la compétence : Analyser les fonctions de travail"), "secret");
    }

    /** A PDF without any page. */
    static byte[] noPage() {
        return write(List.of(), null);
    }

    private static byte[] write(List<String> pages, String userPassword) {
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            for (String text : pages) {
                PDPage page = new PDPage();
                document.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                    content.beginText();
                    content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 10);
                    content.setLeading(13);
                    content.newLineAtOffset(50, 740);
                    for (String line : text.split("\n")) {
                        content.showText(line);
                        content.newLine();
                    }
                    content.endText();
                }
            }
            if (userPassword != null) {
                StandardProtectionPolicy policy = new StandardProtectionPolicy("proprietaire", userPassword, new AccessPermission());
                policy.setEncryptionKeyLength(128);
                document.protect(policy);
            }
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

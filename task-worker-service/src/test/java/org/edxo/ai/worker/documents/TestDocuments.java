package org.edxo.ai.worker.documents;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.xwpf.usermodel.XWPFAbstractNum;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFNumbering;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFStyle;
import org.apache.poi.xwpf.usermodel.XWPFStyles;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTAbstractNum;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTLvl;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTStyle;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.STNumberFormat;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.STStyleType;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Real documents written with POI and PDFBox for the tests: what a teacher or the ministry would upload. */
public final class TestDocuments {

    private TestDocuments() {
    }

    /**
     * A plan de cours as Word writes it in French: styles {@code Titre}, {@code Titre1}, {@code Titre2} (names
     * "Title", "heading 1", "heading 2"), a bulleted list with a nested item, a table, paragraphs.
     */
    public static byte[] planDeCoursDocx() {
        try (XWPFDocument document = new XWPFDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            XWPFStyles styles = document.createStyles();
            addStyle(styles, "Titre", "Title");
            addStyle(styles, "Titre1", "heading 1");
            addStyle(styles, "Titre2", "heading 2");
            addStyle(styles, "Paragraphedeliste", "List Paragraph");
            BigInteger bullets = bulletNumbering(document);

            paragraph(document, "Titre", "Plan de cours 420-1A1-RK : Programmation I");
            paragraph(document, "Titre1", "Présentation du cours");
            paragraph(document, null, "Ce cours initie l'étudiant à la programmation structurée.");
            paragraph(document, null, "   ");
            paragraph(document, "Titre2", "Objectif terminal");
            paragraph(document, null, "Produire des programmes simples et documentés.");
            listItem(document, bullets, 0, "Analyser le problème");
            listItem(document, bullets, 1, "Décomposer en sous-problèmes");
            listItem(document, bullets, 0, "Écrire et tester le code");

            XWPFTable table = document.createTable(3, 3);
            String[][] cells = {
                    {"Semaine", "Sujet", "Évaluation"},
                    {"1", "Introduction | variables", ""},
                    {"2", "Conditions", "Quiz 1 (10 %)"}};
            for (int row = 0; row < cells.length; row++) {
                for (int column = 0; column < cells[row].length; column++) {
                    table.getRow(row).getCell(column).setText(cells[row][column]);
                }
            }
            paragraph(document, "Titre1", "Enseignant");
            paragraph(document, null, "Marie Tremblay, local B-204\tmarie.tremblay@cegep.example");
            document.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text {@link DocxText} must read from {@link #planDeCoursDocx()}. */
    public static final String PLAN_DE_COURS_TEXT = """
            # Plan de cours 420-1A1-RK : Programmation I

            # Présentation du cours

            Ce cours initie l'étudiant à la programmation structurée.

            ## Objectif terminal

            Produire des programmes simples et documentés.

            - Analyser le problème

              - Décomposer en sous-problèmes

            - Écrire et tester le code

            TABLE 1:
            | Semaine | Sujet | Évaluation |
            | --- | --- | --- |
            | 1 | Introduction \\| variables |  |
            | 2 | Conditions | Quiz 1 (10 %) |
            ENDTABLE

            # Enseignant

            Marie Tremblay, local B-204 marie.tremblay@cegep.example""";

    /** A DOCX of {@code paragraphs} plain paragraphs of {@code text}. */
    public static byte[] plainDocx(int paragraphs, String text) {
        try (XWPFDocument document = new XWPFDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            for (int i = 0; i < paragraphs; i++) {
                paragraph(document, null, text);
            }
            document.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A zip that looks like a DOCX ({@code [Content_Types].xml}, {@code word/document.xml}) whose document
     * part inflates from a few dozen kilobytes to {@code inflatedBytes} of blanks.
     */
    public static byte[] docxZipBomb(long inflatedBytes) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream(); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("[Content_Types].xml"));
            zip.write(("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                    + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                    + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                    + "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
                    + "</Types>").getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("_rels/.rels"));
            zip.write(("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                    + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>"
                    + "</Relationships>").getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("word/document.xml"));
            zip.write(("<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>")
                    .getBytes(StandardCharsets.UTF_8));
            byte[] blanks = new byte[1 << 20];
            java.util.Arrays.fill(blanks, (byte) ' ');
            for (long written = 0; written < inflatedBytes; written += blanks.length) {
                zip.write(blanks, 0, (int) Math.min(blanks.length, inflatedBytes - written));
            }
            zip.write("</w:body></w:document>".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.finish();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An OLE2 container, as a Word 97-2003 .doc or a password-protected .docx is stored. */
    public static byte[] ole2Document() {
        try (POIFSFileSystem fs = new POIFSFileSystem(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            fs.createDocument(new ByteArrayInputStream("WordDocument".getBytes(StandardCharsets.US_ASCII)), "WordDocument");
            fs.writeFilesystem(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A PDF with one page per argument, each page's lines drawn as text. */
    public static byte[] textPdf(String... pages) {
        try (PDDocument document = new PDDocument()) {
            for (String page : pages) {
                addTextPage(document, page);
            }
            return save(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A text PDF that needs {@code userPassword} to open. */
    public static byte[] encryptedPdf(String text, String userPassword) {
        return protectedPdf(text, "proprietaire", userPassword);
    }

    /** A text PDF restricted by an owner password only: opens without a password, as ministerial PDFs often do. */
    public static byte[] ownerRestrictedPdf(String text) {
        return protectedPdf(text, "proprietaire", "");
    }

    /** A PDF with no page at all. */
    public static byte[] noPagePdf() {
        try (PDDocument document = new PDDocument()) {
            return save(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A PDF with one blank page: what a scan looks like to a text extractor. */
    public static byte[] blankPagePdf() {
        try (PDDocument document = new PDDocument()) {
            document.addPage(new PDPage());
            return save(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] protectedPdf(String text, String ownerPassword, String userPassword) {
        try (PDDocument document = new PDDocument()) {
            addTextPage(document, text);
            AccessPermission permissions = new AccessPermission();
            permissions.setCanModify(false);
            StandardProtectionPolicy policy = new StandardProtectionPolicy(ownerPassword, userPassword, permissions);
            policy.setEncryptionKeyLength(128);
            document.protect(policy);
            return save(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void addTextPage(PDDocument document, String text) throws IOException {
        PDPage page = new PDPage();
        document.addPage(page);
        try (PDPageContentStream content = new PDPageContentStream(document, page)) {
            content.beginText();
            content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 11);
            content.setLeading(14);
            content.newLineAtOffset(50, 720);
            for (String line : text.split("\n")) {
                content.showText(line);
                content.newLine();
            }
            content.endText();
        }
    }

    private static byte[] save(PDDocument document) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        document.save(out);
        return out.toByteArray();
    }

    private static void addStyle(XWPFStyles styles, String id, String name) {
        CTStyle style = CTStyle.Factory.newInstance();
        style.setStyleId(id);
        style.setType(STStyleType.PARAGRAPH);
        style.addNewName().setVal(name);
        styles.addStyle(new XWPFStyle(style));
    }

    private static BigInteger bulletNumbering(XWPFDocument document) {
        CTAbstractNum abstractNum = CTAbstractNum.Factory.newInstance();
        abstractNum.setAbstractNumId(BigInteger.ONE);
        for (int level = 0; level < 2; level++) {
            CTLvl lvl = abstractNum.addNewLvl();
            lvl.setIlvl(BigInteger.valueOf(level));
            lvl.addNewNumFmt().setVal(STNumberFormat.BULLET);
            lvl.addNewLvlText().setVal("•");
        }
        XWPFNumbering numbering = document.createNumbering();
        BigInteger abstractId = numbering.addAbstractNum(new XWPFAbstractNum(abstractNum));
        return numbering.addNum(abstractId);
    }

    private static void paragraph(XWPFDocument document, String style, String text) {
        XWPFParagraph paragraph = document.createParagraph();
        if (style != null) {
            paragraph.setStyle(style);
        }
        paragraph.createRun().setText(text);
    }

    private static void listItem(XWPFDocument document, BigInteger numId, int level, String text) {
        XWPFParagraph paragraph = document.createParagraph();
        paragraph.setStyle("Paragraphedeliste");
        paragraph.setNumID(numId);
        paragraph.setNumILvl(BigInteger.valueOf(level));
        paragraph.createRun().setText(text);
    }
}

package org.edxo.ai.gateway.uploads;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Files as users send them: a minimal real DOCX package, a PDF, an XLSX-like zip, plain text. */
public final class TestFiles {

    private TestFiles() {
    }

    /** A DOCX package (the parts Word needs to open it) with one paragraph and {@code padding} random bytes in a media part. */
    public static byte[] docx(String paragraph, int padding) {
        return zip(padding, null,
                "[Content_Types].xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                        + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                        + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                        + "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>",
                "_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                        + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>",
                "word/document.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
                        + "<w:body><w:p><w:r><w:t>" + paragraph + "</w:t></w:r></w:p></w:body></w:document>");
    }

    /** A spreadsheet package: a ZIP with {@code [Content_Types].xml} but no {@code word/document.xml}. */
    static byte[] xlsxLike() {
        return zip(0, null, "[Content_Types].xml", "<Types/>", "xl/workbook.xml", "<workbook/>");
    }

    /** A DOCX package with a zip comment after the central directory (Word never writes one, other tools may). */
    static byte[] docxWithComment() {
        return zip(0, "archive produite par un outil tiers", "[Content_Types].xml", "<Types/>", "word/document.xml", "<w:document/>");
    }

    public static byte[] pdf(String text) {
        return ("%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
                + "% " + text + "\ntrailer << /Root 1 0 R >>\n%%EOF\n").getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] text(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] zip(int padding, String comment, String... namesAndContents) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream(); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (int i = 0; i < namesAndContents.length; i += 2) {
                zip.putNextEntry(new ZipEntry(namesAndContents[i]));
                zip.write(namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
            if (padding > 0) {
                byte[] noise = new byte[padding];
                new Random(7).nextBytes(noise);
                zip.putNextEntry(new ZipEntry("word/media/image1.bin"));
                zip.write(noise);
                zip.closeEntry();
            }
            if (comment != null) {
                zip.setComment(comment);
            }
            zip.finish();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

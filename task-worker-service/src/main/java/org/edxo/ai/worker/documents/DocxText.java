package org.edxo.ai.worker.documents;

import org.apache.poi.EncryptedDocumentException;
import org.apache.poi.openxml4j.util.ZipSecureFile;
import org.apache.poi.poifs.filesystem.FileMagic;
import org.apache.poi.xwpf.usermodel.IBodyElement;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFSDT;
import org.apache.poi.xwpf.usermodel.XWPFStyle;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.apache.poi.xwpf.usermodel.XWPFTableCell;
import org.apache.poi.xwpf.usermodel.XWPFTableRow;
import org.edxo.ai.worker.tasks.TaskFailure;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * DOCX to text as the original reads it before structuring (reference §3.7 item 1): blocks in document
 * order separated by a blank line, headings prefixed by {@code #} (one per level), list paragraphs by
 * {@code - } (indented per level), and each table as a Markdown block between {@code TABLE n:} and
 * {@code ENDTABLE}. POI's zip-bomb checks apply (set once from {@link DocumentProperties.Docx}).
 */
@Component
public class DocxText {

    /**
     * @param text       the text, at most {@code maxChars} characters
     * @param truncated  whether the document had more text than {@code maxChars}
     * @param paragraphs non-empty paragraphs read (headings and list items included)
     * @param tables     tables read
     */
    public record Extracted(String text, boolean truncated, int paragraphs, int tables) {
    }

    private static final Pattern HEADING = Pattern.compile("^(?:heading|titre|überschrift)\\s*([1-9])$");

    private final Scheduler scheduler;
    private final DocumentProperties properties;

    public DocxText(DocumentProperties properties, DocumentScheduler documentScheduler) {
        this.properties = properties;
        this.scheduler = documentScheduler.scheduler();
        applyLimits(properties.docx());
    }

    /** The text of a DOCX, parsed on the document scheduler; fails with a {@link TaskFailure} in French. */
    public Mono<Extracted> extract(byte[] docx, int maxChars) {
        return Mono.fromCallable(() -> extractNow(docx, maxChars))
                .subscribeOn(scheduler)
                .timeout(properties.parseTimeout())
                .onErrorMap(TimeoutException.class, e -> DocumentFailures.parseTimeout("DOCX"));
    }

    /**
     * POI keeps its zip-bomb thresholds in static fields: the last call wins for the whole JVM. Set on
     * purpose rather than relying on POI's defaults (which allow 4 GB entries).
     */
    public static synchronized void applyLimits(DocumentProperties.Docx limits) {
        ZipSecureFile.setMinInflateRatio(limits.minInflateRatio());
        ZipSecureFile.setMaxEntrySize(limits.maxEntrySize().toBytes());
        ZipSecureFile.setMaxTextSize(limits.maxTextSize());
    }

    /** Blocking: call it off the event loops ({@link #extract} does). */
    public static Extracted extractNow(byte[] docx, int maxChars) {
        if (maxChars < 1) {
            throw new IllegalArgumentException("maxChars must be positive");
        }
        if (docx == null || docx.length == 0) {
            throw DocumentFailures.unreadableDocx("le fichier est vide.", null);
        }
        try (InputStream in = FileMagic.prepareToCheckMagic(new ByteArrayInputStream(docx))) {
            FileMagic magic = FileMagic.valueOf(in);
            if (magic == FileMagic.OLE2) {
                // A .doc of Word 97-2003, or a .docx protected by a password (stored as an encrypted OLE2 container).
                throw DocumentFailures.unreadableDocx("document Word 97-2003 (.doc) ou protégé par un mot de passe. "
                        + "Enregistrez-le au format .docx, sans mot de passe.", null);
            }
            if (magic != FileMagic.OOXML) {
                throw DocumentFailures.unreadableDocx("ce n'est pas un document Word (.docx).", null);
            }
            try (XWPFDocument document = new XWPFDocument(in)) {
                return new Reader(document, maxChars).read();
            }
        } catch (TaskFailure failure) {
            throw failure;
        } catch (EncryptedDocumentException e) {
            throw DocumentFailures.unreadableDocx("document protégé par un mot de passe.", e);
        } catch (IOException | RuntimeException e) {
            throw classify(e);
        }
    }

    /** POI reports zip bombs as IOExceptions (sometimes wrapped): tell them apart by their message. */
    private static TaskFailure classify(Exception error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            String message = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
            if (message.contains("zip bomb")) {
                return message.contains("ratio") ? DocumentFailures.zipBomb(error) : DocumentFailures.docxTooLarge(error);
            }
        }
        return DocumentFailures.unreadableDocx(describe(error), error);
    }

    private static String describe(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.length() > 200 ? message.substring(0, 200) + "…" : message;
    }

    /** Walks the body once, in order, and stops as soon as the text is full. */
    private static final class Reader {

        private final XWPFDocument document;
        private final int maxChars;
        private final StringBuilder text = new StringBuilder();
        private boolean truncated;
        private int paragraphs;
        private int tables;

        Reader(XWPFDocument document, int maxChars) {
            this.document = document;
            this.maxChars = maxChars;
        }

        Extracted read() {
            for (IBodyElement element : document.getBodyElements()) {
                if (truncated) {
                    break;
                }
                if (element instanceof XWPFParagraph paragraph) {
                    paragraph(paragraph);
                } else if (element instanceof XWPFTable table) {
                    table(table);
                } else if (element instanceof XWPFSDT control) {
                    block(clean(control.getContent().getText()));
                }
            }
            return new Extracted(text.toString(), truncated, paragraphs, tables);
        }

        private void paragraph(XWPFParagraph paragraph) {
            String content = clean(paragraph.getText());
            if (content.isEmpty()) {
                return;
            }
            int heading = headingLevel(paragraph);
            if (heading > 0) {
                content = "#".repeat(heading) + " " + content;
            } else if (isListItem(paragraph)) {
                BigInteger level = paragraph.getNumIlvl();
                content = "  ".repeat(level == null ? 0 : Math.min(level.intValue(), 8)) + "- " + content;
            }
            paragraphs++;
            block(content);
        }

        private void table(XWPFTable table) {
            tables++;
            List<List<String>> rows = new ArrayList<>();
            int columns = 0;
            for (XWPFTableRow row : table.getRows()) {
                List<String> cells = new ArrayList<>();
                for (XWPFTableCell cell : row.getTableCells()) {
                    cells.add(clean(cell.getText()).replace("\n", " ").replace("|", "\\|"));
                }
                columns = Math.max(columns, cells.size());
                rows.add(cells);
            }
            StringBuilder block = new StringBuilder("TABLE ").append(tables).append(':');
            for (int index = 0; index < rows.size(); index++) {
                List<String> cells = rows.get(index);
                block.append("\n|");
                for (int column = 0; column < columns; column++) {
                    block.append(' ').append(column < cells.size() ? cells.get(column) : "").append(" |");
                }
                if (index == 0) {
                    block.append("\n|").append(" --- |".repeat(Math.max(1, columns)));
                }
            }
            block.append("\nENDTABLE");
            block(block.toString());
        }

        private void block(String content) {
            if (content.isEmpty()) {
                return;
            }
            if (!text.isEmpty()) {
                text.append("\n\n");
            }
            text.append(content);
            if (text.length() > maxChars) {
                int end = maxChars;
                if (Character.isLowSurrogate(text.charAt(end)) && end > 0) {
                    end--;
                }
                text.setLength(end);
                truncated = true;
            }
        }

        private int headingLevel(XWPFParagraph paragraph) {
            String styleId = paragraph.getStyleID();
            if (styleId == null) {
                return 0;
            }
            List<String> names = new ArrayList<>(List.of(styleId));
            XWPFStyle style = document.getStyles() == null ? null : document.getStyles().getStyle(styleId);
            if (style != null && style.getName() != null) {
                names.add(style.getName());
            }
            for (String name : names) {
                String normalised = name.toLowerCase(Locale.ROOT).trim();
                if (normalised.equals("title") || normalised.equals("titre")) {
                    return 1;
                }
                Matcher matcher = HEADING.matcher(normalised);
                if (matcher.matches()) {
                    return Math.min(6, Integer.parseInt(matcher.group(1)));
                }
            }
            return 0;
        }

        private boolean isListItem(XWPFParagraph paragraph) {
            if (paragraph.getNumID() != null) {
                return true;
            }
            String styleId = paragraph.getStyleID();
            if (styleId == null) {
                return false;
            }
            XWPFStyle style = document.getStyles() == null ? null : document.getStyles().getStyle(styleId);
            String name = (style != null && style.getName() != null ? style.getName() : styleId).toLowerCase(Locale.ROOT);
            return name.contains("list") || name.contains("liste");
        }
    }

    /** Trims each line, drops the carriage returns and tabs Word leaves, keeps line breaks inside a paragraph. */
    static String clean(String raw) {
        if (raw == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(raw.length());
        for (String line : raw.replace("\r", "").replace('\t', ' ').split("\n")) {
            String trimmed = line.strip().replaceAll(" {2,}", " ");
            if (!trimmed.isEmpty()) {
                if (!out.isEmpty()) {
                    out.append('\n');
                }
                out.append(trimmed);
            }
        }
        return out.toString();
    }
}

package org.edxo.ai.worker.documents;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.MemoryUsageSetting;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.text.PDFTextStripper;
import org.edxo.ai.worker.tasks.TaskFailure;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeoutException;

/**
 * PDF checks with PDFBox before a PDF reaches the model: a PDF that needs a password to open is refused
 * ("PDF chiffré"), one without pages (or without text, when the kind needs text) is "PDF vide". A PDF only
 * restricted by an owner password (no copy, no print) opens without one, as in every viewer, and is
 * accepted: ministerial documents are often published that way. PDFBox works in main memory only, capped
 * by {@code edxo.worker.documents.pdf.max-memory}.
 */
@Component
public class PdfChecks {

    /**
     * @param pages      number of pages
     * @param textChars  characters of text PDFBox extracted from all pages
     * @param textBytes  the same text in UTF-8 bytes: a BPE token holds at least one byte, so this bounds
     *                   the tokens of the text the API extracts
     * @param restricted encrypted with an owner password only (opens without a password)
     */
    public record PdfInfo(int pages, long textChars, long textBytes, boolean restricted) {

        public boolean hasText() {
            return textChars > 0;
        }

        /**
         * An upper bound of the input tokens of this PDF given to the model as a file: its text plus an
         * image of each page ({@code pageImageTokens}, {@link DocumentProperties.Pdf#pageImageTokens()}).
         */
        public long maxInputTokens(long pageImageTokens) {
            return textBytes + pages * pageImageTokens;
        }

        /**
         * The input tokens this PDF adds, estimated (its text at 4 bytes a token, as the pipeline estimates any
         * text, plus the page images counted in full): billed for a call that never reported its counts.
         */
        public long estimatedInputTokens(long pageImageTokens) {
            return (textBytes + 3) / 4 + pages * pageImageTokens;
        }
    }

    /** Extracted text, at most {@code maxChars} characters. */
    public record PdfText(String text, boolean truncated, int pages) {
    }

    private final Scheduler scheduler;
    private final DocumentProperties properties;

    public PdfChecks(DocumentProperties properties, DocumentScheduler documentScheduler) {
        this.properties = properties;
        this.scheduler = documentScheduler.scheduler();
    }

    /** {@link #inspectNow} on the document scheduler. */
    public Mono<PdfInfo> inspect(byte[] pdf, boolean textRequired) {
        long maxMemory = properties.pdf().maxMemory().toBytes();
        return offload(() -> inspectNow(pdf, textRequired, maxMemory));
    }

    /** {@link #textNow} on the document scheduler. */
    public Mono<PdfText> text(byte[] pdf, int maxChars) {
        long maxMemory = properties.pdf().maxMemory().toBytes();
        return offload(() -> textNow(pdf, maxChars, maxMemory));
    }

    private <T> Mono<T> offload(java.util.concurrent.Callable<T> work) {
        return Mono.fromCallable(work)
                .subscribeOn(scheduler)
                .timeout(properties.parseTimeout())
                .onErrorMap(TimeoutException.class, e -> DocumentFailures.parseTimeout("PDF"));
    }

    /**
     * Opens the PDF, counts its pages and its text. Blocking.
     *
     * @param textRequired refuse a PDF without any extractable text (a scan) as "PDF vide"
     */
    public static PdfInfo inspectNow(byte[] pdf, boolean textRequired, long maxMemoryBytes) {
        try (PDDocument document = open(pdf, maxMemoryBytes)) {
            int pages = document.getNumberOfPages();
            if (pages == 0) {
                throw DocumentFailures.emptyPdf("le document ne contient aucune page.");
            }
            String text = stripper().getText(document);
            String visible = text.strip();
            if (textRequired && visible.isEmpty()) {
                throw DocumentFailures.emptyPdf("aucun texte n'a pu être extrait (document numérisé ?). "
                        + "Fournissez un PDF qui contient du texte.");
            }
            return new PdfInfo(pages, visible.length(), visible.getBytes(StandardCharsets.UTF_8).length, document.isEncrypted());
        } catch (TaskFailure failure) {
            throw failure;
        } catch (IOException | RuntimeException e) {
            throw DocumentFailures.unreadablePdf(describe(e), e);
        }
    }

    /** The text of the PDF (pages in order), cut at {@code maxChars}. Blocking. */
    public static PdfText textNow(byte[] pdf, int maxChars, long maxMemoryBytes) {
        if (maxChars < 1) {
            throw new IllegalArgumentException("maxChars must be positive");
        }
        try (PDDocument document = open(pdf, maxMemoryBytes)) {
            int pages = document.getNumberOfPages();
            if (pages == 0) {
                throw DocumentFailures.emptyPdf("le document ne contient aucune page.");
            }
            String text = stripper().getText(document).strip();
            boolean truncated = text.length() > maxChars;
            if (truncated) {
                int end = Character.isHighSurrogate(text.charAt(maxChars - 1)) ? maxChars - 1 : maxChars;
                text = text.substring(0, end);
            }
            return new PdfText(text, truncated, pages);
        } catch (TaskFailure failure) {
            throw failure;
        } catch (IOException | RuntimeException e) {
            throw DocumentFailures.unreadablePdf(describe(e), e);
        }
    }

    private static PDDocument open(byte[] pdf, long maxMemoryBytes) throws IOException {
        if (pdf == null || pdf.length == 0) {
            throw DocumentFailures.emptyPdf("le fichier est vide.");
        }
        try {
            return Loader.loadPDF(pdf, "", null, null, MemoryUsageSetting.setupMainMemoryOnly(maxMemoryBytes).streamCache);
        } catch (InvalidPasswordException e) {
            throw DocumentFailures.encryptedPdf(e);
        }
    }

    private static PDFTextStripper stripper() {
        PDFTextStripper stripper = new PDFTextStripper();
        stripper.setSortByPosition(true);
        return stripper;
    }

    private static String describe(Throwable error) {
        String message = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        return message.length() > 200 ? message.substring(0, 200) + "…" : message;
    }
}

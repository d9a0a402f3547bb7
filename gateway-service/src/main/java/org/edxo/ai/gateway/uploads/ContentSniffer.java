package org.edxo.ai.gateway.uploads;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Tells a PDF from a DOCX by their bytes, never by the name or the declared type: a PDF starts with
 * {@code %PDF-}; a DOCX is a ZIP ({@code PK\3\4}) whose central directory lists {@code [Content_Types].xml}
 * and {@code word/document.xml}. Only the central directory is read (its size and entry count are
 * bounded), nothing is inflated, so a zip bomb costs nothing here; the worker checks the content itself.
 */
public final class ContentSniffer {

    private static final byte[] PDF_MAGIC = "%PDF-".getBytes(StandardCharsets.US_ASCII);
    private static final int ZIP_LOCAL_HEADER = 0x04034b50;
    private static final int ZIP_CENTRAL_HEADER = 0x02014b50;
    private static final int ZIP_END_OF_CENTRAL_DIRECTORY = 0x06054b50;
    private static final int END_RECORD_SIZE = 22;
    private static final int MAX_COMMENT = 0xFFFF;
    /** A Word document has a few dozen parts; a directory far larger than that is not one we want to read. */
    static final int MAX_ENTRIES = 10_000;
    static final int MAX_CENTRAL_DIRECTORY_BYTES = 4 * 1024 * 1024;

    private ContentSniffer() {
    }

    public static Optional<DocumentType> detect(byte[] bytes) {
        return detect(ByteBuffer.wrap(bytes));
    }

    /** The content from the buffer's position to its limit (neither is changed). */
    public static Optional<DocumentType> detect(ByteBuffer content) {
        ByteBuffer buffer = content.slice().order(ByteOrder.LITTLE_ENDIAN);
        if (startsWith(buffer, PDF_MAGIC)) {
            return Optional.of(DocumentType.PDF);
        }
        if (buffer.limit() >= 4 && buffer.getInt(0) == ZIP_LOCAL_HEADER && isWordPackage(buffer)) {
            return Optional.of(DocumentType.DOCX);
        }
        return Optional.empty();
    }

    /** Whether the ZIP's central directory names the two parts every WordprocessingML package has. */
    private static boolean isWordPackage(ByteBuffer buffer) {
        int end = findEndOfCentralDirectory(buffer);
        if (end < 0) {
            return false;
        }
        int entries = Short.toUnsignedInt(buffer.getShort(end + 10));
        long directorySize = Integer.toUnsignedLong(buffer.getInt(end + 12));
        long directoryOffset = Integer.toUnsignedLong(buffer.getInt(end + 16));
        // 0xFFFF / 0xFFFFFFFF mean ZIP64, which no Word document of our size needs.
        if (entries == 0 || entries > MAX_ENTRIES || directorySize > MAX_CENTRAL_DIRECTORY_BYTES
                || directoryOffset + directorySize > end) {
            return false;
        }
        Set<String> names = new HashSet<>();
        int position = (int) directoryOffset;
        int limit = (int) (directoryOffset + directorySize);
        for (int index = 0; index < entries; index++) {
            if (position + 46 > limit || buffer.getInt(position) != ZIP_CENTRAL_HEADER) {
                return false;
            }
            int nameLength = Short.toUnsignedInt(buffer.getShort(position + 28));
            int extraLength = Short.toUnsignedInt(buffer.getShort(position + 30));
            int commentLength = Short.toUnsignedInt(buffer.getShort(position + 32));
            if (position + 46 + nameLength > limit) {
                return false;
            }
            byte[] name = new byte[nameLength];
            buffer.get(position + 46, name);
            names.add(new String(name, StandardCharsets.UTF_8));
            position += 46 + nameLength + extraLength + commentLength;
        }
        return names.contains("[Content_Types].xml") && names.contains("word/document.xml");
    }

    /** The end-of-central-directory record sits in the last 22 bytes plus at most a 64 KB comment. */
    private static int findEndOfCentralDirectory(ByteBuffer buffer) {
        int last = buffer.limit() - END_RECORD_SIZE;
        int first = Math.max(0, last - MAX_COMMENT);
        for (int position = last; position >= first; position--) {
            if (buffer.getInt(position) == ZIP_END_OF_CENTRAL_DIRECTORY
                    && position + END_RECORD_SIZE + Short.toUnsignedInt(buffer.getShort(position + 20)) == buffer.limit()) {
                return position;
            }
        }
        return -1;
    }

    private static boolean startsWith(ByteBuffer buffer, byte[] prefix) {
        if (buffer.limit() < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (buffer.get(i) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}

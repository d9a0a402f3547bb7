package org.edxo.ai.gateway.uploads;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.time.Duration;

/**
 * {@code edxo.gateway.uploads.*}.
 *
 * @param maxSize        largest file accepted ({@code EDXO_GATEWAY_MAX_UPLOAD_SIZE}); counted while the part
 *                       streams in, so no more than this is ever held for one upload
 * @param maxFieldSize   largest plain form field sent with the file
 * @param maxParts       parts of one multipart request (the file and its form fields)
 * @param maxConcurrent  files received at once by this instance (503 beyond): memory stays under this
 *                       many times {@code maxSize}
 * @param unattachedTtl  an upload no task took is deleted after this
 * @param purgeInterval  how often those are looked for
 * @param purgeBatch     uploads deleted per statement
 * @param readSlice      the internal route reads the bytes from PostgreSQL by slices of this size
 */
@ConfigurationProperties("edxo.gateway.uploads")
public record UploadProperties(
        @DefaultValue("20MB") DataSize maxSize,
        @DefaultValue("64KB") DataSize maxFieldSize,
        @DefaultValue("16") int maxParts,
        @DefaultValue("4") int maxConcurrent,
        @DefaultValue("1h") Duration unattachedTtl,
        @DefaultValue("10m") Duration purgeInterval,
        @DefaultValue("100") int purgeBatch,
        @DefaultValue("1MB") DataSize readSlice) {

    public UploadProperties {
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("edxo.gateway.uploads.max-concurrent must be at least 1");
        }
        if (maxSize.toBytes() < 1 || maxSize.toBytes() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("edxo.gateway.uploads.max-size must be between 1 B and 2 GB");
        }
    }

    /** "20 Mo", for messages. */
    public String maxSizeLabel() {
        long bytes = maxSize.toBytes();
        return bytes >= 1024 * 1024 ? Math.round(bytes / (1024.0 * 1024.0)) + " Mo" : Math.max(1, bytes / 1024) + " Ko";
    }
}

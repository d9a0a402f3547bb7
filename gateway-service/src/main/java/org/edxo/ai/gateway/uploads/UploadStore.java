package org.edxo.ai.gateway.uploads;

import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

/** {@code gateway.uploads}: the bytes and what the gateway knows about them. */
@Repository
public class UploadStore {

    private static final String COLUMNS = "id, owner_id, task_id, filename, content_type, size, sha256, created_at";

    private final DatabaseClient db;
    private final UploadProperties properties;

    public UploadStore(DatabaseClient db, UploadProperties properties) {
        this.db = db;
        this.properties = properties;
    }

    /** @param content the bytes from its position to its limit (the buffer itself is not moved) */
    public Mono<Upload> save(String ownerId, String filename, DocumentType type, ByteBuffer content, String sha256) {
        UUID id = UUID.randomUUID();
        long size = content.remaining();
        return db.sql("""
                        INSERT INTO gateway.uploads (id, owner_id, filename, content_type, size, sha256, bytes)
                        VALUES (:id, :ownerId, :filename, :contentType, :size, :sha256, :bytes)
                        RETURNING created_at""")
                .bind("id", id)
                .bind("ownerId", ownerId)
                .bind("filename", filename)
                .bind("contentType", type.mediaType())
                .bind("size", size)
                .bind("sha256", sha256)
                .bind("bytes", content.duplicate())
                .map(row -> row.get("created_at", OffsetDateTime.class).toInstant())
                .one()
                .map(createdAt -> new Upload(id, ownerId, null, filename, type, size, sha256, createdAt));
    }

    public Mono<Upload> find(UUID id) {
        return db.sql("SELECT " + COLUMNS + " FROM gateway.uploads WHERE id = :id")
                .bind("id", id)
                .map(UploadStore::toUpload)
                .one();
    }

    /**
     * The bytes, read slice by slice ({@code edxo.gateway.uploads.read-slice}) so that serving an upload
     * never holds all of it; ends early if the upload is deleted meanwhile (the reader's SHA-256 check fails).
     */
    public Flux<ByteBuffer> content(Upload upload) {
        int slice = (int) properties.readSlice().toBytes();
        int slices = (int) ((upload.size() + slice - 1) / slice);
        return Flux.range(0, slices).concatMap(index -> db.sql(
                                "SELECT substring(bytes FROM :from FOR :length) AS slice FROM gateway.uploads WHERE id = :id")
                        .bind("id", upload.id())
                        .bind("from", index * slice + 1)
                        .bind("length", slice)
                        .map(row -> row.get("slice", ByteBuffer.class))
                        .one(), 1);
    }

    /** @return whether it existed */
    public Mono<Boolean> delete(UUID id) {
        return db.sql("DELETE FROM gateway.uploads WHERE id = :id")
                .bind("id", id)
                .fetch()
                .rowsUpdated()
                .map(count -> count > 0);
    }

    /**
     * Ties an upload to its task: from then on it lives as long as the task (the retention purge deletes
     * tasks, and their uploads by cascade). An upload belongs to one task only.
     *
     * @return false when the upload is gone or already belongs to a task
     */
    public Mono<Boolean> attach(UUID id, UUID taskId) {
        return db.sql("UPDATE gateway.uploads SET task_id = :taskId WHERE id = :id AND task_id IS NULL")
                .bind("id", id)
                .bind("taskId", taskId)
                .fetch()
                .rowsUpdated()
                .map(count -> count > 0);
    }

    /**
     * Deletes uploads no task took within {@code ttl}, in batches; several instances may run it at once.
     *
     * @return how many were deleted
     */
    public Mono<Long> purgeUnattachedOlderThan(Duration ttl) {
        Instant cutoff = Instant.now().minus(ttl);
        return purgeBatch(cutoff)
                .expand(deleted -> deleted < properties.purgeBatch() ? Mono.empty() : purgeBatch(cutoff))
                .reduce(0L, Long::sum);
    }

    private Mono<Long> purgeBatch(Instant cutoff) {
        return db.sql("""
                        DELETE FROM gateway.uploads WHERE id IN (
                            SELECT id FROM gateway.uploads WHERE task_id IS NULL AND created_at < :cutoff
                            ORDER BY created_at LIMIT :batch FOR UPDATE SKIP LOCKED)""")
                .bind("cutoff", cutoff)
                .bind("batch", properties.purgeBatch())
                .fetch()
                .rowsUpdated();
    }

    private static Upload toUpload(Readable row) {
        return new Upload(
                row.get("id", UUID.class),
                row.get("owner_id", String.class),
                row.get("task_id", UUID.class),
                row.get("filename", String.class),
                DocumentType.ofMediaType(row.get("content_type", String.class)).orElseThrow(),
                row.get("size", Long.class),
                row.get("sha256", String.class),
                row.get("created_at", OffsetDateTime.class).toInstant());
    }
}

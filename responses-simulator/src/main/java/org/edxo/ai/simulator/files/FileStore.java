package org.edxo.ai.simulator.files;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The simulator's Files API storage, in memory. Bounded in total bytes so that a leaking client fails
 * loudly (a 400 like a full OpenAI storage quota) instead of filling the heap; nothing is evicted, so
 * tests can see every file a client forgot to delete.
 */
public final class FileStore {

    /** The purposes {@code POST /v1/files} accepts (openai-java's {@code FilePurpose}). */
    public static final Set<String> PURPOSES = Set.of("assistants", "batch", "fine-tune", "vision", "user_data", "evals");

    private final Map<String, StoredFile> files = new ConcurrentHashMap<>();
    private final AtomicLong storedBytes = new AtomicLong();
    private final long maxTotalBytes;

    public FileStore(long maxTotalBytes) {
        this.maxTotalBytes = maxTotalBytes;
    }

    /**
     * @param expiresAfterSeconds {@code expires_after[seconds]} (anchored at creation), or null
     * @return the stored file, or empty when the storage limit would be exceeded
     */
    public Optional<StoredFile> add(String filename, String purpose, byte[] bytes, String contentType, Long expiresAfterSeconds) {
        if (storedBytes.addAndGet(bytes.length) > maxTotalBytes) {
            storedBytes.addAndGet(-bytes.length);
            return Optional.empty();
        }
        String id = "file-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE)
                + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        long now = Instant.now().getEpochSecond();
        StoredFile file = new StoredFile(id, filename, purpose, bytes, contentType, now,
                expiresAfterSeconds == null ? null : now + expiresAfterSeconds);
        files.put(id, file);
        return Optional.of(file);
    }

    public Optional<StoredFile> get(String id) {
        return Optional.ofNullable(files.get(id));
    }

    public boolean remove(String id) {
        StoredFile removed = files.remove(id);
        if (removed != null) {
            storedBytes.addAndGet(-removed.size());
        }
        return removed != null;
    }

    /** Every stored file, oldest first. */
    public List<StoredFile> list() {
        return files.values().stream()
                .sorted(Comparator.comparingLong(StoredFile::createdAt).thenComparing(StoredFile::id))
                .toList();
    }

    public void clear() {
        files.clear();
        storedBytes.set(0);
    }
}

package org.edxo.ai.worker.documents;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.util.HashMap;
import java.util.Map;

/** {@link DocumentProperties} bound as Spring would, from the defaults plus the given overrides. */
final class DocumentTestProperties {

    private DocumentTestProperties() {
    }

    /** @param overrides keys under {@code edxo.worker.documents.}, such as {@code gateway-url} */
    static DocumentProperties of(Map<String, String> overrides) {
        Map<String, String> source = new HashMap<>();
        overrides.forEach((key, value) -> source.put("edxo.worker.documents." + key, value));
        // At least one key, so that the record is bound (its defaults fill the rest).
        source.putIfAbsent("edxo.worker.documents.parse-concurrency", "2");
        return new Binder(new MapConfigurationPropertySource(source))
                .bind("edxo.worker.documents", DocumentProperties.class).get();
    }
}

package org.edxo.ai.worker.kinds;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code usage} as the original's programme and evaluation payloads named it ({@code prompt_tokens},
 * {@code completion_tokens}, {@code cost}), followed by our own keys, so that EDxo's screens read theirs
 * and our clients read ours.
 */
public final class OriginalUsage {

    private OriginalUsage() {
    }

    /** @param usage the pipeline's usage ({@link KindHandler.ResultContext#usage()}) */
    public static Map<String, Object> of(Map<String, Object> usage) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("prompt_tokens", usage.getOrDefault("input_tokens", 0L));
        map.put("completion_tokens", usage.getOrDefault("output_tokens", 0L));
        map.put("cost", usage.get("cost"));
        map.putAll(usage);
        return map;
    }
}

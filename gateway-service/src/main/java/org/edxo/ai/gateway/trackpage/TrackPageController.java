package org.edxo.ai.gateway.trackpage;

import org.edxo.ai.gateway.tasks.TaskAccess;
import org.edxo.ai.gateway.web.Caller;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * {@code GET /tasks/track/{task_id}}: the page that follows a task over SSE, for its owner or an admin (the
 * same 404 as the status route otherwise). The page is static: its script reads the task id and the
 * {@code ?access_token=} from its own URL, so no data is ever rendered into the HTML on the server.
 * Its script and style sheet are served under {@code /tasks/track-assets/} without authentication (they carry
 * no data), so that a strict Content-Security-Policy can forbid every inline script.
 */
@RestController
public class TrackPageController {

    public static final String ASSETS_PATH = "/tasks/track-assets/";
    /** No inline script, no foreign origin: model output that slips into the DOM cannot run or load anything. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static final MediaType HTML = MediaType.parseMediaType("text/html;charset=UTF-8");
    private static final Map<String, MediaType> ASSET_TYPES = Map.of(
            "track.js", MediaType.parseMediaType("text/javascript;charset=UTF-8"),
            "track.css", MediaType.parseMediaType("text/css;charset=UTF-8"));

    private final TaskAccess access;
    private final byte[] page = read("track.html");
    private final Map<String, byte[]> assets = Map.of("track.js", read("track.js"), "track.css", read("track.css"));

    public TrackPageController(TaskAccess access) {
        this.access = access;
    }

    @GetMapping("/tasks/track/{taskId}")
    Mono<ResponseEntity<byte[]>> page(@PathVariable String taskId, Authentication authentication) {
        return access.visibleTask(taskId, Caller.of(authentication))
                .map(task -> secured(ResponseEntity.ok()).contentType(HTML)
                        // The page URL carries the access token: never store it, never send it as a Referer.
                        .cacheControl(CacheControl.noStore())
                        .body(page));
    }

    @GetMapping(ASSETS_PATH + "{name}")
    ResponseEntity<byte[]> asset(@PathVariable String name) {
        byte[] body = assets.get(name);
        if (body == null) {
            return ResponseEntity.notFound().build();
        }
        return secured(ResponseEntity.ok()).contentType(ASSET_TYPES.get(name))
                .cacheControl(CacheControl.noCache())
                .body(body);
    }

    private static ResponseEntity.BodyBuilder secured(ResponseEntity.BodyBuilder builder) {
        return builder
                .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer");
    }

    private static byte[] read(String name) {
        try {
            return new ClassPathResource("trackpage/" + name).getContentAsByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("missing page resource trackpage/" + name, e);
        }
    }
}

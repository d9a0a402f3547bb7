package org.edxo.ai.gateway.tasks;

import org.edxo.ai.gateway.web.ApiException;
import org.edxo.ai.gateway.web.ApiException.FieldError;
import org.edxo.ai.gateway.web.Caller;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/tasks?state=&kind=&page=&size=}: the caller's tasks, newest first,
 * {@code {"items": [{task_id, kind, state, message, created_at, updated_at}], "page", "size", "total"}}.
 * {@code page} starts at 1 (default 1), {@code size} 1..100 (default 20). An admin may add {@code user_id=}
 * to see another user's tasks; for anyone else the list is always their own.
 */
@RestController
public class TaskListController {

    static final int DEFAULT_SIZE = 20;
    static final int MAX_SIZE = 100;

    private final DatabaseClient db;

    public TaskListController(DatabaseClient db) {
        this.db = db;
    }

    @GetMapping("/api/v1/tasks")
    Mono<Map<String, Object>> list(@RequestParam(required = false) String state,
                                   @RequestParam(required = false) String kind,
                                   @RequestParam(required = false) String page,
                                   @RequestParam(required = false) String size,
                                   @RequestParam(name = "user_id", required = false) String userId,
                                   Authentication authentication) {
        Caller caller = Caller.of(authentication);
        List<FieldError> errors = new ArrayList<>();
        int pageNumber = number(page, 1, 1, Integer.MAX_VALUE, "page", errors);
        int pageSize = number(size, DEFAULT_SIZE, 1, MAX_SIZE, "size", errors);
        if (state != null && !state.isBlank() && !validState(state)) {
            errors.add(new FieldError("state", "un état parmi PENDING, STARTED, PROGRESS, SUCCESS, FAILURE, REVOKED"));
        }
        if (!errors.isEmpty()) {
            return Mono.error(ApiException.invalid("Paramètres invalides.", errors));
        }
        String owner = caller.isAdmin() && userId != null && !userId.isBlank() ? userId : caller.userId();
        String stateFilter = state == null || state.isBlank() ? null : state;
        String kindFilter = kind == null || kind.isBlank() ? null : kind;
        String where = " FROM gateway.tasks WHERE user_id = :userId"
                + (stateFilter == null ? "" : " AND state = :state")
                + (kindFilter == null ? "" : " AND kind = :kind");
        var items = bind(db.sql("SELECT task_id, kind, state, message, created_at, updated_at" + where
                        + " ORDER BY created_at DESC, task_id LIMIT :limit OFFSET :offset"), owner, stateFilter, kindFilter)
                .bind("limit", pageSize)
                .bind("offset", (long) (pageNumber - 1) * pageSize)
                .map(row -> {
                    Map<String, Object> item = new LinkedHashMap<>();
                    item.put("task_id", String.valueOf(row.get("task_id")));
                    item.put("kind", row.get("kind", String.class));
                    item.put("state", row.get("state", String.class));
                    item.put("message", row.get("message", String.class));
                    item.put("created_at", row.get("created_at", OffsetDateTime.class).toInstant().toString());
                    item.put("updated_at", row.get("updated_at", OffsetDateTime.class).toInstant().toString());
                    return item;
                })
                .all()
                .collectList();
        var total = bind(db.sql("SELECT count(*) AS total" + where), owner, stateFilter, kindFilter)
                .map(row -> row.get("total", Long.class))
                .one();
        return Mono.zip(items, total).map(both -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("items", both.getT1());
            body.put("page", pageNumber);
            body.put("size", pageSize);
            body.put("total", both.getT2());
            return body;
        });
    }

    private static DatabaseClient.GenericExecuteSpec bind(DatabaseClient.GenericExecuteSpec spec, String userId,
                                                         String state, String kind) {
        spec = spec.bind("userId", userId);
        if (state != null) {
            spec = spec.bind("state", state);
        }
        return kind == null ? spec : spec.bind("kind", kind);
    }

    private static boolean validState(String state) {
        try {
            TaskState.valueOf(state);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static int number(String raw, int fallback, int min, int max, String field, List<FieldError> errors) {
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(new FieldError(field, "un entier entre " + min + " et " + max + " est attendu"));
        return fallback;
    }
}

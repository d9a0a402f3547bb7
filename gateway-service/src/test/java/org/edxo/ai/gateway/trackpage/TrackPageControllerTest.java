package org.edxo.ai.gateway.trackpage;

import org.edxo.ai.gateway.tasks.TaskAccess;
import org.edxo.ai.gateway.tasks.TaskRepository;
import org.edxo.ai.gateway.tasks.TaskRow;
import org.edxo.ai.gateway.tasks.TaskState;
import org.edxo.ai.gateway.web.ApiErrorHandler;
import org.edxo.ai.gateway.web.SecurityConfiguration;
import org.edxo.ai.support.security.SecurityAutoConfiguration;
import org.edxo.ai.support.security.ServiceTokens;
import org.edxo.ai.support.testing.TestInfrastructure;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.config.EnableWebFlux;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;

/**
 * The track page route with the gateway's real security and owner check, and no database: the task
 * repository is a stub. Proves who gets the page, with which headers, and that the script has no HTML sink.
 */
@SpringJUnitConfig(TrackPageControllerTest.Slice.class)
@TestPropertySource(properties = "edxo.security.jwt-secret=" + TestInfrastructure.JWT_SECRET)
class TrackPageControllerTest {

    @Configuration
    @EnableWebFlux
    @EnableWebFluxSecurity
    @Import({SecurityAutoConfiguration.class, SecurityConfiguration.class, TrackPageController.class, TaskAccess.class,
            ApiErrorHandler.class})
    static class Slice {
        @Bean
        TaskRepository taskRepository() {
            return Mockito.mock(TaskRepository.class);
        }
    }

    static final ServiceTokens TOKENS = new ServiceTokens(TestInfrastructure.JWT_SECRET, "test", Clock.systemUTC());
    static final UUID TASK = UUID.randomUUID();

    @Autowired
    ApplicationContext context;
    @Autowired
    TaskRepository tasks;
    WebTestClient http;

    @BeforeEach
    void setUp() {
        http = WebTestClient.bindToApplicationContext(context).build();
        Mockito.reset(tasks);
        Mockito.when(tasks.find(any())).thenReturn(Mono.empty());
        Mockito.when(tasks.find(TASK)).thenReturn(Mono.just(new TaskRow(TASK, "analyse_plan_de_cours", "owner-1",
                TaskState.PROGRESS, "En cours", Map.of(), null, 3)));
    }

    static String token(String user, String... roles) {
        return TOKENS.mint(user, List.of(roles), Duration.ofMinutes(5));
    }

    @Test
    void theOwnerGetsTheHtmlPageWithAStrictContentSecurityPolicy() {
        http.get().uri("/tasks/track/" + TASK)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token("owner-1", "coordo"))
                .exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectHeader().valueEquals("Content-Security-Policy", TrackPageController.CONTENT_SECURITY_POLICY)
                .expectHeader().valueEquals("Referrer-Policy", "no-referrer")
                .expectHeader().value(HttpHeaders.CACHE_CONTROL, value -> assertThat(value).contains("no-store"))
                .expectBody(String.class).value(html -> assertThat(html)
                        .contains("Suivi de la tâche", "/tasks/track-assets/track.js", "Arrêter")
                        .doesNotContain("<script>"));
        assertThat(TrackPageController.CONTENT_SECURITY_POLICY).contains("script-src 'self'").doesNotContain("unsafe");
    }

    @Test
    void theBrowserNavigatesWithTheTokenInTheQuery() {
        http.get().uri("/tasks/track/" + TASK + "?access_token=" + token("owner-1", "coordo"))
                .exchange()
                .expectStatus().isOk();
    }

    @Test
    void anAdminGetsThePage() {
        http.get().uri("/tasks/track/" + TASK)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token("admin-9", "admin"))
                .exchange()
                .expectStatus().isOk();
    }

    @Test
    void anotherUserGetsTheSame404AsForAnUnknownTask() {
        for (String task : List.of(TASK.toString(), UUID.randomUUID().toString(), "pas-un-uuid")) {
            http.get().uri("/tasks/track/" + task)
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + token("intrus-2", "coordo"))
                    .exchange()
                    .expectStatus().isNotFound()
                    .expectBody().jsonPath("$.error").isEqualTo("Tâche introuvable.");
        }
    }

    @Test
    void withoutATokenTheAnswerIs401() {
        http.get().uri("/tasks/track/" + TASK)
                .exchange()
                .expectStatus().isUnauthorized();
    }

    @Test
    void theScriptAndStyleSheetAreServedWithoutATokenAndNothingElseIs() {
        http.get().uri("/tasks/track-assets/track.js")
                .exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.parseMediaType("text/javascript"))
                .expectHeader().valueEquals("X-Content-Type-Options", "nosniff");
        http.get().uri("/tasks/track-assets/track.css")
                .exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.parseMediaType("text/css"));
        http.get().uri("/tasks/track-assets/track.html")
                .exchange()
                .expectStatus().isNotFound();
    }

    @Test
    void theScriptHasNoHtmlSink() throws Exception {
        String script = new ClassPathResource("trackpage/track.js").getContentAsString(StandardCharsets.UTF_8);
        assertThat(script).doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
                "new Function");
        assertThat(script).contains("textContent");
    }
}

package org.edxo.ai.gateway.tasks;

import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.contracts.messages.TaskCommand;
import org.edxo.ai.gateway.billing.CreditCheck;
import org.edxo.ai.gateway.web.ApiException;
import org.edxo.ai.gateway.web.ApiException.FieldError;
import org.edxo.ai.gateway.web.Caller;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.http.HttpStatus;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class TaskStarterTest {

    private final TaskRepository tasks = mock(TaskRepository.class);
    private final TaskCommandPublisher publisher = mock(TaskCommandPublisher.class);
    private final CreditCheck credits = mock(CreditCheck.class);
    private final TaskStarter starter = new TaskStarter(tasks, publisher, credits);
    private final KindPolicy analyse = KindPolicy.find("analyse_plan_de_cours").orElseThrow();
    private final Caller coordo = new Caller("u-7", Set.of("coordo"));

    private static JsonNode json(String text) {
        return Json.tree(text);
    }

    private static final String VALID = "{\"plan_id\": 12, \"plan_cours\": {\"id\": 12}, \"plan_cadre\": {\"id\": 3}}";

    @BeforeEach
    void theCallerHasCredit() {
        when(credits.requireCredit(anyString())).thenReturn(Mono.empty());
    }

    @Test
    void aCallerWithoutCreditIsRefused402AndNothingIsRecordedOrQueued() {
        when(credits.requireCredit(anyString())).thenReturn(Mono.error(
                new ApiException(HttpStatus.PAYMENT_REQUIRED, CreditCheck.INSUFFICIENT)));

        StepVerifier.create(starter.start(coordo, analyse, json(VALID), null, ""))
                .expectErrorSatisfies(e -> {
                    assertThat(((ApiException) e).status()).isEqualTo(HttpStatus.PAYMENT_REQUIRED);
                    assertThat(((ApiException) e).body())
                            .isEqualTo(Map.of("error", "Crédits insuffisants pour cette opération."));
                })
                .verify();
        verify(tasks, never()).insertPending(any(), anyString(), anyString(), anyString());
        verify(publisher, never()).publish(any());
    }

    @Test
    void aValidStartRecordsThePendingTaskThenPublishesItsCommand() {
        when(tasks.insertPending(any(), anyString(), anyString(), anyString())).thenReturn(Mono.empty());
        when(publisher.publish(any())).thenReturn(Mono.empty());

        UUID taskId = starter.start(coordo, analyse, json(VALID), json("{\"model\": \"gpt-5-mini\"}"), "").block();

        ArgumentCaptor<TaskCommand> command = ArgumentCaptor.forClass(TaskCommand.class);
        verify(publisher).publish(command.capture());
        assertThat(command.getValue().taskId()).isEqualTo(taskId);
        assertThat(command.getValue().userId()).isEqualTo("u-7");
        assertThat(command.getValue().kind()).isEqualTo("analyse_plan_de_cours");
        assertThat(command.getValue().data().input()).containsEntry("plan_id", 12);
        assertThat(command.getValue().data().options().model()).isEqualTo("gpt-5-mini");
        verify(tasks).insertPending(eq(taskId), eq("analyse_plan_de_cours"), eq("u-7"), anyString());
    }

    @Test
    void aCommandTheBrokerDidNotTakeFailsTheTaskAndAnswers503() {
        when(tasks.insertPending(any(), anyString(), anyString(), anyString())).thenReturn(Mono.empty());
        when(tasks.markUnpublished(any(), anyString())).thenReturn(Mono.empty());
        when(publisher.publish(any())).thenReturn(Mono.error(new TaskCommandPublisher.PublishFailedException("down")));

        StepVerifier.create(starter.start(coordo, analyse, json(VALID), null, ""))
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(ApiException.class);
                    assertThat(((ApiException) e).status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
                    assertThat(((ApiException) e).body())
                            .isEqualTo(Map.of("error", "Service momentanément indisponible, réessayez."));
                })
                .verify();
        verify(tasks).markUnpublished(any(), eq("Service momentanément indisponible, réessayez."));
    }

    @Test
    void aMissingSnapshotIsA400WithThePointerOfTheMissingField() {
        StepVerifier.create(starter.start(coordo, analyse, json("{\"plan_id\": 12, \"plan_cadre\": {\"id\": 3}}"), null, ""))
                .expectErrorSatisfies(e -> {
                    ApiException api = (ApiException) e;
                    assertThat(api.status()).isEqualTo(HttpStatus.BAD_REQUEST);
                    assertThat(api.body()).containsEntry("error", "Instantané invalide : plan_cours et plan_cadre sont requis.");
                    @SuppressWarnings("unchecked")
                    List<FieldError> details = (List<FieldError>) api.body().get("details");
                    assertThat(details).extracting(FieldError::field).containsExactly("/plan_cours");
                })
                .verify();
        verify(tasks, never()).insertPending(any(), anyString(), anyString(), anyString());
    }

    @Test
    void badOptionsAreA400PointingIntoOptions() {
        StepVerifier.create(starter.start(coordo, analyse, json(VALID), json("{\"reasoning_effort\": \"extreme\"}"), ""))
                .expectErrorSatisfies(e -> {
                    @SuppressWarnings("unchecked")
                    List<FieldError> details = (List<FieldError>) ((ApiException) e).body().get("details");
                    assertThat(details).extracting(FieldError::field).containsExactly("/options/reasoning_effort");
                })
                .verify();
        StepVerifier.create(starter.start(coordo, analyse, json(VALID), json("{\"model\": 5}"), ""))
                .expectErrorSatisfies(e -> assertThat(((ApiException) e).status()).isEqualTo(HttpStatus.BAD_REQUEST))
                .verify();
    }

    @Test
    void aProfesseurIsRefusedWithTheOriginalsMessage() {
        StepVerifier.create(starter.start(new Caller("p", Set.of("professeur")), analyse, json(VALID), null, ""))
                .expectErrorSatisfies(e -> {
                    assertThat(((ApiException) e).status()).isEqualTo(HttpStatus.FORBIDDEN);
                    assertThat(((ApiException) e).body()).isEqualTo(
                            Map.of("error", "Vous n'avez pas les droits nécessaires pour vérifier ce plan de cours."));
                })
                .verify();
    }
}

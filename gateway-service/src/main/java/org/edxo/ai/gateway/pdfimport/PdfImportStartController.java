package org.edxo.ai.gateway.pdfimport;

import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.contracts.kinds.TaskKinds;
import org.edxo.ai.gateway.tasks.FormNumbers;
import org.edxo.ai.gateway.tasks.KindPolicy;
import org.edxo.ai.gateway.tasks.StartRequests;
import org.edxo.ai.gateway.tasks.TaskStarter;
import org.edxo.ai.gateway.uploads.DocumentStarts;
import org.edxo.ai.gateway.uploads.DocumentType;
import org.edxo.ai.gateway.uploads.Uploads;
import org.edxo.ai.gateway.web.ApiException;
import org.edxo.ai.gateway.web.ApiException.FieldError;
import org.edxo.ai.gateway.web.Caller;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The start routes of the PDF imports (reference §3.6, §3.8, §4.6): the PDF in the multipart part {@code file}
 * with the form's fields, or a JSON body naming an upload made before ({@code upload_id}). The file's type is
 * read from its bytes (415 otherwise), its size bounded (413). The original's OCR route fetched a URL the user
 * chose; EDxo never fetches one: such a request is told to upload the PDF.
 */
@RestController
public class PdfImportStartController {

    static final String UPLOAD_THE_PDF = "Aucun fichier reçu : téléversez le PDF du devis dans le champ « file ». "
            + "EDxo ne télécharge aucun document depuis une adresse (programme_url, secteur_url).";
    private static final Set<DocumentType> PDF = Set.of(DocumentType.PDF);
    private static final List<String> URL_FIELDS = List.of("programme_url", "secteur_url");

    private final TaskStarter starter;
    private final DocumentStarts documents;

    public PdfImportStartController(TaskStarter starter, DocumentStarts documents) {
        this.starter = starter;
        this.documents = documents;
    }

    /** Multipart {@code file} + {@code pdf_title}?, or JSON {@code {upload_id, pdf_title?}}. */
    @PostMapping("/ocr/start")
    Mono<ResponseEntity<Map<String, Object>>> ocr(ServerHttpRequest request, Authentication authentication) {
        Caller caller = Caller.of(authentication);
        KindPolicy policy = KindPolicy.of(TaskKinds.OCR_DEVIS);
        policy.authorize(caller);
        MediaType type = request.getHeaders().getContentType();
        if (MediaType.APPLICATION_FORM_URLENCODED.isCompatibleWith(type)) {
            // The original's form (secteur_url, programme_url): it cannot carry a file.
            return Mono.error(uploadThePdf());
        }
        return start(request, caller, policy, (uploadId, fields) -> {
            ObjectNode input = input(uploadId);
            copyGiven(fields, input, "pdf_title");
            return input;
        }).onErrorMap(ApiException.class, PdfImportStartController::missingFileMeansUploadThePdf);
    }

    /** Multipart {@code file}, or JSON {@code {upload_id}}; admin, coordo or member of the programme. */
    @PostMapping("/programme/{programmeId}/competences/import_pdf/start")
    Mono<ResponseEntity<Map<String, Object>>> importCompetences(@PathVariable String programmeId, ServerHttpRequest request,
                                                               Authentication authentication) {
        Caller caller = Caller.of(authentication);
        KindPolicy policy = KindPolicy.of(TaskKinds.IMPORT_COMPETENCES_PDF);
        policy.authorize(caller);
        long id = StartRequests.pathId(programmeId, "programme");
        KindPolicy.authorizeProgrammeOrCoordo(caller, id);
        return start(request, caller, policy, (uploadId, fields) -> input(uploadId).put("programme_id", id));
    }

    /** Multipart {@code file} + {@code programme_id}?, or JSON {@code {upload_id, programme_id?}}. */
    @PostMapping("/grille/import")
    Mono<ResponseEntity<Map<String, Object>>> importGrille(ServerHttpRequest request, Authentication authentication) {
        Caller caller = Caller.of(authentication);
        KindPolicy policy = KindPolicy.of(TaskKinds.IMPORT_GRILLE);
        policy.authorize(caller);
        return start(request, caller, policy, (uploadId, fields) -> {
            ObjectNode input = input(uploadId);
            copyGiven(fields, input, "programme_id");
            FormNumbers.integer(input, "programme_id");
            return input;
        });
    }

    /** Builds a task input from the stored upload and the other fields of the request (form or JSON). */
    private interface InputBuilder {
        ObjectNode build(UUID uploadId, JsonNode fields);
    }

    /** Multipart or JSON naming an upload, as the DOCX routes ({@link DocumentStarts}); a JSON start must name one. */
    private Mono<ResponseEntity<Map<String, Object>>> start(ServerHttpRequest request, Caller caller, KindPolicy policy,
                                                           InputBuilder inputs) {
        return documents.start(request, caller, PDF, List.of("options"), policy.invalidInputMessage(), (fields, uploadId) -> {
                    if (uploadId == null) {
                        return Mono.error(URL_FIELDS.stream().anyMatch(fields::has) ? uploadThePdf()
                                : ApiException.invalid(policy.invalidInputMessage(),
                                        List.of(new FieldError("/upload_id", "l'identifiant d'un fichier téléversé est requis"))));
                    }
                    return starter.start(caller, policy, inputs.build(uploadId, fields), StartRequests.options(fields), "");
                })
                .map(StartRequests::accepted);
    }

    private static ObjectNode input(UUID uploadId) {
        ObjectNode input = Json.mapper().createObjectNode();
        input.put(DocumentStarts.UPLOAD_ID, uploadId.toString());
        return input;
    }

    /** Copies the fields given (a form's blank field means "not given", as the original read its forms). */
    private static void copyGiven(JsonNode fields, ObjectNode input, String name) {
        JsonNode value = fields.get(name);
        if (value != null && !(value.isString() && value.stringValue().isBlank())) {
            input.set(name, value);
        }
    }

    private static ApiException uploadThePdf() {
        return ApiException.invalid(UPLOAD_THE_PDF, List.of(new FieldError("/file", "le PDF du devis est requis")));
    }

    private static Throwable missingFileMeansUploadThePdf(ApiException error) {
        return error.status() == HttpStatus.BAD_REQUEST && Uploads.MISSING_FILE.equals(error.body().get("error"))
                ? uploadThePdf() : error;
    }
}

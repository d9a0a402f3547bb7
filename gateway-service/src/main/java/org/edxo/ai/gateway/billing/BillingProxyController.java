package org.edxo.ai.gateway.billing;

import org.edxo.ai.gateway.GatewayProperties;
import org.edxo.ai.gateway.web.ApiException;
import org.edxo.ai.gateway.web.JsonBodyReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * {@code /api/v1/billing/**} forwarded to billing-service as is (method, path, query, body, the caller's
 * bearer token and Content-Type), so that EDxo and admins reach billing through the one public address.
 * Billing enforces its own rules (top-ups are admin-only there).
 */
@RestController
public class BillingProxyController {

    private static final Logger log = LoggerFactory.getLogger(BillingProxyController.class);
    private static final byte[] UNAVAILABLE =
            ("{\"error\":\"" + CreditBalanceController.UNAVAILABLE + "\"}").getBytes(StandardCharsets.UTF_8);

    private final WebClient billing;
    private final JsonBodyReader bodies;
    private final String billingBase;

    public BillingProxyController(WebClient billingWebClient, JsonBodyReader bodies, GatewayProperties properties) {
        this.billing = billingWebClient;
        this.bodies = bodies;
        this.billingBase = properties.billingUrl().toString().replaceFirst("/+$", "");
    }

    @RequestMapping("/api/v1/billing/**")
    Mono<ResponseEntity<byte[]>> forward(ServerHttpRequest request, JwtAuthenticationToken token) {
        String target = request.getURI().getRawPath()
                + (request.getURI().getRawQuery() == null ? "" : "?" + request.getURI().getRawQuery());
        HttpHeaders incoming = request.getHeaders();
        return bodies.readBytes(request)
                .defaultIfEmpty(new byte[0])
                .flatMap(body -> {
                    var spec = billing.method(request.getMethod())
                            .uri(URI.create(billingBase + target))
                            .headers(headers -> {
                                // The caller's own token, also when it came as ?access_token=.
                                headers.setBearerAuth(token.getToken().getTokenValue());
                                copy(incoming, headers, HttpHeaders.CONTENT_TYPE);
                                copy(incoming, headers, HttpHeaders.ACCEPT);
                            });
                    var call = body.length > 0 ? spec.bodyValue(body) : spec;
                    return call.exchangeToMono(response -> response.bodyToMono(byte[].class)
                            .defaultIfEmpty(new byte[0])
                            .map(bytes -> {
                                var answer = ResponseEntity.status(response.statusCode());
                                response.headers().contentType().ifPresent(answer::contentType);
                                return answer.body(bytes);
                            }));
                })
                .onErrorResume(e -> !(e instanceof ApiException), e -> {
                    log.warn("billing proxy {} {} failed: {}", request.getMethod(), target, e.toString());
                    return Mono.just(ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                            .contentType(MediaType.APPLICATION_JSON)
                            .body(UNAVAILABLE));
                });
    }

    private static void copy(HttpHeaders from, HttpHeaders to, String name) {
        var values = from.get(name);
        if (values != null) {
            to.addAll(name, values);
        }
    }
}

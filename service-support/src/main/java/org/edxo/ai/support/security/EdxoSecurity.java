package org.edxo.ai.support.security;

import org.springframework.core.convert.converter.Converter;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.web.server.authentication.ServerBearerTokenAuthenticationConverter;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;

/**
 * The security every service shares: stateless bearer JWTs, actuator health and metrics open to
 * probes, JSON 401/403 bodies in French. Each service adds only its own route rules.
 */
public class EdxoSecurity {

    private final ReactiveJwtDecoder decoder;
    private final Converter<Jwt, Mono<AbstractAuthenticationToken>> authenticationConverter;

    public EdxoSecurity(ReactiveJwtDecoder decoder, Converter<Jwt, Mono<AbstractAuthenticationToken>> authenticationConverter) {
        this.decoder = decoder;
        this.authenticationConverter = authenticationConverter;
    }

    /**
     * @param allowQueryToken accept {@code ?access_token=} as well (browsers' EventSource cannot send headers)
     */
    public ServerHttpSecurity apply(ServerHttpSecurity http, boolean allowQueryToken,
                                    Customizer<ServerHttpSecurity.AuthorizeExchangeSpec> routes) {
        ServerBearerTokenAuthenticationConverter bearer = new ServerBearerTokenAuthenticationConverter();
        bearer.setAllowUriQueryParameter(allowQueryToken);
        return http
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
                .authorizeExchange(exchanges -> {
                    exchanges.pathMatchers("/actuator/health", "/actuator/health/**", "/actuator/prometheus",
                            "/actuator/info").permitAll();
                    routes.customize(exchanges);
                })
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint((exchange, e) ->
                                writeError(exchange, HttpStatus.UNAUTHORIZED, "Authentification requise."))
                        .accessDeniedHandler((exchange, e) ->
                                writeError(exchange, HttpStatus.FORBIDDEN, "Accès refusé.")))
                .oauth2ResourceServer(oauth -> oauth
                        .bearerTokenConverter(bearer)
                        .authenticationEntryPoint((exchange, e) ->
                                writeError(exchange, HttpStatus.UNAUTHORIZED, "Jeton d'authentification invalide ou absent."))
                        .jwt(jwt -> jwt.jwtDecoder(decoder).jwtAuthenticationConverter(authenticationConverter)));
    }

    private static Mono<Void> writeError(ServerWebExchange exchange, HttpStatus status, String message) {
        var response = exchange.getResponse();
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        String body = "{\"error\":\"" + message.replace("\"", "\\\"") + "\"}";
        var buffer = response.bufferFactory().wrap(body.getBytes(StandardCharsets.UTF_8));
        return response.writeWith(Mono.just(buffer));
    }
}

package org.edxo.ai.gateway.web;

import org.edxo.ai.gateway.trackpage.TrackPageController;
import org.edxo.ai.support.security.EdxoSecurity;
import org.edxo.ai.support.security.Roles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;

/**
 * Every route needs a valid JWT; {@code /internal/**} is for services only. Role rules that need the
 * original's French messages (who may start which kind) live in the routes; billing enforces its own admin rules behind the proxy.
 * {@code ?access_token=} is accepted because browsers' EventSource cannot send headers.
 */
@Configuration
public class SecurityConfiguration {

    @Bean
    SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http, EdxoSecurity edxoSecurity) {
        return edxoSecurity.apply(http, true, exchanges -> exchanges
                // The track page's script and style sheet carry no data (the page itself needs a token).
                .pathMatchers(HttpMethod.GET, TrackPageController.ASSETS_PATH + "**").permitAll()
                .pathMatchers("/internal/**").hasRole(Roles.SERVICE)
                .anyExchange().authenticated()).build();
    }
}

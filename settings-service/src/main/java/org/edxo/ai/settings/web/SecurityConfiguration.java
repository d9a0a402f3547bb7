package org.edxo.ai.settings.web;

import org.edxo.ai.support.security.EdxoSecurity;
import org.edxo.ai.support.security.Roles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;

@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    @Bean
    SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http, EdxoSecurity edxoSecurity) {
        return edxoSecurity.apply(http, false, exchanges -> exchanges
                // Workers read one section at a time with their service token.
                .pathMatchers(HttpMethod.GET, "/api/v1/settings/sections/*").hasAnyRole(Roles.SERVICE, Roles.ADMIN)
                // ... and the plan-cadre generation sections (generate_plan_cadre).
                .pathMatchers(HttpMethod.GET, "/api/v1/settings/generation-sections").hasAnyRole(Roles.SERVICE, Roles.ADMIN)
                .pathMatchers(HttpMethod.GET, "/api/v1/settings/models").authenticated()
                // Everything else (changes, history, rollback, export, import) is for administrators only.
                .pathMatchers("/api/v1/settings/**").hasRole(Roles.ADMIN)
                .anyExchange().authenticated()).build();
    }
}

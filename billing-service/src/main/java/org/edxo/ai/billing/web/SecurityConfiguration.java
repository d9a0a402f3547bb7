package org.edxo.ai.billing.web;

import org.edxo.ai.support.security.EdxoSecurity;
import org.edxo.ai.support.security.Roles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.ReactiveAuthorizationManager;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authorization.AuthorizationContext;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Route rules: a user sees their own account and statement, admins everything (top-ups, adjustments,
 * prices, reports), services balances and holds; prices are for anyone signed in.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    private static final String ACCOUNT = "/api/v1/billing/accounts/{userId}";

    @Bean
    SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http, EdxoSecurity edxoSecurity) {
        return edxoSecurity.apply(http, false, exchanges -> exchanges
                        .pathMatchers(HttpMethod.GET, ACCOUNT).access(accountOwnerOr(Roles.ADMIN, Roles.SERVICE))
                        .pathMatchers(HttpMethod.GET, ACCOUNT + "/ledger").access(accountOwnerOr(Roles.ADMIN))
                        .pathMatchers(HttpMethod.GET, ACCOUNT + "/statement").access(accountOwnerOr(Roles.ADMIN))
                        .pathMatchers(HttpMethod.POST, ACCOUNT + "/top-ups", ACCOUNT + "/adjustments").hasRole(Roles.ADMIN)
                        .pathMatchers(HttpMethod.GET, "/api/v1/billing/reports/usage").hasRole(Roles.ADMIN)
                        .pathMatchers(HttpMethod.POST, "/api/v1/billing/holds", "/api/v1/billing/holds/*/*/release")
                        .hasRole(Roles.SERVICE)
                        .pathMatchers(HttpMethod.GET, "/api/v1/billing/prices", "/api/v1/billing/prices/*").authenticated()
                        .pathMatchers(HttpMethod.POST, "/api/v1/billing/prices").hasRole(Roles.ADMIN)
                        .anyExchange().denyAll())
                .build();
    }

    /** Granted when the token's {@code sub} is the path's user id, or the token has one of the roles. */
    static ReactiveAuthorizationManager<AuthorizationContext> accountOwnerOr(String... roles) {
        Set<String> authorities = Arrays.stream(roles).map(role -> "ROLE_" + role).collect(Collectors.toSet());
        return (authentication, context) -> authentication
                .filter(Authentication::isAuthenticated)
                .map(auth -> (auth.getName() != null && auth.getName().equals(context.getVariables().get("userId")))
                        || auth.getAuthorities().stream().map(GrantedAuthority::getAuthority).anyMatch(authorities::contains))
                .<AuthorizationResult>map(AuthorizationDecision::new)
                .defaultIfEmpty(new AuthorizationDecision(false));
    }
}

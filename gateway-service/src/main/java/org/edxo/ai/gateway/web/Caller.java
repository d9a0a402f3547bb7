package org.edxo.ai.gateway.web;

import org.edxo.ai.support.security.Roles;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The authenticated user of a request: JWT {@code sub}, {@code roles}, and {@code programmes} (ids of the
 * programmes the user belongs to, as EDxo's {@code User.programmes}; empty when the token does not say).
 */
public record Caller(String userId, Set<String> roles, Set<String> programmes) {

    public static final String PROGRAMMES_CLAIM = "programmes";

    public Caller(String userId, Set<String> roles) {
        this(userId, roles, Set.of());
    }

    public static Caller of(Authentication authentication) {
        Set<String> roles = authentication.getAuthorities().stream()
                .map(authority -> authority.getAuthority())
                .filter(name -> name.startsWith("ROLE_"))
                .map(name -> name.substring("ROLE_".length()))
                .collect(Collectors.toUnmodifiableSet());
        Set<String> programmes = Set.of();
        if (authentication instanceof JwtAuthenticationToken jwt
                && jwt.getToken().getClaims().get(PROGRAMMES_CLAIM) instanceof Collection<?> ids) {
            programmes = ids.stream().map(String::valueOf).collect(Collectors.toUnmodifiableSet());
        }
        return new Caller(authentication.getName(), roles, programmes);
    }

    public boolean isAdmin() {
        return roles.contains(Roles.ADMIN);
    }

    /** An administrator, or a member of the programme according to the token's {@code programmes} claim. */
    public boolean mayActOnProgramme(long programmeId) {
        return isAdmin() || programmes.contains(Long.toString(programmeId));
    }
}

package org.edxo.ai.gateway.web;

import org.edxo.ai.support.security.Roles;
import org.springframework.security.core.Authentication;

import java.util.Set;
import java.util.stream.Collectors;

/** The authenticated user of a request: JWT {@code sub} and {@code roles}. */
public record Caller(String userId, Set<String> roles) {

    public static Caller of(Authentication authentication) {
        Set<String> roles = authentication.getAuthorities().stream()
                .map(authority -> authority.getAuthority())
                .filter(name -> name.startsWith("ROLE_"))
                .map(name -> name.substring("ROLE_".length()))
                .collect(Collectors.toUnmodifiableSet());
        return new Caller(authentication.getName(), roles);
    }

    public boolean isAdmin() {
        return roles.contains(Roles.ADMIN);
    }
}

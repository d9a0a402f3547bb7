package org.edxo.ai.support.security;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import reactor.core.publisher.Mono;

import java.util.Collection;
import java.util.List;

/** Turns the {@code roles} claim (a list, or one string) into {@code ROLE_<role>} authorities; the name is {@code sub}. */
public class RolesClaimConverter implements Converter<Jwt, Mono<AbstractAuthenticationToken>> {

    @Override
    public Mono<AbstractAuthenticationToken> convert(Jwt jwt) {
        Object claim = jwt.getClaims().get("roles");
        List<String> roles;
        if (claim instanceof Collection<?> values) {
            roles = values.stream().map(String::valueOf).toList();
        } else if (claim instanceof String single) {
            roles = List.of(single);
        } else {
            roles = List.of();
        }
        Collection<GrantedAuthority> authorities = roles.stream()
                .map(role -> (GrantedAuthority) new SimpleGrantedAuthority("ROLE_" + role))
                .toList();
        return Mono.just(new JwtAuthenticationToken(jwt, authorities, jwt.getSubject()));
    }
}

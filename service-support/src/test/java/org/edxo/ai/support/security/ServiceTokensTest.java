package org.edxo.ai.support.security;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;

import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServiceTokensTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    @Test
    void aMintedTokenDecodesWithItsSubjectAndRoles() {
        var tokens = new ServiceTokens(SECRET, "worker", Clock.systemUTC());
        var decoder = NimbusReactiveJwtDecoder
                .withSecretKey(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"))
                .macAlgorithm(MacAlgorithm.HS256).build();

        Jwt jwt = decoder.decode(tokens.mint("42", List.of("coordo"), Duration.ofMinutes(5))).block();
        assertThat(jwt.getSubject()).isEqualTo("42");
        var auth = new RolesClaimConverter().convert(jwt).block();
        assertThat(auth.getName()).isEqualTo("42");
        assertThat(auth.getAuthorities()).extracting(Object::toString).containsExactly("ROLE_coordo");

        Jwt service = decoder.decode(tokens.serviceBearer().substring("Bearer ".length())).block();
        assertThat(service.getSubject()).isEqualTo("worker");
        assertThat(service.getClaimAsStringList("roles")).containsExactly(Roles.SERVICE);
    }

    @Test
    void aShortOrMissingSecretIsRefusedAtStartup() {
        assertThatThrownBy(() -> new SecurityProperties("short", "x")).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> new SecurityProperties(null, "x")).hasMessageContaining("EDXO_JWT_SECRET");
    }
}

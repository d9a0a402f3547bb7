package org.edxo.ai.support.security;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/** Registers the JWT decoder, the role mapping and the token minter from {@code edxo.security.*}. */
@AutoConfiguration
@EnableConfigurationProperties(SecurityProperties.class)
public class SecurityAutoConfiguration {

    @Bean
    ReactiveJwtDecoder edxoJwtDecoder(SecurityProperties properties) {
        var key = new SecretKeySpec(properties.jwtSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        return NimbusReactiveJwtDecoder.withSecretKey(key).macAlgorithm(MacAlgorithm.HS256).build();
    }

    @Bean
    EdxoSecurity edxoSecurity(ReactiveJwtDecoder edxoJwtDecoder) {
        return new EdxoSecurity(edxoJwtDecoder, new RolesClaimConverter());
    }

    /**
     * No Spring Security observations: with them every filter of the chain is wrapped in an observation for as
     * long as the request lasts (≈ 1–2 KiB of heap per open SSE stream, and CPU on every start), while
     * {@code http.server.requests} already times each request and a denial is a 401/403 in it.
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    ServiceTokens serviceTokens(SecurityProperties properties) {
        return new ServiceTokens(properties.jwtSecret(), properties.serviceName(), Clock.systemUTC());
    }
}

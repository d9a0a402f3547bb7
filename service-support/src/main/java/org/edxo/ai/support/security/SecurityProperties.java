package org.edxo.ai.support.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param jwtSecret   HS256 secret shared by EDxo and our services, at least 32 bytes; from the
 *                    environment only ({@code EDXO_JWT_SECRET})
 * @param serviceName the {@code sub} of the tokens this service mints for itself
 */
@ConfigurationProperties("edxo.security")
public record SecurityProperties(String jwtSecret, String serviceName) {

    public SecurityProperties {
        if (jwtSecret == null || jwtSecret.isBlank()) {
            throw new IllegalStateException("EDXO_JWT_SECRET is not set: every service needs the shared JWT secret");
        }
        if (jwtSecret.getBytes(java.nio.charset.StandardCharsets.UTF_8).length < 32) {
            throw new IllegalStateException("EDXO_JWT_SECRET must be at least 32 bytes for HS256");
        }
        if (serviceName == null || serviceName.isBlank()) {
            serviceName = "edxo-service";
        }
    }
}

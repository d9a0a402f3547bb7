package org.edxo.ai.support.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * Mints HS256 tokens with our claims ({@code sub}, {@code roles}). Services use {@link #serviceBearer()}
 * to call each other; tests and {@code ./edxo token} mint user tokens the same way.
 */
public class ServiceTokens {

    private static final Duration SERVICE_TOKEN_LIFETIME = Duration.ofHours(1);

    private final byte[] secret;
    private final String serviceName;
    private final Clock clock;
    private volatile String cachedServiceToken;
    private volatile Instant cachedUntil = Instant.EPOCH;

    public ServiceTokens(String secret, String serviceName, Clock clock) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.serviceName = serviceName;
        this.clock = clock;
    }

    public String mint(String subject, List<String> roles, Duration lifetime) {
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(subject)
                .claim("roles", roles)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(lifetime)))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(new MACSigner(secret));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
        return jwt.serialize();
    }

    /** {@code Bearer <token>} for this service, renewed at half its lifetime. */
    public String serviceBearer() {
        Instant now = clock.instant();
        if (now.isAfter(cachedUntil)) {
            cachedServiceToken = mint(serviceName, List.of(Roles.SERVICE), SERVICE_TOKEN_LIFETIME);
            cachedUntil = now.plus(SERVICE_TOKEN_LIFETIME.dividedBy(2));
        }
        return "Bearer " + cachedServiceToken;
    }
}

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
import java.util.Map;

/**
 * Mints HS256 tokens with our claims ({@code sub}, {@code roles}, and for EDxo users optionally
 * {@code programmes}: the ids of the programmes the user belongs to). Services use {@link #serviceBearer()}
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
        return mint(subject, roles, Map.of(), lifetime);
    }

    /** A token with more claims than {@code sub} and {@code roles}, e.g. {@code programmes}. */
    public String mint(String subject, List<String> roles, Map<String, ?> claims, Duration lifetime) {
        Instant now = clock.instant();
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder()
                .subject(subject)
                .claim("roles", roles)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(lifetime)));
        claims.forEach(builder::claim);
        JWTClaimsSet jwtClaims = builder.build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), jwtClaims);
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

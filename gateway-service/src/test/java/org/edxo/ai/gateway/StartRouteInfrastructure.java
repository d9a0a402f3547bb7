package org.edxo.ai.gateway;

import org.edxo.ai.support.security.ServiceTokens;
import org.edxo.ai.support.testing.TestInfrastructure;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import java.time.Clock;

/**
 * What the start-route tests share: their own database and broker prefix, a billing-service in which every
 * account has credit (all a start asks it), and the properties that point the gateway at them. All of it lives
 * until the JVM exits (TestInfrastructure then drops the database and the prefix's queues): surefire runs a
 * failed test again after its class ended, with a new context that needs the same billing and database.
 */
public final class StartRouteInfrastructure {

    private final String database = TestInfrastructure.createDatabase("gateway");
    private final String prefix = TestInfrastructure.brokerPrefix();
    private final ServiceTokens tokens = new ServiceTokens(TestInfrastructure.JWT_SECRET, "test", Clock.systemUTC());
    private final DisposableServer billing = HttpServer.create().host("127.0.0.1").port(0)
            .route(routes -> routes.get("/api/v1/billing/accounts/{userId}", (request, response) -> response
                    .header(HttpHeaders.CONTENT_TYPE, "application/json")
                    .sendString(Mono.just("{\"user_id\":\"" + request.param("userId")
                            + "\",\"balance\":\"5.000000\",\"held\":\"0.000000\"}"))))
            .bindNow();

    public String prefix() {
        return prefix;
    }

    public ServiceTokens tokens() {
        return tokens;
    }

    /** The gateway's database, broker prefix, JWT secret and billing URL. */
    public void register(DynamicPropertyRegistry registry) {
        registry.add("spring.r2dbc.url", () -> TestInfrastructure.r2dbcUrl(database));
        registry.add("spring.flyway.url", () -> TestInfrastructure.jdbcUrl(database));
        registry.add("EDXO_BROKER_PREFIX", () -> prefix);
        registry.add("edxo.security.jwt-secret", () -> TestInfrastructure.JWT_SECRET);
        registry.add("edxo.gateway.billing-url", () -> "http://127.0.0.1:" + billing.port());
    }
}

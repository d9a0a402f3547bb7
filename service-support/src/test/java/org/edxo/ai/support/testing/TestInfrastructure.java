package org.edxo.ai.support.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;

/**
 * Isolation for tests against the machine's real PostgreSQL and RabbitMQ (DESIGN §11): each test run
 * gets its own database and its own broker prefix, so runs never see each other's rows or messages.
 * Shipped in service-support's test-jar; use it from {@code @DynamicPropertySource}.
 */
public final class TestInfrastructure {

    public static final String PG_HOST = System.getenv().getOrDefault("EDXO_TEST_PG_HOST", "127.0.0.1");
    public static final String PG_PORT = System.getenv().getOrDefault("EDXO_TEST_PG_PORT", "5432");
    public static final String PG_USER = System.getenv().getOrDefault("EDXO_TEST_PG_USER", "postgres");
    /** 32+ bytes, only ever used by tests. */
    public static final String JWT_SECRET = "test-secret-0123456789abcdef0123456789";

    private TestInfrastructure() {
    }

    /** Creates a fresh, empty database named {@code <prefix>_<random>} and returns its name. */
    public static String createDatabase(String prefix) {
        String name = (prefix + "_" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase().replace('-', '_');
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), PG_USER, "")) {
            connection.createStatement().execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name + " (is PostgreSQL running?)", e);
        }
        return name;
    }

    public static String jdbcUrl(String database) {
        return "jdbc:postgresql://" + PG_HOST + ":" + PG_PORT + "/" + database;
    }

    public static String r2dbcUrl(String database) {
        return "r2dbc:postgresql://" + PG_HOST + ":" + PG_PORT + "/" + database;
    }

    /** A broker prefix such as {@code test-1a2b3c4d.}: every exchange and queue of the run starts with it. */
    public static String brokerPrefix() {
        return "test-" + UUID.randomUUID().toString().substring(0, 8) + ".";
    }
}

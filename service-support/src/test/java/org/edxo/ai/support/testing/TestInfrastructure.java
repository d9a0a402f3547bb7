package org.edxo.ai.support.testing;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

/**
 * Isolation for tests against the machine's real PostgreSQL and RabbitMQ (DESIGN §11): each test run
 * gets its own database and its own broker prefix, so runs never see each other's rows or messages.
 * Shipped in service-support's test-jar; use it from {@code @DynamicPropertySource}. What a run creates
 * is removed when its JVM exits, so that CI runs do not pile databases and quorum queues up.
 */
public final class TestInfrastructure {

    public static final String PG_HOST = System.getenv().getOrDefault("EDXO_TEST_PG_HOST", "127.0.0.1");
    public static final String PG_PORT = System.getenv().getOrDefault("EDXO_TEST_PG_PORT", "5432");
    public static final String PG_USER = System.getenv().getOrDefault("EDXO_TEST_PG_USER", "postgres");
    private static final List<String> DURABLE_QUEUES = List.of(
            "edxo.task.commands.workers", "edxo.task.events.recorder", "edxo.usage.billing");
    private static final List<String> EXCHANGES = List.of(
            "edxo.task.commands", "edxo.task.events", "edxo.usage", "edxo.settings", "edxo.task.control");

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
        Runtime.getRuntime().addShutdownHook(new Thread(() -> dropDatabase(name), "drop-" + name));
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
        String prefix = "test-" + UUID.randomUUID().toString().substring(0, 8) + ".";
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteBrokerObjects(prefix), "clean-" + prefix));
        return prefix;
    }

    private static void dropDatabase(String name) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), PG_USER, "")) {
            connection.createStatement().execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            System.err.println("could not drop test database " + name + ": " + e.getMessage());
        }
    }

    /** Deletes the queues and exchanges of our topology under {@code prefix} (absent ones are fine). */
    public static void deleteBrokerObjects(String prefix) {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(System.getenv().getOrDefault("EDXO_TEST_RABBIT_HOST", "127.0.0.1"));
        try (var connection = factory.newConnection("test-cleanup")) {
            for (String queue : DURABLE_QUEUES) {
                for (String name : List.of(prefix + queue, prefix + queue + ".dlq")) {
                    try (Channel channel = connection.createChannel()) {
                        channel.queueDelete(name);
                    }
                }
            }
            for (String exchange : EXCHANGES) {
                try (Channel channel = connection.createChannel()) {
                    channel.exchangeDelete(prefix + exchange);
                }
            }
        } catch (Exception e) {
            System.err.println("could not clean broker objects of " + prefix + ": " + e.getMessage());
        }
    }
}

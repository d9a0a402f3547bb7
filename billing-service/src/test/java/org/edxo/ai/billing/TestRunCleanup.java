package org.edxo.ai.billing;

import org.edxo.ai.support.testing.TestInfrastructure;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.beans.factory.DisposableBean;

import java.sql.DriverManager;

/**
 * Removes what a test run created on the shared broker and database server once the application
 * context closes (after its consumers stopped), so that runs do not pile up queues and databases.
 */
class TestRunCleanup implements DisposableBean {

    @Override
    public void destroy() throws Exception {
        CachingConnectionFactory connections = new CachingConnectionFactory("127.0.0.1");
        try {
            RabbitAdmin admin = new RabbitAdmin(connections);
            admin.deleteQueue(BillingIntegrationTest.USAGE_DLQ);
            admin.deleteQueue(BillingIntegrationTest.PREFIX + "edxo.usage.billing");
            admin.deleteExchange(BillingIntegrationTest.USAGE_EXCHANGE);
        } finally {
            connections.destroy();
        }
        try (var connection = DriverManager.getConnection(TestInfrastructure.jdbcUrl("postgres"), TestInfrastructure.PG_USER, "")) {
            connection.createStatement().execute("DROP DATABASE IF EXISTS " + BillingIntegrationTest.DATABASE + " WITH (FORCE)");
        }
    }
}

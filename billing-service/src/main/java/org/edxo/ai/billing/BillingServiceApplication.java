package org.edxo.ai.billing;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class BillingServiceApplication {

    public static void main(String[] args) {
        // Netty's native transports lost or stalled HTTP exchanges between our processes on these machines
        // (see the root pom's surefire argLine); NIO unless the operator says otherwise.
        System.setProperty("reactor.netty.native", System.getProperty("reactor.netty.native", "false"));
        SpringApplication.run(BillingServiceApplication.class, args);
    }
}

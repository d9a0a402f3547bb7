package org.edxo.ai.simulator;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class ResponsesSimulatorApplication {

    public static void main(String[] args) {
        SpringApplication.run(ResponsesSimulatorApplication.class, args);
    }
}

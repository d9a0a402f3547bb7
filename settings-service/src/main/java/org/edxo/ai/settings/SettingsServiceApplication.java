package org.edxo.ai.settings;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class SettingsServiceApplication {

    public static void main(String[] args) {
        // NIO unless the operator says otherwise: on Netty's native epoll, an answer sent before the request
        // body was read (a 413, a 415) reaches the client as a connection reset (see the root pom's argLine).
        System.setProperty("reactor.netty.native", System.getProperty("reactor.netty.native", "false"));
        SpringApplication.run(SettingsServiceApplication.class, args);
    }
}

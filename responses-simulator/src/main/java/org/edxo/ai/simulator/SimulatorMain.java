package org.edxo.ai.simulator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CountDownLatch;

/** Runs the simulator as a process (configured from {@code SIM_*} environment variables) until stopped. */
public final class SimulatorMain {

    private SimulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        // NIO unless the operator says otherwise: on Netty's native epoll, an answer sent before the request
        // body was read (a 413, a 415) reaches the client as a connection reset (see the root pom's argLine).
        System.setProperty("reactor.netty.native", System.getProperty("reactor.netty.native", "false"));
        // Our own file name, so that a logback.xml in this jar never takes over the logging of the
        // services whose tests embed the simulator.
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "simulator-logback.xml");
        }
        Logger log = LoggerFactory.getLogger(SimulatorMain.class);
        SimulatorConfig config = SimulatorConfig.fromEnvironment();
        ResponsesSimulator simulator = ResponsesSimulator.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            stopped.countDown();
        }, "simulator-shutdown"));
        log.info("Responses API simulator listening on {} (base URL {}, {} tokens/s, first token after {} ms, seed {})",
                config.host() + ":" + simulator.port(), simulator.baseUrl(), config.tokensPerSecond(),
                config.firstTokenDelayMs(), config.seed());
        stopped.await();
    }
}

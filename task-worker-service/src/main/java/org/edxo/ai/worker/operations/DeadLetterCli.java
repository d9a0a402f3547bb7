package org.edxo.ai.worker.operations;

import com.rabbitmq.client.ConnectionFactory;

import java.util.Map;

/**
 * {@code ./edxo dlq list} and {@code ./edxo dlq replay <queue> [--count N]}: a plain main in the worker
 * jar (no Spring context), started with {@code -Dloader.main}. The broker comes from
 * {@code SPRING_RABBITMQ_HOST/PORT/USERNAME/PASSWORD/VIRTUAL_HOST}, the prefix from {@code EDXO_BROKER_PREFIX}.
 */
public final class DeadLetterCli {

    private static final String USAGE = "usage: dlq list | dlq replay <queue>[.dlq] [--count N]";

    private DeadLetterCli() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args, System.getenv()));
    }

    static int run(String[] args, Map<String, String> env) throws Exception {
        if (args.length == 0 || !(args[0].equals("list") || args[0].equals("replay") && args.length >= 2)) {
            System.err.println(USAGE);
            return 2;
        }
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(env.getOrDefault("SPRING_RABBITMQ_HOST", "127.0.0.1"));
        factory.setPort(Integer.parseInt(env.getOrDefault("SPRING_RABBITMQ_PORT", "5672")));
        factory.setUsername(env.getOrDefault("SPRING_RABBITMQ_USERNAME", "guest"));
        factory.setPassword(env.getOrDefault("SPRING_RABBITMQ_PASSWORD", "guest"));
        factory.setVirtualHost(env.getOrDefault("SPRING_RABBITMQ_VIRTUAL_HOST", "/"));
        try (DeadLetters deadLetters = new DeadLetters(factory, env.getOrDefault("EDXO_BROKER_PREFIX", ""))) {
            if (args[0].equals("list")) {
                for (DeadLetters.QueueCount count : deadLetters.list()) {
                    System.out.printf("%-50s %s%n", count.deadLetterQueue(),
                            count.messages() < 0 ? "(absent)" : count.messages());
                }
                return 0;
            }
            int max = Integer.MAX_VALUE;
            if (args.length == 4 && args[2].equals("--count")) {
                max = Integer.parseInt(args[3]);
            } else if (args.length != 2) {
                System.err.println(USAGE);
                return 2;
            }
            try {
                int moved = deadLetters.replay(args[1], max);
                System.out.println("replayed " + moved + " message(s) to " + deadLetters.queueName(args[1]));
                return 0;
            } catch (IllegalArgumentException e) {
                System.err.println(e.getMessage());
                return 1;
            }
        }
    }
}

package org.edxo.ai.benchmarks;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./edxo bench --mode broker}: what one task event costs RabbitMQ itself, by the queues it lands in.
 * Publishes {@code rate} event-sized messages a second for {@code seconds} (persistent, confirmed, the
 * worker's five headers, 400 bytes) to a private topic exchange bound to each queue set in turn, consumes
 * them with batched multiple acks (as the recorder and the live relay do), and prints RabbitMQ's CPU per
 * message ({@code beam.smp}, shared with whatever else runs). 127.0.0.1 only; everything declared is deleted.
 */
final class BrokerBench {

    /** A queue a set declares: quorum (the recorder's), classic transient (a gateway's live queue), classic durable. */
    enum QueueType { QUORUM, CLASSIC_TRANSIENT, CLASSIC_DURABLE }

    private static final Map<String, List<QueueType>> QUEUE_SETS = new LinkedHashMap<>();

    static {
        QUEUE_SETS.put("one classic transient queue (a gateway's live queue alone)", List.of(QueueType.CLASSIC_TRANSIENT));
        QUEUE_SETS.put("one quorum queue (the recorder's alone)", List.of(QueueType.QUORUM));
        QUEUE_SETS.put("quorum + classic transient (one gateway: what every event costs)", List.of(QueueType.QUORUM, QueueType.CLASSIC_TRANSIENT));
        QUEUE_SETS.put("quorum + 2 classic transient (two gateways, or one and the stream bench's counter)",
                List.of(QueueType.QUORUM, QueueType.CLASSIC_TRANSIENT, QueueType.CLASSIC_TRANSIENT));
        QUEUE_SETS.put("one classic durable queue, version 2 (instead of quorum)", List.of(QueueType.CLASSIC_DURABLE));
    }

    private static final int ACK_EVERY = 64;
    private static final int BODY_BYTES = 400;

    private final int rate;
    private final int seconds;

    BrokerBench(int rate, int seconds) {
        this.rate = rate;
        this.seconds = seconds;
    }

    int run() throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        String prefix = "edxo-broker-bench-" + UUID.randomUUID().toString().substring(0, 8) + ".";
        ResultTable table = new ResultTable(String.format(Locale.ROOT,
                "EDxo bench --mode broker: %d messages/s for %d s per queue set, %d-byte persistent messages, confirmed, batched acks (load average before: %s)",
                rate, seconds, BODY_BYTES, BenchMain.loadAverage()));
        try (Connection publishing = factory.newConnection(); Connection consuming = factory.newConnection()) {
            for (Map.Entry<String, List<QueueType>> set : QUEUE_SETS.entrySet()) {
                CpuMeter cpu = new CpuMeter().addByCommand("RabbitMQ", "beam.smp");
                double millis = measure(publishing, consuming, prefix, set.getValue(), cpu);
                table.row("RabbitMQ CPU per message: " + set.getKey(), String.format(Locale.ROOT, "%.3f ms (wall %.1f s)",
                        millis / (rate * (double) seconds), cpu.wallMillis() / 1000.0));
            }
        }
        System.out.println();
        System.out.print(table.render());
        return 0;
    }

    /** RabbitMQ's CPU milliseconds for one queue set's messages, published, routed, delivered and acked. */
    private double measure(Connection publishing, Connection consuming, String prefix, List<QueueType> queues, CpuMeter cpu)
            throws Exception {
        String exchange = prefix + "events";
        Channel admin = publishing.createChannel();
        admin.exchangeDeclare(exchange, "topic", false, true, null);
        int messages = rate * seconds;
        CountDownLatch delivered = new CountDownLatch(messages * queues.size());
        List<String> names = new ArrayList<>();
        List<Channel> consumers = new ArrayList<>();
        for (QueueType type : queues) {
            String queue = prefix + "q" + names.size();
            switch (type) {
                case QUORUM -> admin.queueDeclare(queue, true, false, false, Map.of("x-queue-type", "quorum"));
                case CLASSIC_DURABLE -> admin.queueDeclare(queue, true, false, false, Map.of("x-queue-version", 2));
                case CLASSIC_TRANSIENT -> admin.queueDeclare(queue, false, false, true, null);
            }
            admin.queueBind(queue, exchange, "#");
            names.add(queue);
            consumers.add(batchAckingConsumer(consuming, queue, delivered));
        }
        Channel publisher = publishing.createChannel();
        publisher.confirmSelect();
        byte[] body = new byte[BODY_BYTES];
        Arrays.fill(body, (byte) 'x');
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("edxo_type", "task.output.delta");
        headers.put("edxo_task_id", UUID.randomUUID().toString());
        headers.put("edxo_kind", "analyse_plan_de_cours");
        headers.put("edxo_user_id", "bench-user");
        headers.put("edxo_routing_key", "analyse_plan_de_cours.output_delta");
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().deliveryMode(2).contentType("application/json")
                .headers(headers).build();

        cpu.start();
        long begin = System.nanoTime();
        for (int i = 0; i < messages; i++) {
            long due = begin + i * 1_000_000_000L / rate;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            publisher.basicPublish(exchange, "analyse_plan_de_cours.output_delta", properties, body);
        }
        publisher.waitForConfirmsOrDie(60_000);
        boolean all = delivered.await(60, TimeUnit.SECONDS);
        for (Channel consumer : consumers) {
            consumer.close();
        }
        cpu.stop();
        for (String queue : names) {
            admin.queueDelete(queue);
        }
        admin.exchangeDelete(exchange);
        publisher.close();
        admin.close();
        if (!all) {
            throw new IllegalStateException("not every message was delivered within 60 s");
        }
        return cpu.cpuMillis().get("RabbitMQ");
    }

    /** Consumes {@code queue} with a prefetch of 1,000 and acks every {@value #ACK_EVERY} deliveries (multiple). */
    private static Channel batchAckingConsumer(Connection connection, String queue, CountDownLatch delivered) throws Exception {
        Channel channel = connection.createChannel();
        channel.basicQos(1000);
        channel.basicConsume(queue, false, new DefaultConsumer(channel) {
            private int unacked;

            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body)
                    throws java.io.IOException {
                delivered.countDown();
                if (++unacked == ACK_EVERY || delivered.getCount() == 0) {
                    channel.basicAck(envelope.getDeliveryTag(), true);
                    unacked = 0;
                }
            }
        });
        return channel;
    }
}

package org.edxo.ai.worker.tasks;

import com.rabbitmq.client.Channel;
import org.edxo.ai.worker.config.CommandIntakeProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.rabbit.connection.ChannelProxy;
import org.springframework.amqp.support.AmqpHeaders;
import org.springframework.context.SmartLifecycle;
import org.springframework.messaging.MessageHeaders;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Graceful shutdown of the command side (DESIGN §8). Stopped first of all lifecycle beans (before the
 * binder's input bindings, whose stop closes the consumer's channel and so hands every unacked command
 * back to the broker), it:
 * <ol>
 *   <li>cancels this instance's command consumer at the broker ({@code basic.cancel}), so no new command
 *   comes, while the consumer's channel stays open: the running tasks can still ack their commands on it;</li>
 *   <li>waits until the running tasks have ended, at most {@code edxo.worker.commands.shutdown-grace};</li>
 *   <li>stops what still runs then, leaving its command unacked: when the binding stops, the broker gives it
 *   to another worker, which starts it over with {@code task.reset}.</li>
 * </ol>
 * A command delivered in the short window before the broker handled the cancel is handed back at once.
 * <p>
 * The consumer's channel and tag come from the deliveries themselves: Spring AMQP's container keeps its
 * consumers to itself. Cancelling on the channel directly leaves the container running and unaware (a
 * client-side cancel does not end its consumer), which is what keeps the channel open until the binding stops.
 */
@Component
public class CommandIntake implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CommandIntake.class);
    private static final Duration POLL = Duration.ofMillis(100);

    private final RunningTasks runningTasks;
    private final Duration grace;
    /** Consumer tag → the channel it consumes on, for every consumer that delivered a command. */
    private final Map<String, Channel> consumers = new ConcurrentHashMap<>();
    private volatile boolean draining;
    private volatile boolean running;

    public CommandIntake(RunningTasks runningTasks, CommandIntakeProperties properties) {
        this.runningTasks = runningTasks;
        this.grace = properties.shutdownGrace();
    }

    /**
     * Called for each command delivery before anything else: remembers its consumer, and says whether the
     * command may start (false once shutdown has begun: the caller hands it back to the broker).
     */
    public boolean admit(MessageHeaders headers) {
        String consumerTag = headers.get(AmqpHeaders.CONSUMER_TAG, String.class);
        Channel channel = headers.get(AmqpHeaders.CHANNEL, Channel.class);
        if (consumerTag != null && channel != null) {
            Channel target = channel instanceof ChannelProxy proxy ? proxy.getTargetChannel() : channel;
            if (consumers.putIfAbsent(consumerTag, target) == null) {
                // A new consumer (first delivery, or after a reconnection): forget the closed ones.
                consumers.values().removeIf(known -> !known.isOpen());
                if (draining) {
                    cancel(consumerTag, target);
                }
            }
        }
        return !draining;
    }

    public boolean draining() {
        return draining;
    }

    @Override
    public void start() {
        running = true;
    }

    /** Blocks the shutdown for at most the grace period (the phase timeout does not apply to a blocking stop). */
    @Override
    public void stop() {
        if (!running) {
            return;
        }
        draining = true;
        consumers.forEach(this::cancel);
        long started = System.nanoTime();
        int atStart = runningTasks.count();
        log.info("shutting down: no new commands; waiting up to {} for {} running task(s)", grace, atStart);
        long deadline = started + grace.toNanos();
        while (runningTasks.count() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        int left = runningTasks.count();
        if (left > 0) {
            log.warn("shutdown grace of {} is over: stopping {} task(s); their commands stay unacked and go to "
                    + "another worker", grace, left);
            runningTasks.stopAll();
        } else {
            log.info("shutting down: the {} running task(s) ended in {} ms", atStart,
                    (System.nanoTime() - started) / 1_000_000);
        }
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops before the binder's input bindings (phase {@code Integer.MAX_VALUE - 1000}) and the web server. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }

    private void cancel(String consumerTag, Channel channel) {
        if (!channel.isOpen()) {
            return;
        }
        try {
            channel.basicCancel(consumerTag);
            log.info("command consumer {} cancelled: the broker sends this instance no more commands", consumerTag);
        } catch (IOException | RuntimeException e) {
            log.warn("could not cancel command consumer {}: {}", consumerTag, e.toString());
        }
    }
}

package org.edxo.ai.worker.control;

import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.contracts.messages.TaskControl;
import org.edxo.ai.worker.tasks.RunningTasks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.messaging.Message;
import org.springframework.stereotype.Component;

/**
 * Reads {@code task.cancel} orders from this instance's own queue on {@code edxo.task.control}: remembers
 * them (a command not taken yet is then revoked without calling the model) and cancels the task if it runs
 * here. Every instance gets every order; only the one running the task has something to stop.
 */
@Component
public class TaskControlListener {

    private static final Logger log = LoggerFactory.getLogger(TaskControlListener.class);

    private final CancelledTasks cancelledTasks;
    private final RunningTasks runningTasks;

    public TaskControlListener(CancelledTasks cancelledTasks, RunningTasks runningTasks) {
        this.cancelledTasks = cancelledTasks;
        this.runningTasks = runningTasks;
    }

    public void onControl(Message<byte[]> message) {
        TaskControl control;
        try {
            control = Json.read(message.getPayload(), TaskControl.class);
        } catch (RuntimeException e) {
            log.warn("unreadable task control message dropped: {}", e.toString());
            return;
        }
        if (!TaskControl.CANCEL.equals(control.type()) || control.taskId() == null) {
            log.warn("task control message of unknown type {} dropped", control.type());
            return;
        }
        cancelledTasks.remember(control.taskId());
        boolean running = runningTasks.cancel(control.taskId());
        log.info("task {}: cancel asked by {}{}", control.taskId(), control.userId(),
                running ? "; stopping it" : " (not running here)");
    }
}

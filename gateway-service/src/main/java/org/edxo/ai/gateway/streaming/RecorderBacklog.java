package org.edxo.ai.gateway.streaming;

/**
 * Whether this instance's recorder holds events it has received and not stored yet. A stream whose gap is not
 * stored after the usual wait keeps waiting while it is so (the events are on their way to the log), instead of
 * sending its client away to resume into the same gap: at saturation the recorder runs seconds behind.
 */
@FunctionalInterface
public interface RecorderBacklog {

    RecorderBacklog NONE = () -> false;

    boolean catchingUp();
}

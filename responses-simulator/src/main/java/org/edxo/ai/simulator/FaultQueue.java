package org.edxo.ai.simulator;

import java.util.ArrayDeque;
import java.util.Deque;

/** FIFO of faults; each request takes one use of the head fault, which leaves after {@code count} uses. */
final class FaultQueue {

    private static final class Entry {
        final Fault fault;
        int remaining;

        Entry(Fault fault) {
            this.fault = fault;
            this.remaining = fault.count();
        }
    }

    private final Deque<Entry> entries = new ArrayDeque<>();

    synchronized void add(Fault fault) {
        entries.addLast(new Entry(fault));
    }

    /** The fault for the request being handled, or null. */
    synchronized Fault take() {
        Entry head = entries.peekFirst();
        if (head == null) {
            return null;
        }
        if (--head.remaining <= 0) {
            entries.removeFirst();
        }
        return head.fault;
    }

    synchronized void clear() {
        entries.clear();
    }
}

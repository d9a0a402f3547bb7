package org.edxo.ai.worker.kinds.plancadre;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What {@code plan()} computed for one task, kept for its {@code result()}: the pipeline hands both the same
 * input object but nothing else in between. Keyed by that object's identity (two tasks with equal inputs stay
 * apart) and held weakly, so a task that fails between the two leaves nothing behind once its input is gone.
 */
final class InputMemo<V> {

    private final ReferenceQueue<Object> collected = new ReferenceQueue<>();
    private final Map<Key, V> entries = new ConcurrentHashMap<>();

    void put(Object input, V value) {
        purge();
        entries.put(new Key(input, collected), value);
    }

    /** The value remembered for {@code input}, forgotten at once; null when there is none. */
    V take(Object input) {
        purge();
        return entries.remove(new Key(input, null));
    }

    int size() {
        purge();
        return entries.size();
    }

    private void purge() {
        Reference<?> gone;
        while ((gone = collected.poll()) != null) {
            entries.remove(gone);
        }
    }

    private static final class Key extends WeakReference<Object> {

        private final int hash;

        Key(Object input, ReferenceQueue<Object> queue) {
            super(input, queue);
            this.hash = System.identityHashCode(input);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object other) {
            if (this == other) {
                return true;
            }
            Object input = get();
            return other instanceof Key key && input != null && input == key.get();
        }
    }
}

package org.edxo.ai.e2e;

/**
 * One running system shared by the end-to-end test classes that need nothing special (the task kinds),
 * started by the first of them and stopped when the test JVM exits: one startup instead of one per class.
 */
final class SharedSystem {

    private static RunningSystem system;

    private SharedSystem() {
    }

    static synchronized RunningSystem get() throws Exception {
        if (system == null) {
            RunningSystem started = RunningSystem.start();
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "shared-system-stop"));
            system = started;
        }
        return system;
    }
}

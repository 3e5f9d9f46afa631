package io.virtkit.hyperv.testing;

import java.util.Set;

/**
 * Which RequestStateChange a Hyper-V VM accepts in which EnabledState, and the transitional state it shows while
 * the change runs: start from off, saved or paused (resume); turn off from running, paused or saved; pause only
 * from running; save from running or paused; reset only from running. Nothing is accepted while a change runs.
 */
final class StateRules {

    static final int RUNNING = 2;
    static final int OFF = 3;
    static final int SAVED = 6;
    static final int QUIESCE = 9;
    static final int RESET = 10;
    static final int PAUSED = 32768;
    static final int SAVED_LEGACY = 32769;
    static final int STARTING = 32770;
    static final int SAVING = 32773;
    static final int STOPPING = 32774;
    static final int PAUSING = 32776;
    static final int RESUMING = 32777;

    private static final Set<Integer> KNOWN_REQUESTS = Set.of(RUNNING, OFF, SAVED, QUIESCE, RESET, PAUSED,
            SAVED_LEGACY);

    /** A requested state change: the state while the job runs and the state when it completed. */
    record Transition(int during, int after) {
    }

    private StateRules() {
    }

    static boolean isSaved(int state) {
        return state == SAVED || state == SAVED_LEGACY;
    }

    static boolean isPaused(int state) {
        return state == QUIESCE || state == PAUSED;
    }

    static boolean known(int requested) {
        return KNOWN_REQUESTS.contains(requested);
    }

    /** The transition, or null when the state does not allow the request (or the request is unknown). */
    static Transition transition(int current, int requested) {
        boolean running = current == RUNNING;
        boolean paused = isPaused(current);
        boolean saved = isSaved(current);
        boolean off = current == OFF;
        return switch (requested) {
            case RUNNING -> off || saved ? new Transition(STARTING, RUNNING)
                    : paused ? new Transition(RESUMING, RUNNING) : null;
            case OFF -> running || paused || saved ? new Transition(STOPPING, OFF) : null;
            case QUIESCE, PAUSED -> running ? new Transition(PAUSING, requested) : null;
            case SAVED, SAVED_LEGACY -> running || paused ? new Transition(SAVING, requested) : null;
            case RESET -> running ? new Transition(RUNNING, RUNNING) : null;
            default -> null;
        };
    }
}

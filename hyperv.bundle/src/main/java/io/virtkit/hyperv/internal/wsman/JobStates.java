package io.virtkit.hyperv.internal.wsman;

/** The JobState values of CIM_ConcreteJob (Msvm_ConcreteJob), and which of them mean the job has ended. */
final class JobStates {

    static final int NEW = 2;
    static final int STARTING = 3;
    static final int RUNNING = 4;
    static final int SUSPENDED = 5;
    static final int SHUTTING_DOWN = 6;
    static final int COMPLETED = 7;
    static final int TERMINATED = 8;
    static final int KILLED = 9;
    static final int EXCEPTION = 10;
    static final int SERVICE = 11;

    private JobStates() {
    }

    static String name(int state) {
        return switch (state) {
            case NEW -> "New";
            case STARTING -> "Starting";
            case RUNNING -> "Running";
            case SUSPENDED -> "Suspended";
            case SHUTTING_DOWN -> "Shutting Down";
            case COMPLETED -> "Completed";
            case TERMINATED -> "Terminated";
            case KILLED -> "Killed";
            case EXCEPTION -> "Exception";
            case SERVICE -> "Service";
            default -> "unknown";
        };
    }

    /** Still going: New, Starting, Running, Suspended (it may be resumed), Shutting Down. */
    static boolean pending(int state) {
        return state >= NEW && state <= SHUTTING_DOWN;
    }

    /** Ended without doing its work: Terminated, Killed, Exception, Service. */
    static boolean failed(int state) {
        return state >= TERMINATED && state <= SERVICE;
    }
}

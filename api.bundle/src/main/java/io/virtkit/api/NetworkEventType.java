package io.virtkit.api;

/** A network lifecycle event, numbered as libvirt's {@code virNetworkEventLifecycleType}. */
public enum NetworkEventType {
    DEFINED(0, "Defined"),
    UNDEFINED(1, "Undefined"),
    STARTED(2, "Started"),
    STOPPED(3, "Stopped");

    private final int number;
    private final String label;

    NetworkEventType(int number, String label) {
        this.number = number;
        this.label = label;
    }

    public int number() {
        return number;
    }

    /** virsh's wording ("Started"). */
    public String label() {
        return label;
    }
}

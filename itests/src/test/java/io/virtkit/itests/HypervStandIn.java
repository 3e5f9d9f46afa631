package io.virtkit.itests;

import io.virtkit.hyperv.testing.StandInHypervEndpoint;

/**
 * The stand-in Hyper-V endpoint of hyperv.bundle's test-jar, for HypervKarafStandInIT in the test JVM only. Apart
 * from the test class because JUnit reads the test class's fields and methods in the container too (the probe),
 * where the stand-in's classes are not: only this class names them.
 */
final class HypervStandIn {
    static final String USER = "administrator";
    static final int ENABLED_STATE_RUNNING = 2;
    static final int ENABLED_STATE_OFF = 3;

    private HypervStandIn() {
    }

    /**
     * Starts the stand-in (HTTP on 127.0.0.1, Basic auth with {@link #USER} and {@code password}) holding web01
     * (running, 2 vCPUs, 1 GiB) and db01 (off, 1 vCPU, 512 MiB); it stops with this JVM. Its hyperv:// URI, without
     * a user.
     */
    static String start(String password) {
        StandInHypervEndpoint endpoint = StandInHypervEndpoint.startHttp(USER, password);
        Runtime.getRuntime().addShutdownHook(new Thread(endpoint::close, "stop the stand-in Hyper-V endpoint"));
        endpoint.host().addVirtualMachine("web01", 2, 1024, ENABLED_STATE_RUNNING);
        endpoint.host().addVirtualMachine("db01", 1, 512, ENABLED_STATE_OFF);
        return endpoint.libvirtUri();
    }
}

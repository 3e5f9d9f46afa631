package io.virtkit.xen.internal;

import java.time.Duration;

/**
 * How long the driver waits: to connect and log in over SSH, for an ordinary {@code xl} command, and for a domain's
 * creation (which builds it and runs its hotplug scripts).
 */
record XenSettings(Duration connectTimeout, Duration commandTimeout, Duration createTimeout) {

    static final XenSettings DEFAULTS = new XenSettings(Duration.ofSeconds(30), Duration.ofSeconds(60),
            Duration.ofSeconds(300));
}

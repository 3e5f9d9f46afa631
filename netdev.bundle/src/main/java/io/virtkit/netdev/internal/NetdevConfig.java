package io.virtkit.netdev.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the virtual network driver and the TAP provider (pid {@code io.virtkit.netdev}). */
@ObjectClassDefinition(name = "Virtkit networks",
        description = "Where the virtual network driver keeps persistent definitions and runtime state")
public @interface NetdevConfig {

    @AttributeDefinition(description = "Persistent network XML and autostart markers")
    String stateDir() default "/var/lib/virtkit/network";

    @AttributeDefinition(description = "Runtime state: status files of active networks, dnsmasq config, pid and lease files")
    String runDir() default "/run/virtkit/network";
}

package io.virtkit.lxc.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the LXC driver (pid {@code io.virtkit.lxc}). */
@ObjectClassDefinition(name = "Virtkit LXC driver",
        description = "Where lxc:/// keeps its files, and the cgroup its containers go into")
public @interface LxcDriverConfig {

    @AttributeDefinition(description = "Persistent domain XML and autostart markers")
    String configDir() default "/var/lib/virtkit/lxc";

    @AttributeDefinition(description = "Status files, init wrappers and console FIFOs of running containers")
    String runtimeDir() default "/run/virtkit/lxc";

    @AttributeDefinition(description = "One console log per container (what its init writes to its console)")
    String logDir() default "/var/log/virtkit/lxc";

    @AttributeDefinition(description = "Path of the containers' cgroups below the driver's own cgroup")
    String cgroupPath() default "virtkit/lxc";

    @AttributeDefinition(description = "Smallest <memory> a container may have, in KiB")
    long minMemoryKiB() default 4096;

    @AttributeDefinition(description = "Processes one container may have at once (its pids cgroup); 0: no limit")
    long maxProcesses() default 0;

    @AttributeDefinition(description = "Seconds a start waits for the container's init to be ready")
    int startTimeoutSeconds() default 30;

    @AttributeDefinition(description = "Seconds an operation waits for another one on the same domain")
    int jobTimeoutSeconds() default 30;
}

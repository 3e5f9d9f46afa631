package io.virtkit.storage.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of the storage driver (pid {@code io.virtkit.storage}): the directories of the system pools
 * ({@code qemu:///system}, {@code lxc:///}) and of the session pools ({@code qemu:///session}), whose empty
 * defaults are the user's XDG directories, as libvirt's session storage driver uses them.
 */
@ObjectClassDefinition(name = "Virtkit storage",
        description = "Where the storage driver keeps persistent pool definitions and the state of active pools")
public @interface StorageConfig {

    @AttributeDefinition(description = "System pools: persistent XML, autostart markers in its autostart directory")
    String configDir() default "/var/lib/virtkit/storage";

    @AttributeDefinition(description = "System pools: the live XML of each active pool, read back at the next start")
    String stateDir() default "/run/virtkit/storage";

    @AttributeDefinition(required = false,
            description = "qemu:///session pools' config dir; empty: $XDG_CONFIG_HOME/virtkit/storage")
    String sessionConfigDir() default "";

    @AttributeDefinition(required = false,
            description = "qemu:///session pools' state dir; empty: $XDG_RUNTIME_DIR/virtkit/storage")
    String sessionStateDir() default "";
}

package io.virtkit.storage.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the storage driver (pid {@code io.virtkit.storage}), libvirt's storage driver directories. */
@ObjectClassDefinition(name = "Virtkit storage",
        description = "Where the storage driver keeps persistent pool definitions and the state of active pools")
public @interface StorageConfig {

    @AttributeDefinition(description = "Persistent pool XML, and autostart markers in its autostart directory")
    String configDir() default "/etc/virtkit/storage";

    @AttributeDefinition(description = "The live XML of each active pool, read back when the driver starts again")
    String stateDir() default "/run/virtkit/storage";
}

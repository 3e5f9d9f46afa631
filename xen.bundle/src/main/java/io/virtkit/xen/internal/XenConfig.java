package io.virtkit.xen.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the Xen driver (pid {@code io.virtkit.xen}). */
@ObjectClassDefinition(name = "Virtkit Xen driver", description = "xen:/// connections: the xl toolstack, locally or over SSH")
public @interface XenConfig {

    @AttributeDefinition(description = "Seconds to connect and log in to a Xen host over SSH")
    int connectTimeout() default 30;

    @AttributeDefinition(description = "Seconds an ordinary xl command may take before it fails")
    int commandTimeout() default 60;

    @AttributeDefinition(description = "Seconds creating (building and starting) a domain may take")
    int createTimeout() default 300;
}

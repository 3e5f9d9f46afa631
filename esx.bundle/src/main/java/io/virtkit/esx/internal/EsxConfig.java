package io.virtkit.esx.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The ESX driver's settings (pid {@code io.virtkit.esx}). */
@ObjectClassDefinition(name = "Virtkit ESX driver", description = "How esx://, gsx:// and vpx:// connections reach vSphere")
@interface EsxConfig {

    @AttributeDefinition(name = "Extra CA files", required = false,
            description = "PEM files of CAs trusted for server certificates besides the JDK's (no_verify=1 skips checks)")
    String[] caFile() default {};

    @AttributeDefinition(name = "auth.conf", required = false,
            description = "A libvirt auth.conf read when $LIBVIRT_AUTH_FILE, $XDG_CONFIG_HOME/libvirt/auth.conf and "
                    + "/etc/libvirt/auth.conf give none")
    String authFile() default "";

    @AttributeDefinition(name = "Connect timeout (s)", description = "TCP and TLS set-up")
    int connectTimeout() default 10;

    @AttributeDefinition(name = "Call timeout (s)", description = "One SOAP call or file transfer")
    int callTimeout() default 60;

    @AttributeDefinition(name = "Task timeout (s)", description = "One vSphere task (power on, register, ...)")
    int taskTimeout() default 300;
}

package io.virtkit.esx.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The ESX driver's settings (pid {@code io.virtkit.esx}). */
@ObjectClassDefinition(name = "Virtkit ESX driver", description = "How esx://, gsx:// and vpx:// connections reach vSphere")
@interface EsxConfig {

    @AttributeDefinition(name = "Extra CA files", required = false,
            description = "PEM files of CAs trusted for server certificates besides the JDK's (no_verify=1 skips checks)")
    String[] ca_file() default {};

    @AttributeDefinition(name = "auth.conf", required = false,
            description = "A libvirt auth.conf read when $LIBVIRT_AUTH_FILE, $XDG_CONFIG_HOME/libvirt/auth.conf and "
                    + "/etc/libvirt/auth.conf give none")
    String auth_file() default "";

    @AttributeDefinition(name = "Connect timeout (s)", description = "TCP and TLS set-up")
    int connect_timeout() default 10;

    @AttributeDefinition(name = "Call timeout (s)", description = "One SOAP call or file transfer")
    int call_timeout() default 60;

    @AttributeDefinition(name = "Task timeout (s)", description = "One vSphere task (power on, register, ...)")
    int task_timeout() default 300;
}

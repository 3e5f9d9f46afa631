package io.virtkit.hyperv.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The Hyper-V driver's settings (pid {@code io.virtkit.hyperv}). */
@ObjectClassDefinition(name = "Virtkit Hyper-V driver", description = "How hyperv:// connections reach WinRM")
@interface HypervConfig {

    @AttributeDefinition(name = "Extra CA files", required = false,
            description = "PEM files of CAs trusted for the host's certificate besides the JDK's "
                    + "(no_verify=1 skips checks)")
    String[] caFile() default {};

    @AttributeDefinition(name = "auth.conf", required = false,
            description = "A libvirt auth.conf read when $LIBVIRT_AUTH_FILE, $XDG_CONFIG_HOME/libvirt/auth.conf and "
                    + "/etc/libvirt/auth.conf give none")
    String authFile() default "";

    @AttributeDefinition(name = "Connect timeout (s)", description = "TCP and TLS set-up")
    int connectTimeout() default 10;

    @AttributeDefinition(name = "Call timeout (s)", description = "One WS-Management request")
    int callTimeout() default 60;

    @AttributeDefinition(name = "Job timeout (s)",
            description = "One Hyper-V job (start, save, modify settings...); libvirt waits 5 minutes")
    int jobTimeout() default 300;

    @AttributeDefinition(name = "Event poll interval (ms)",
            description = "How often a connection with domain event listeners reads its VMs' states")
    int eventInterval() default 2000;
}

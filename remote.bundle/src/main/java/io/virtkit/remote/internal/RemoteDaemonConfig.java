package io.virtkit.remote.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the remote daemon (pid {@code io.virtkit.remote}), libvirtd.conf's listening part. */
@ObjectClassDefinition(name = "Virtkit remote daemon",
        description = "Sockets on which libvirt's RPC protocol is served (virsh, python-libvirt, libvirt-java)")
public @interface RemoteDaemonConfig {

    @AttributeDefinition(description = "Read-write UNIX socket (mode 0600); empty: none")
    String socketPath() default "/run/virtkit/virtkit-sock";

    @AttributeDefinition(required = false,
            description = "Read-only UNIX socket (mode 0777, mutating calls refused); empty: none")
    String readOnlySocketPath() default "/run/virtkit/virtkit-sock-ro";

    @AttributeDefinition(description = "Also listen on TCP (no authentication: loopback addresses only)")
    boolean tcpEnabled() default false;

    @AttributeDefinition(description = "TCP listen address; must be a loopback address")
    String tcpAddress() default "127.0.0.1";

    @AttributeDefinition(description = "TCP port (libvirtd's is 16509); 0 picks a free one")
    int tcpPort() default 16509;

    @AttributeDefinition(description = "Clients connected at once; more are refused")
    int maxClients() default 200;

    @AttributeDefinition(description = "Calls one client may have outstanding before the daemon stops reading from it")
    int maxRequestsPerClient() default 5;
}

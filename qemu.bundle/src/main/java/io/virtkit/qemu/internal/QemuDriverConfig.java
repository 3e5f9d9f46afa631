package io.virtkit.qemu.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of the QEMU driver (pid {@code io.virtkit.qemu}). Empty session directories mean the
 * user's XDG directories, as libvirt's {@code qemu:///session} uses them.
 */
@ObjectClassDefinition(name = "Virtkit QEMU driver",
        description = "Where qemu:///system and qemu:///session keep their files, and the QEMU binary")
public @interface QemuDriverConfig {

    @AttributeDefinition(description = "The QEMU binary used when a domain names no <emulator>")
    String emulator() default "/usr/bin/qemu-system-x86_64";

    @AttributeDefinition(description = "qemu:///system: persistent domain XML and autostart markers")
    String systemConfigDir() default "/var/lib/virtkit/qemu";

    @AttributeDefinition(description = "qemu:///system: status files and monitor sockets of running domains")
    String systemRuntimeDir() default "/run/virtkit/qemu";

    @AttributeDefinition(description = "qemu:///system: one log file per domain (QEMU's stdout and stderr)")
    String systemLogDir() default "/var/log/virtkit/qemu";

    @AttributeDefinition(required = false,
            description = "qemu:///session config dir; empty: $XDG_CONFIG_HOME/virtkit/qemu")
    String sessionConfigDir() default "";

    @AttributeDefinition(required = false,
            description = "qemu:///session runtime dir; empty: $XDG_RUNTIME_DIR/virtkit/qemu")
    String sessionRuntimeDir() default "";

    @AttributeDefinition(required = false,
            description = "qemu:///session log dir; empty: ~/.cache/virtkit/qemu/log")
    String sessionLogDir() default "";

    @AttributeDefinition(description = "Seconds destroy waits after SIGTERM before it sends SIGKILL")
    int destroyGraceSeconds() default 3;

    @AttributeDefinition(description = "Seconds an operation waits for another one on the same domain")
    int jobTimeoutSeconds() default 30;

    @AttributeDefinition(description = "Seconds to wait for QEMU's monitor (connecting and each command)")
    int monitorTimeoutSeconds() default 30;

    @AttributeDefinition(required = false, description = "This host's UUID (capabilities' <host><uuid>, the migration "
            + "cookie's same-host check); empty: the SMBIOS system UUID, else /etc/machine-id (libvirt's host_uuid)")
    String hostUuid() default "";

    @AttributeDefinition(required = false, description = "The address incoming migrations listen on when the "
            + "caller names none (libvirt's migration_host); empty: such a prepare is refused")
    String migrationHost() default "";

    @AttributeDefinition(description = "Lowest TCP port for incoming migrations (libvirt's migration_port_min)")
    int migrationPortMin() default 49152;

    @AttributeDefinition(description = "Highest TCP port for incoming migrations (libvirt's migration_port_max)")
    int migrationPortMax() default 49215;

    @AttributeDefinition(description = "Seconds a prepared incoming migration waits for the source to connect "
            + "before its QEMU is killed and everything prepare made is removed")
    int migrationPrepareTimeoutSeconds() default 300;

    @AttributeDefinition(description = "qemu:///system: the user QEMU runs as (a name, or +UID), as libvirt's "
            + "qemu.conf 'user'; the launcher's set-up creates virtkit-qemu")
    String user() default QemuSecurity.DEFAULT_USER;

    @AttributeDefinition(description = "qemu:///system: the group QEMU runs as (a name, or +GID), as libvirt's "
            + "qemu.conf 'group'")
    String group() default QemuSecurity.DEFAULT_GROUP;

    @AttributeDefinition(description = "qemu:///system: give the files a guest uses (disks, kernel, initrd, nvram, "
            + "chardev outputs) to QEMU's user while it runs and back after (libvirt's dynamic_ownership)")
    boolean dynamicOwnership() default true;

    @AttributeDefinition(description = "qemu:///system: remember each file's owner and mode in trusted.* extended "
            + "attributes and restore them (libvirt's remember_owner); without it files go back to root:root")
    boolean rememberOwner() default true;

    @AttributeDefinition(description = "qemu:///system: namespaces QEMU gets ('mount': a private /dev with only the "
            + "guest's devices, libvirt's namespaces); empty for none")
    String[] namespaces() default {"mount"};
}

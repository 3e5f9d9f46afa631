package io.virtkit.api.qemu;

import org.osgi.annotation.versioning.ProviderType;

import io.virtkit.api.Domain;

/** A domain of the QEMU driver, libvirt's {@code virDomainQemuMonitorCommand}. */
@ProviderType
public interface QemuDomain extends Domain {

    /**
     * Sends one raw QMP command (a JSON object such as {@code {"execute":"query-status"}}) to the running
     * domain's monitor and returns QEMU's JSON reply unchanged. Meant for debugging: commands that change
     * state behind the driver's back may confuse it, as in libvirt.
     */
    String monitorCommand(String json);
}

/**
 * The VMX format and libvirt's mapping between it and domain definitions (libvirt's src/vmx): {@link
 * io.virtkit.esx.internal.vmx.VmxFile} reads and writes the {@code key = "value"} text, {@link
 * io.virtkit.esx.internal.vmx.VmxCodec} turns it into a {@link io.virtkit.model.domain.DomainDefinition} and back
 * with libvirt's rules and refusals; where file names point is a {@link io.virtkit.esx.internal.vmx.VmxFileNames}
 * strategy (datastore paths on an ESX host, paths as they are for VMware Workstation).
 */
package io.virtkit.esx.internal.vmx;

/**
 * The groundwork of libvirt's libxl driver (issue 14), being built: no driver is registered yet. The xl and xm
 * configuration formats and libvirt's mapping between them and domain definitions (its src/libxl/xen_common.c,
 * xen_xl.c and xen_xm.c): {@link io.virtkit.xen.internal.xl.XlConfig} reads and writes the {@code key = value}
 * text as libxl's parser accepts it, {@link io.virtkit.xen.internal.xl.XlCodec} turns it into a
 * {@link io.virtkit.model.domain.DomainDefinition} and back with libvirt's rules and refusals
 * ({@code domxml-from-native} and {@code domxml-to-native} for {@code xen-xl} and {@code xen-xm}). Xen's own
 * {@code xl -N create} cannot check the written files off a Xen host: xl allocates a libxl context, which opens
 * the hypervisor's privileged command interface ({@code /dev/xen/privcmd}), before any command, dry runs too.
 */
package io.virtkit.xen.internal.xl;

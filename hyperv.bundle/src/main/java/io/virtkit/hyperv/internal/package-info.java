/**
 * libvirt's Microsoft Hyper-V driver (issue 15): {@code hyperv://} connections to a Hyper-V host over
 * WS-Management, the WMI classes of {@code root/virtualization/v2} and {@code root/cimv2}.
 */
package io.virtkit.hyperv.internal;

/**
 * libvirt's VMware ESX / vCenter driver (issue 13): {@code esx://} and {@code vpx://} connections over the vSphere
 * API (SOAP over HTTPS), and the VMX format ({@code domxml-from-native}/{@code domxml-to-native vmware-vmx}).
 * Being built; no driver is registered yet.
 */
package io.virtkit.esx.internal;

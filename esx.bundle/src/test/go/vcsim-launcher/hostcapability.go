package main

import (
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/types"
)

// addHostCapabilities gives each host the capability an ESX 6.5 host reports (vcsim 0.24 leaves it unset): libvirt's
// esx driver and Virtkit's read capability.maxSupportedVcpus for maxvcpus, vcpucount and setvcpus.
func addHostCapabilities() {
	for _, e := range simulator.Map.All("HostSystem") {
		host := e.(*simulator.HostSystem)
		if host.Capability == nil {
			host.Capability = &types.HostCapability{MaxSupportedVcpus: 128, MaxSupportedVMs: 1024,
				MaxRunningVMs: 1024, CpuMemoryResourceConfigurationSupported: true, RebootSupported: true,
				ShutdownSupported: true}
		}
	}
}

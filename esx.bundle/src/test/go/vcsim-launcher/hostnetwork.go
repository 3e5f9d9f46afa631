package main

import (
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

// hostNetworkSystem is vcsim's HostNetworkSystem that also keeps its host's config.network up to date, as a
// real ESX does (they are the same information there). vcsim 0.24 changes only the network system's own
// networkInfo, and only by name: a switch it adds has no key, spec or uplinks, and never shows in the host's
// config.network, which is what libvirt's esx driver and Virtkit's read. vcsim does the checking and keeps
// the port groups' Network objects; this mirrors each change that succeeded into config.network with the keys
// and specs a real host reports.
//
// It holds vcsim's object by value (and takes its place in the registry): vcsim finds an object's properties
// by following each first embedded field down to the mo type, which a pointer would stop.
type hostNetworkSystem struct {
	simulator.HostNetworkSystem
	host *mo.HostSystem
}

// mirrorHostNetworks puts the mirroring network system in place of each host's.
func mirrorHostNetworks() {
	for _, e := range simulator.Map.All("HostSystem") {
		h, ok := e.(*simulator.HostSystem)
		if !ok || h.ConfigManager.NetworkSystem == nil || h.Config == nil || h.Config.Network == nil {
			continue
		}
		ns, ok := simulator.Map.Get(*h.ConfigManager.NetworkSystem).(*simulator.HostNetworkSystem)
		if !ok {
			continue
		}
		simulator.Map.Put(&hostNetworkSystem{HostNetworkSystem: *ns, host: &h.HostSystem})
	}
}

func failed(r soap.HasFault) bool {
	return r.Fault() != nil
}

func vswitchKey(name string) string {
	return "key-vim.host.VirtualSwitch-" + name
}

func portGroupKey(name string) string {
	return "key-vim.host.PortGroup-" + name
}

// pnicKey is the key of the physical NIC a bridge names, by device (what a real ESX takes) or by key.
func (s *hostNetworkSystem) pnicKey(nic string) string {
	for _, p := range s.host.Config.Network.Pnic {
		if p.Device == nic || p.Key == nic {
			return p.Key
		}
	}
	return nic
}

func (s *hostNetworkSystem) AddVirtualSwitch(c *types.AddVirtualSwitch) soap.HasFault {
	r := s.HostNetworkSystem.AddVirtualSwitch(c)
	if failed(r) {
		return r
	}
	vs := types.HostVirtualSwitch{Name: c.VswitchName, Key: vswitchKey(c.VswitchName), Mtu: 1500}
	if c.Spec != nil {
		vs.Spec = *c.Spec
		vs.NumPorts = c.Spec.NumPorts
		vs.NumPortsAvailable = c.Spec.NumPorts
		if bond, ok := c.Spec.Bridge.(*types.HostVirtualSwitchBondBridge); ok {
			for _, nic := range bond.NicDevice {
				vs.Pnic = append(vs.Pnic, s.pnicKey(nic))
			}
		}
	}
	net := s.host.Config.Network
	net.Vswitch = append(net.Vswitch, vs)
	return r
}

func (s *hostNetworkSystem) RemoveVirtualSwitch(c *types.RemoveVirtualSwitch) soap.HasFault {
	r := s.HostNetworkSystem.RemoveVirtualSwitch(c)
	if failed(r) {
		return r
	}
	net := s.host.Config.Network
	var kept []types.HostVirtualSwitch
	for _, vs := range net.Vswitch {
		if vs.Name != c.VswitchName {
			kept = append(kept, vs)
		}
	}
	net.Vswitch = kept
	var groups []types.HostPortGroup
	for _, pg := range net.Portgroup {
		if pg.Vswitch != vswitchKey(c.VswitchName) {
			groups = append(groups, pg)
		}
	}
	net.Portgroup = groups
	return r
}

func (s *hostNetworkSystem) AddPortGroup(ctx *simulator.Context, c *types.AddPortGroup) soap.HasFault {
	r := s.HostNetworkSystem.AddPortGroup(ctx, c)
	if failed(r) {
		return r
	}
	net := s.host.Config.Network
	key := portGroupKey(c.Portgrp.Name)
	for i := range net.Vswitch {
		if net.Vswitch[i].Name == c.Portgrp.VswitchName {
			net.Vswitch[i].Portgroup = append(net.Vswitch[i].Portgroup, key)
		}
	}
	net.Portgroup = append(net.Portgroup, types.HostPortGroup{Key: key, Spec: c.Portgrp,
		Vswitch: vswitchKey(c.Portgrp.VswitchName)})
	if ref := networkNamed(c.Portgrp.Name); ref != nil {
		s.host.Network = append(s.host.Network, *ref)
	}
	return r
}

// networkNamed is the Network object vcsim made for a port group (a real host lists it in its network).
func networkNamed(name string) *types.ManagedObjectReference {
	for _, e := range simulator.Map.All("Network") {
		if e.Entity().Name == name {
			ref := e.Reference()
			return &ref
		}
	}
	return nil
}

func (s *hostNetworkSystem) RemovePortGroup(ctx *simulator.Context, c *types.RemovePortGroup) soap.HasFault {
	network := networkNamed(c.PgName)
	r := s.HostNetworkSystem.RemovePortGroup(ctx, c)
	if failed(r) {
		return r
	}
	if network != nil {
		var refs []types.ManagedObjectReference
		for _, ref := range s.host.Network {
			if ref != *network {
				refs = append(refs, ref)
			}
		}
		s.host.Network = refs
	}
	net := s.host.Config.Network
	key := portGroupKey(c.PgName)
	var groups []types.HostPortGroup
	for _, pg := range net.Portgroup {
		if pg.Spec.Name != c.PgName {
			groups = append(groups, pg)
		}
	}
	net.Portgroup = groups
	for i := range net.Vswitch {
		var keys []string
		for _, k := range net.Vswitch[i].Portgroup {
			if k != key {
				keys = append(keys, k)
			}
		}
		net.Vswitch[i].Portgroup = keys
	}
	return r
}

package main

// vcsim 0.24 names a HostAutoStartManager in each host's configManager but registers no such object, so reading
// it fails (ManagedObjectNotFound) where a real ESX answers. This adds one per host, keeping the autostart
// configuration as ESX does: ReconfigureAutostart merges the defaults and replaces or adds each VM's power info.

import (
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

type hostAutoStartManager struct {
	mo.HostAutoStartManager
}

func (m *hostAutoStartManager) ReconfigureAutostart(req *types.ReconfigureAutostart) soap.HasFault {
	if d := req.Spec.Defaults; d != nil {
		cur := m.Config.Defaults
		if cur == nil {
			cur = &types.AutoStartDefaults{}
			m.Config.Defaults = cur
		}
		if d.Enabled != nil {
			cur.Enabled = d.Enabled
		}
		if d.StartDelay != 0 {
			cur.StartDelay = d.StartDelay
		}
		if d.StopDelay != 0 {
			cur.StopDelay = d.StopDelay
		}
		if d.WaitForHeartbeat != nil {
			cur.WaitForHeartbeat = d.WaitForHeartbeat
		}
		if d.StopAction != "" {
			cur.StopAction = d.StopAction
		}
	}
	for _, info := range req.Spec.PowerInfo {
		replaced := false
		for i := range m.Config.PowerInfo {
			if m.Config.PowerInfo[i].Key.Value == info.Key.Value {
				m.Config.PowerInfo[i] = info
				replaced = true
			}
		}
		if !replaced {
			m.Config.PowerInfo = append(m.Config.PowerInfo, info)
		}
	}
	return &methods.ReconfigureAutostartBody{Res: new(types.ReconfigureAutostartResponse)}
}

// addAutostartManagers gives every host an autostart manager object, disabled, with no VM set to start.
func addAutostartManagers() {
	for _, e := range simulator.Map.All("HostSystem") {
		host := e.(*simulator.HostSystem)
		m := &hostAutoStartManager{}
		m.Self = types.ManagedObjectReference{Type: "HostAutoStartManager", Value: "autoStartManager-" + host.Self.Value}
		m.Config.Defaults = &types.AutoStartDefaults{Enabled: types.NewBool(false), StartDelay: 120, StopDelay: 120,
			WaitForHeartbeat: types.NewBool(false), StopAction: "PowerOff"}
		ref := simulator.Map.Put(m).Reference()
		host.ConfigManager.AutoStartManager = &ref
	}
}

package main

import (
	"fmt"
	"io/ioutil"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/types"
)

// writeVmxFiles gives each simulator VM whose .vmx file is empty (vcsim 0.24 creates it so) the content a real
// ESX would hold for its configuration: clients that read the VM's definition from its .vmx (libvirt's esx
// driver for dumpxml) get a parsable file. Only the keys a client maps are written: name, memory, CPUs, guest
// OS, UUID, SCSI/IDE disks and Ethernet cards.
func writeVmxFiles() error {
	dirs := map[string]string{} // datastore name -> its local directory
	for _, e := range simulator.Map.All("Datastore") {
		ds := e.(*simulator.Datastore)
		dirs[ds.Name] = ds.Info.GetDatastoreInfo().Url
	}
	for _, e := range simulator.Map.All("VirtualMachine") {
		vm := e.(*simulator.VirtualMachine)
		if vm.Config == nil {
			continue
		}
		var p datastorePath
		if !p.parse(vm.Config.Files.VmPathName) || dirs[p.datastore] == "" {
			continue
		}
		file := filepath.Join(dirs[p.datastore], p.path)
		if st, err := os.Stat(file); err != nil || st.Size() > 0 {
			continue
		}
		if err := ioutil.WriteFile(file, []byte(vmxOf(vm.Config)), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// datastorePath is a datastore path "[datastore] dir/file".
type datastorePath struct{ datastore, path string }

func (p *datastorePath) parse(s string) bool {
	if !strings.HasPrefix(s, "[") || !strings.Contains(s, "] ") {
		return false
	}
	i := strings.Index(s, "] ")
	p.datastore, p.path = s[1:i], s[i+2:]
	return true
}

func vmxOf(c *types.VirtualMachineConfigInfo) string {
	keys := map[string]string{
		".encoding":         "UTF-8",
		"config.version":    "8",
		"virtualHW.version": strings.TrimPrefix(c.Version, "vmx-"),
		"displayName":       c.Name,
		"memSize":           fmt.Sprint(c.Hardware.MemoryMB),
		"numvcpus":          fmt.Sprint(c.Hardware.NumCPU),
		"guestOS":           guestOS(c.GuestId),
		"uuid.bios":         c.Uuid,
	}
	if keys["virtualHW.version"] == "" {
		keys["virtualHW.version"] = "13"
	}
	controllers := map[int32]string{} // device key -> vmx prefix (scsi0, ide1)
	scsi, nic := 0, 0
	for _, d := range c.Hardware.Device {
		switch dev := d.(type) {
		case types.BaseVirtualSCSIController:
			ctl := dev.GetVirtualSCSIController()
			prefix := fmt.Sprintf("scsi%d", ctl.BusNumber)
			controllers[ctl.Key] = prefix
			keys[prefix+".present"] = "TRUE"
			keys[prefix+".virtualDev"] = scsiModel(d)
			scsi++
		case *types.VirtualIDEController:
			controllers[dev.Key] = fmt.Sprintf("ide%d", dev.BusNumber)
		}
	}
	for _, d := range c.Hardware.Device {
		dev, dev0 := d.GetVirtualDevice(), d
		switch d := d.(type) {
		case *types.VirtualDisk:
			prefix, ok := controllers[dev.ControllerKey]
			if !ok || dev.UnitNumber == nil {
				continue
			}
			backing, ok := d.Backing.(types.BaseVirtualDeviceFileBackingInfo)
			if !ok {
				continue
			}
			var p datastorePath
			name := backing.GetVirtualDeviceFileBackingInfo().FileName
			if p.parse(name) {
				name = filepath.Base(p.path)
			}
			unit := fmt.Sprintf("%s:%d", prefix, *dev.UnitNumber)
			keys[unit+".present"] = "TRUE"
			keys[unit+".fileName"] = name
			if strings.HasPrefix(prefix, "scsi") {
				keys[unit+".deviceType"] = "scsi-hardDisk"
			} else {
				keys[unit+".deviceType"] = "ata-hardDisk"
			}
		case types.BaseVirtualEthernetCard:
			card := d.GetVirtualEthernetCard()
			prefix := fmt.Sprintf("ethernet%d", nic)
			nic++
			keys[prefix+".present"] = "TRUE"
			keys[prefix+".virtualDev"] = nicModel(dev0)
			if b, ok := card.Backing.(*types.VirtualEthernetCardNetworkBackingInfo); ok {
				keys[prefix+".networkName"] = b.DeviceName
			}
			if card.MacAddress != "" {
				keys[prefix+".addressType"] = "generated"
				keys[prefix+".generatedAddress"] = card.MacAddress
			}
		}
	}
	names := make([]string, 0, len(keys))
	for k := range keys {
		names = append(names, k)
	}
	sort.Strings(names)
	var b strings.Builder
	for _, k := range names {
		fmt.Fprintf(&b, "%s = %q\n", k, keys[k])
	}
	return b.String()
}

func guestOS(id string) string {
	if id == "" {
		return "other"
	}
	return strings.TrimSuffix(id, "Guest")
}

func scsiModel(d types.BaseVirtualDevice) string {
	switch d.(type) {
	case *types.VirtualBusLogicController:
		return "buslogic"
	case *types.ParaVirtualSCSIController:
		return "pvscsi"
	case *types.VirtualLsiLogicSASController:
		return "lsisas1068"
	default:
		return "lsilogic"
	}
}

func nicModel(d types.BaseVirtualDevice) string {
	switch d.(type) {
	case *types.VirtualE1000:
		return "e1000"
	case *types.VirtualE1000e:
		return "e1000e"
	case *types.VirtualVmxnet3:
		return "vmxnet3"
	case *types.VirtualPCNet32:
		return "vlance"
	default:
		return "vmxnet"
	}
}

package main

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"fmt"
	"io/ioutil"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/types"
)

// withDiskFiles makes the simulator's virtual disk files and datastore searches behave as a real ESX's:
//   - a search spec without matchPattern matches every file (vcsim 0.24 then matches none, so libvirt's esx
//     driver, which sends none, lists no volumes);
//   - RefreshDatastore answers with a SOAP body;
//   - CreateVirtualDisk_Task writes a descriptor with the disk's size into the .vmdk (vcsim leaves it empty);
//   - a search result's folderPath is "[ds] dir/", not vcsim's "[ds]/dir";
//   - VmDiskFileInfo in search results carries capacityKb (vcsim leaves it out, and libvirt 9.0's vol-info
//     and vol-dumpxml then dereference a missing value and crash), read from the disk's descriptor.
func withDiskFiles(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.Body == nil {
			next.ServeHTTP(w, r)
			return
		}
		body, err := ioutil.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		search := bytes.Contains(body, []byte("SearchDatastore"))
		if search && !bytes.Contains(body, []byte("matchPattern")) {
			body = bytes.Replace(body, []byte("</searchSpec>"), []byte("<matchPattern>*</matchPattern></searchSpec>"), 1)
		}
		r.Body = ioutil.NopCloser(bytes.NewReader(body))
		r.ContentLength = int64(len(body))
		create := bytes.Contains(body, []byte("CreateVirtualDisk_Task"))
		refresh := bytes.Contains(body, []byte("<RefreshDatastore"))
		if !search && !create && !refresh {
			next.ServeHTTP(w, r)
			return
		}
		rec := httptest.NewRecorder()
		next.ServeHTTP(rec, r)
		if task := taskOf(rec.Body.Bytes()); task != nil {
			if search {
				addCapacities(task)
			} else if task.Info.State == types.TaskInfoStateSuccess {
				writeDescriptor(body)
			}
		}
		answer := rec.Body.Bytes()
		if refresh && rec.Code == http.StatusOK && !bytes.Contains(answer, []byte("RefreshDatastoreResponse")) {
			answer = []byte(refreshAnswer)
			rec.Header().Set("Content-Type", "text/xml; charset=utf-8")
		}
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(answer)))
		w.WriteHeader(rec.Code)
		w.Write(answer)
	})
}

// refreshAnswer is a successful RefreshDatastore's answer, which vcsim 0.24 sends without a body (libvirt's
// and Virtkit's clients then fail to parse it).
const refreshAnswer = `<?xml version="1.0" encoding="UTF-8"?>` +
	`<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" ` +
	`xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
	`<soapenv:Body><RefreshDatastoreResponse xmlns="urn:vim25"></RefreshDatastoreResponse></soapenv:Body>` +
	`</soapenv:Envelope>`

var returnedTask = regexp.MustCompile(`<returnval type="Task">([^<]+)</returnval>`)

// taskOf finds the task a *_Task answer returned (vcsim runs it before answering).
func taskOf(answer []byte) *simulator.Task {
	m := returnedTask.FindSubmatch(answer)
	if m == nil {
		return nil
	}
	task, _ := simulator.Map.Get(types.ManagedObjectReference{Type: "Task", Value: string(m[1])}).(*simulator.Task)
	return task
}

func addCapacities(task *simulator.Task) {
	switch res := task.Info.Result.(type) {
	case types.HostDatastoreBrowserSearchResults:
		fixFolder(&res)
		task.Info.Result = res
	case types.ArrayOfHostDatastoreBrowserSearchResults:
		for i := range res.HostDatastoreBrowserSearchResults {
			fixFolder(&res.HostDatastoreBrowserSearchResults[i])
		}
	}
}

// fixFolder writes a result's folder as ESX does ("[ds]" for the root, "[ds] dir/" below it; vcsim joins
// "[ds]" and the directory with a slash) and fills in its disks' capacities.
func fixFolder(folder *types.HostDatastoreBrowserSearchResults) {
	var dir datastorePath
	if !dir.parse(strings.Replace(folder.FolderPath, "]", "] ", 1)) {
		return
	}
	dir.path = strings.Trim(strings.TrimSpace(dir.path), "/")
	if dir.path == "" {
		folder.FolderPath = "[" + dir.datastore + "]"
	} else {
		folder.FolderPath = "[" + dir.datastore + "] " + dir.path + "/"
	}
	for _, file := range folder.File {
		if disk, ok := file.(*types.VmDiskFileInfo); ok && disk.CapacityKb == 0 {
			disk.CapacityKb = capacityKb(datastorePath{dir.datastore, path.Join(dir.path, disk.Path)})
		}
	}
}

// capacityKb is the size of the disk at p as its descriptor's extents give it (512-byte sectors); a VM's disk
// has the descriptor writeVmDiskDescriptors wrote, sized as its device.
func capacityKb(p datastorePath) int64 {
	file := localFile(p)
	if file == "" {
		return 0
	}
	f, err := os.Open(file)
	if err != nil {
		return 0
	}
	defer f.Close()
	var sectors int64
	scanner := bufio.NewScanner(f)
	for scanner.Scan() {
		fields := strings.Fields(scanner.Text())
		if len(fields) >= 2 && (fields[0] == "RW" || fields[0] == "RDONLY") {
			if n, err := strconv.ParseInt(fields[1], 10, 64); err == nil {
				sectors += n
			}
		}
	}
	return sectors / 2
}

func diskKb(disk *types.VirtualDisk) int64 {
	if disk.CapacityInKB > 0 {
		return disk.CapacityInKB
	}
	return disk.CapacityInBytes / 1024
}

// writeVmDiskDescriptors gives each VM's disk whose .vmdk is empty (vcsim 0.24 creates it so) the descriptor a
// real ESX keeps, sized as its device: a search then reports its file size, as ESX does (vcsim leaves out a
// size of 0, and libvirt 9.0 crashes on the missing value).
func writeVmDiskDescriptors() {
	for _, e := range simulator.Map.All("VirtualMachine") {
		vm := e.(*simulator.VirtualMachine)
		if vm.Config == nil {
			continue
		}
		for _, d := range vm.Config.Hardware.Device {
			disk, ok := d.(*types.VirtualDisk)
			if !ok {
				continue
			}
			b, ok := disk.Backing.(types.BaseVirtualDeviceFileBackingInfo)
			var p datastorePath
			if !ok || !p.parse(b.GetVirtualDeviceFileBackingInfo().FileName) {
				continue
			}
			writeDescriptorFile(p, diskKb(disk), "lsiLogic", true)
		}
	}
}

func localFile(p datastorePath) string {
	for _, e := range simulator.Map.All("Datastore") {
		if ds := e.(*simulator.Datastore); ds.Name == p.datastore {
			return filepath.Join(ds.Info.GetDatastoreInfo().Url, p.path)
		}
	}
	return ""
}

// writeDescriptor gives a disk CreateVirtualDisk_Task made the descriptor a real ESX writes: its extent, the
// -flat file, sized as the spec asked.
func writeDescriptor(request []byte) {
	var req struct {
		Name       string `xml:"Body>CreateVirtualDisk_Task>name"`
		CapacityKb int64  `xml:"Body>CreateVirtualDisk_Task>spec>capacityKb"`
		DiskType   string `xml:"Body>CreateVirtualDisk_Task>spec>diskType"`
		Adapter    string `xml:"Body>CreateVirtualDisk_Task>spec>adapterType"`
	}
	var p datastorePath
	if xml.Unmarshal(request, &req) != nil || !p.parse(req.Name) {
		return
	}
	writeDescriptorFile(p, req.CapacityKb, req.Adapter, req.DiskType == "thin")
}

func writeDescriptorFile(p datastorePath, capacityKb int64, adapter string, thin bool) {
	file := localFile(p)
	if st, err := os.Stat(file); file == "" || err != nil || st.Size() > 0 {
		return
	}
	flat := strings.TrimSuffix(path.Base(p.path), ".vmdk") + "-flat.vmdk"
	descriptor := fmt.Sprintf("# Disk DescriptorFile\nversion=1\nCID=fffffffe\nparentCID=ffffffff\n"+
		"createType=\"vmfs\"\n\n# Extent description\nRW %d VMFS \"%s\"\n\n# The Disk Data Base\n#DDB\n\n"+
		"ddb.adapterType = \"%s\"\nddb.thinProvisioned = \"%s\"\n",
		capacityKb*2, flat, adapter, map[bool]string{true: "1", false: "0"}[thin])
	_ = ioutil.WriteFile(file, []byte(descriptor), 0o644)
}

// mountOnEveryHost lists, in each datastore's host mounts, every host that has the datastore, as vCenter does:
// vcsim 0.24 keeps only the last host it added there, so for the other hosts libvirt's esx driver (and Virtkit's)
// find no mount and hence no storage pool.
func mountOnEveryHost() {
	for _, e := range simulator.Map.All("HostSystem") {
		host := e.(*simulator.HostSystem)
		for _, ref := range host.Datastore {
			ds, ok := simulator.Map.Get(ref).(*simulator.Datastore)
			if !ok {
				continue
			}
			mounted := false
			for _, m := range ds.Host {
				mounted = mounted || m.Key == host.Self
			}
			if !mounted {
				yes := true
				ds.Host = append(ds.Host, types.DatastoreHostMount{Key: host.Self, MountInfo: types.HostMountInfo{
					Path: ds.Info.GetDatastoreInfo().Url, AccessMode: "readWrite", Mounted: &yes, Accessible: &yes}})
			}
		}
	}
}

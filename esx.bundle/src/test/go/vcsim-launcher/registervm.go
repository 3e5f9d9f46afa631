package main

import (
	"bytes"
	"encoding/xml"
	"io/ioutil"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/vmware/govmomi/simulator"
)

// withRegisterFiles lets RegisterVM_Task register a bare .vmx, as a real ESX does: vcsim 0.24 fails unless
// <name>.nvram and vmware.log already lie beside it, so they are created (empty) first when missing. A request
// without a name (libvirt's esx driver sends none) gets the .vmx's displayName, which a real ESX takes then
// (vcsim would name the VM after the .vmx's directory). Once registered, the VM gets the UUID, memory and vCPUs
// its .vmx holds, as a real ESX reads them from the file (vcsim 0.24 makes up a UUID and gives 32 MiB, 1 vCPU).
func withRegisterFiles(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		register, before := "", map[string]bool{}
		if r.Method == http.MethodPost && r.Body != nil {
			body, err := ioutil.ReadAll(r.Body)
			if err != nil {
				http.Error(w, err.Error(), http.StatusBadRequest)
				return
			}
			if bytes.Contains(body, []byte("RegisterVM_Task")) {
				body = withDisplayName(body)
				addRegisterFiles(body)
				register = registerPath(body)
				before = vmsAt(register)
			}
			r.Body = ioutil.NopCloser(bytes.NewReader(body))
			r.ContentLength = int64(len(body))
		}
		next.ServeHTTP(w, r)
		if register != "" { // vcsim runs the task before it answers: the VM exists now, or the task failed
			applyVmxConfig(register, before)
		}
	})
}

func registerPath(body []byte) string {
	var req struct {
		Path string `xml:"Body>RegisterVM_Task>path"`
	}
	if xml.Unmarshal(body, &req) != nil {
		return ""
	}
	return req.Path
}

// vmsAt is the set of VMs (by reference value) whose .vmx is at vmxPath.
func vmsAt(vmxPath string) map[string]bool {
	at := map[string]bool{}
	for _, e := range simulator.Map.All("VirtualMachine") {
		vm := e.(*simulator.VirtualMachine)
		if vm.Config != nil && vm.Config.Files.VmPathName == vmxPath {
			at[vm.Self.Value] = true
		}
	}
	return at
}

// applyVmxConfig gives the VM registered from the .vmx at vmxPath (one not in before: a refused registration
// registered none) that file's uuid.bios, memsize and numvcpus.
func applyVmxConfig(vmxPath string, before map[string]bool) {
	file := localFileOf(vmxPath)
	if file == "" {
		return
	}
	content, err := ioutil.ReadFile(file)
	if err != nil {
		return
	}
	keys := vmxKeys(string(content))
	for _, e := range simulator.Map.All("VirtualMachine") {
		vm := e.(*simulator.VirtualMachine)
		if vm.Config == nil || vm.Config.Files.VmPathName != vmxPath || before[vm.Self.Value] {
			continue
		}
		simulator.Map.WithLock(vm, func() {
			if uuid := biosUUID(keys["uuid.bios"]); uuid != "" {
				vm.Config.Uuid = uuid
				vm.Summary.Config.Uuid = uuid
			}
			if mem, err := strconv.ParseInt(keys["memsize"], 10, 32); err == nil && mem > 0 {
				vm.Config.Hardware.MemoryMB = int32(mem)
				vm.Summary.Config.MemorySizeMB = int32(mem)
			}
			if cpus, err := strconv.ParseInt(keys["numvcpus"], 10, 32); err == nil && cpus > 0 {
				vm.Config.Hardware.NumCPU = int32(cpus)
				vm.Summary.Config.NumCpu = int32(cpus)
			}
		})
	}
}

// biosUUID turns a .vmx's "56 4d 9a … 0f-1e 2d …" into "564d9a…-…" form, or "" when it is not one.
func biosUUID(value string) string {
	hex := strings.NewReplacer(" ", "", "-", "").Replace(value)
	if len(hex) != 32 {
		return ""
	}
	if _, err := strconv.ParseUint(hex[:16], 16, 64); err != nil {
		return ""
	}
	if _, err := strconv.ParseUint(hex[16:], 16, 64); err != nil {
		return ""
	}
	return strings.ToLower(hex[0:8] + "-" + hex[8:12] + "-" + hex[12:16] + "-" + hex[16:20] + "-" + hex[20:])
}

// vmxKeys reads a .vmx's "key = \"value\"" lines (keys lower-cased, as VMX keys are case-insensitive), the
// values' |XX escapes undone.
func vmxKeys(vmx string) map[string]string {
	keys := map[string]string{}
	for _, line := range strings.Split(vmx, "\n") {
		key, value, found := strings.Cut(line, "=")
		if !found {
			continue
		}
		keys[strings.ToLower(strings.TrimSpace(key))] = unescapeVmx(strings.Trim(strings.TrimSpace(value), "\""))
	}
	return keys
}

func unescapeVmx(value string) string {
	var out strings.Builder
	for i := 0; i < len(value); i++ {
		if value[i] == '|' && i+2 < len(value) {
			if b, err := strconv.ParseUint(value[i+1:i+3], 16, 8); err == nil {
				out.WriteByte(byte(b))
				i += 2
				continue
			}
		}
		out.WriteByte(value[i])
	}
	return out.String()
}

// withDisplayName adds <name> (the .vmx's displayName) to a RegisterVM_Task request that has none.
func withDisplayName(body []byte) []byte {
	var req struct {
		Path string `xml:"Body>RegisterVM_Task>path"`
		Name string `xml:"Body>RegisterVM_Task>name"`
	}
	if xml.Unmarshal(body, &req) != nil || req.Name != "" {
		return body
	}
	file := localFileOf(req.Path)
	if file == "" {
		return body
	}
	content, err := ioutil.ReadFile(file)
	if err != nil {
		return body
	}
	// as ESX stores inventory names: '%', '/' and '\' escaped
	name := strings.NewReplacer("%", "%25", "/", "%2f", "\\", "%5c").Replace(vmxKeys(string(content))["displayname"])
	end := bytes.Index(body, []byte("</path>"))
	if name == "" || end < 0 {
		return body
	}
	end += len("</path>")
	var escaped bytes.Buffer
	if xml.EscapeText(&escaped, []byte(name)) != nil {
		return body
	}
	out := append([]byte{}, body[:end]...)
	out = append(out, "<name>"...)
	out = append(out, escaped.Bytes()...)
	out = append(out, "</name>"...)
	return append(out, body[end:]...)
}

// localFileOf is the simulator's local file of a datastore path, or "" when its datastore is unknown.
func localFileOf(dsPath string) string {
	var p datastorePath
	if !p.parse(dsPath) {
		return ""
	}
	return localFile(p)
}

func addRegisterFiles(body []byte) {
	var req struct {
		Path string `xml:"Body>RegisterVM_Task>path"`
		Name string `xml:"Body>RegisterVM_Task>name"`
	}
	if xml.Unmarshal(body, &req) != nil {
		return
	}
	var p datastorePath
	if !p.parse(req.Path) {
		return
	}
	dir := ""
	for _, e := range simulator.Map.All("Datastore") {
		if ds := e.(*simulator.Datastore); ds.Name == p.datastore {
			dir = ds.Info.GetDatastoreInfo().Url
		}
	}
	if dir == "" {
		return
	}
	name := req.Name
	if name == "" { // vcsim then names the VM after the .vmx's directory
		name = path.Dir(p.path)
	}
	vmDir := filepath.Join(dir, path.Dir(p.path))
	if _, err := os.Stat(filepath.Join(dir, p.path)); err != nil {
		return // vcsim answers the missing .vmx itself
	}
	for _, f := range []string{name + ".nvram", "vmware.log"} {
		file := filepath.Join(vmDir, f)
		if _, err := os.Stat(file); os.IsNotExist(err) {
			_ = ioutil.WriteFile(file, nil, 0o644)
		}
	}
}

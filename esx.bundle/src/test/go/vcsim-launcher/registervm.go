package main

import (
	"bytes"
	"encoding/xml"
	"io/ioutil"
	"net/http"
	"os"
	"path"
	"path/filepath"

	"github.com/vmware/govmomi/simulator"
)

// withRegisterFiles lets RegisterVM_Task register a bare .vmx, as a real ESX does: vcsim 0.24 fails unless
// <name>.nvram and vmware.log already lie beside it, so they are created (empty) first when missing.
func withRegisterFiles(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && r.Body != nil {
			body, err := ioutil.ReadAll(r.Body)
			if err != nil {
				http.Error(w, err.Error(), http.StatusBadRequest)
				return
			}
			r.Body = ioutil.NopCloser(bytes.NewReader(body))
			if bytes.Contains(body, []byte("RegisterVM_Task")) {
				addRegisterFiles(body)
			}
		}
		next.ServeHTTP(w, r)
	})
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

package main

import (
	"encoding/xml"
	"fmt"
	"log"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/types"
)

// A test-only knob (-hang-tasks): calls of the named *_Task methods answer a task that stays running and does
// nothing, as a stuck task on a real ESX; CancelTask then ends it as ESX does (state error, fault
// RequestCanceled, cancelled set). vcsim 0.24 runs every task to its end within the call and has no CancelTask,
// so a client's task timeout cannot be tested against it otherwise. A method named METHOD:N hangs its first N
// calls only; later calls run as vcsim runs them (a test can then show the next change works).
type hangingTasks struct {
	methods map[string]int // calls left to hang; -1: every call
	mu      sync.Mutex
	tasks   map[string]*simulator.Task
}

func withHangingTasks(list string, next http.Handler) http.Handler {
	if list == "" {
		return next
	}
	h := &hangingTasks{methods: map[string]int{}, tasks: map[string]*simulator.Task{}}
	for _, m := range strings.Split(list, ",") {
		name, count := strings.TrimSpace(m), -1
		if i := strings.Index(name, ":"); i >= 0 {
			n, err := strconv.Atoi(name[i+1:])
			if err != nil || n < 1 {
				log.Fatalf("-hang-tasks: bad count in %q", m)
			}
			name, count = name[:i], n
		}
		h.methods[name] = count
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && r.Body != nil {
			body, ok := peekBody(w, r)
			if !ok {
				return
			}
			if h.answer(w, body) {
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

type soapCall struct {
	Body struct {
		Call struct {
			XMLName xml.Name
			This    struct {
				Type  string `xml:"type,attr"`
				Value string `xml:",chardata"`
			} `xml:"_this"`
		} `xml:",any"`
	} `xml:"Body"`
}

// answer answers a hanging method or the cancellation of a hanging task; false for any other call.
func (h *hangingTasks) answer(w http.ResponseWriter, body []byte) bool {
	var call soapCall
	if xml.Unmarshal(body, &call) != nil {
		return false
	}
	method := call.Body.Call.XMLName.Local
	this := types.ManagedObjectReference{Type: call.Body.Call.This.Type, Value: call.Body.Call.This.Value}
	switch {
	case h.take(method):
		task := simulator.CreateTask(this, strings.Replace(method, "_Task", "Task", 1), nil)
		simulator.Map.Update(task, []types.PropertyChange{
			{Name: "info.state", Val: types.TaskInfoStateRunning},
			{Name: "info.startTime", Val: time.Now()},
			{Name: "info.cancelable", Val: true},
		})
		h.mu.Lock()
		h.tasks[task.Self.Value] = task
		h.mu.Unlock()
		// A real ESX lists a VM's tasks in its recentTask (vcsim 0.24 does not); libvirt's esx driver reads it to
		// refuse a change while another task of the VM is pending. The task stays listed once it ended, as on ESX.
		if vm, ok := simulator.Map.Get(this).(*simulator.VirtualMachine); ok {
			simulator.Map.AddReference(vm, &vm.RecentTask, task.Self)
		}
		respond(w, fmt.Sprintf(`<%sResponse xmlns="urn:vim25"><returnval type="Task">%s</returnval></%sResponse>`,
			method, task.Self.Value, method))
		return true
	case method == "CancelTask" && this.Type == "Task":
		h.mu.Lock()
		task := h.tasks[this.Value]
		delete(h.tasks, this.Value)
		h.mu.Unlock()
		if task == nil {
			return false
		}
		simulator.Map.Update(task, []types.PropertyChange{
			{Name: "info.cancelled", Val: true},
			{Name: "info.state", Val: types.TaskInfoStateError},
			{Name: "info.error", Val: types.LocalizedMethodFault{Fault: &types.RequestCanceled{},
				LocalizedMessage: "The task was canceled by a user."}},
			{Name: "info.completeTime", Val: time.Now()},
		})
		respond(w, `<CancelTaskResponse xmlns="urn:vim25"></CancelTaskResponse>`)
		return true
	}
	return false
}

// take reports whether this call of method hangs, counting it.
func (h *hangingTasks) take(method string) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	left, ok := h.methods[method]
	if !ok || left == 0 {
		return false
	}
	if left > 0 {
		h.methods[method] = left - 1
	}
	return true
}

func respond(w http.ResponseWriter, inner string) {
	w.Header().Set("Content-Type", "text/xml; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?>`+
		`<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" `+
		`xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`+
		`<soapenv:Body>%s</soapenv:Body></soapenv:Envelope>`, inner)
}

package main

import (
	"bytes"
	"encoding/xml"
	"io/ioutil"
	"net/http"
	"strings"
	"sync"
)

const sessionCookie = "vmware_soap_session"

// withSessionChecks refuses property reads outside a live session with NotAuthenticated, as a real ESX does:
// vcsim 0.24 lets RetrieveProperties(Ex) through without a session and answers them empty, so a client whose
// session was terminated or expired would read an empty inventory instead of being told to log in again. The
// live sessions are those whose cookie a response set, until Logout or TerminateSession ends them.
func withSessionChecks(next http.Handler) http.Handler {
	live := &liveSessions{keys: map[string]bool{}}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.Body == nil {
			next.ServeHTTP(w, r)
			return
		}
		body, ok := peekBody(w, r)
		if !ok {
			return
		}
		var call soapCall
		_ = xml.Unmarshal(body, &call)
		method := call.Body.Call.XMLName.Local
		key := ""
		if c, err := r.Cookie(sessionCookie); err == nil {
			key = c.Value
		}
		switch method {
		case "RetrieveProperties", "RetrievePropertiesEx", "ContinueRetrievePropertiesEx":
			if !live.has(key) {
				w.Header().Set("Content-Type", "text/xml; charset=utf-8")
				w.WriteHeader(http.StatusInternalServerError)
				w.Write([]byte(notAuthenticated))
				return
			}
		}
		next.ServeHTTP(&cookieWatch{ResponseWriter: w, live: live}, r)
		switch method {
		case "Logout":
			live.drop(key)
		case "TerminateSession":
			var req struct {
				Ids []string `xml:"Body>TerminateSession>sessionId"`
			}
			if xml.Unmarshal(body, &req) == nil {
				for _, id := range req.Ids {
					live.drop(id)
				}
			}
		}
	})
}

// peekBody reads a request's body and puts it back for the next handler; false (answered 400) if it cannot.
func peekBody(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	body, err := ioutil.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return nil, false
	}
	r.Body = ioutil.NopCloser(bytes.NewReader(body))
	return body, true
}

type liveSessions struct {
	mu   sync.Mutex
	keys map[string]bool
}

func (s *liveSessions) has(key string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return key != "" && s.keys[key]
}

func (s *liveSessions) add(key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.keys[key] = true
}

func (s *liveSessions) drop(key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.keys, key)
}

// cookieWatch notes the session cookie a response sets (Login, CloneSession, ...).
type cookieWatch struct {
	http.ResponseWriter
	live    *liveSessions
	written bool
}

func (c *cookieWatch) WriteHeader(status int) {
	if !c.written {
		c.written = true
		for _, v := range c.Header()["Set-Cookie"] {
			if strings.HasPrefix(v, sessionCookie+"=") {
				c.live.add(strings.SplitN(strings.TrimPrefix(v, sessionCookie+"="), ";", 2)[0])
			}
		}
	}
	c.ResponseWriter.WriteHeader(status)
}

func (c *cookieWatch) Write(b []byte) (int, error) {
	if !c.written {
		c.WriteHeader(http.StatusOK)
	}
	return c.ResponseWriter.Write(b)
}

const notAuthenticated = `<?xml version="1.0" encoding="UTF-8"?>` +
	`<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" ` +
	`xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
	`<soapenv:Body><soapenv:Fault><faultcode>ServerFaultCode</faultcode>` +
	`<faultstring>The session is not authenticated.</faultstring><detail>` +
	`<NotAuthenticatedFault xmlns="urn:vim25" xsi:type="NotAuthenticated">` +
	`<object type="PropertyCollector">ha-property-collector</object><privilegeId>System.View</privilegeId>` +
	`</NotAuthenticatedFault></detail></soapenv:Fault></soapenv:Body></soapenv:Envelope>`

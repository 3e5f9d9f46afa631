package main

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strconv"
	"unicode"
)

// arrayType marks an ArrayOfX value: vcsim writes the schema-instance type attribute with a prefix of its own
// (XMLSchema-instance:type), declared on the element; the envelope declares xsi, which the added types use.
var arrayType = []byte(`:type="ArrayOf`)

// withArrayItemTypes wraps the simulator's SOAP handler so every item of an ArrayOfX value carries its
// xsi:type, as a real ESX writes it. vcsim 0.24 omits it, and libvirt's esx driver refuses a property value
// whose items have no type ("AnyType is missing 'type' property").
func withArrayItemTypes(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		next.ServeHTTP(rec, r)
		body := rec.Body.Bytes()
		if r.Method == http.MethodPost && bytes.Contains(body, arrayType) {
			body = typeArrayItems(body)
		}
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(rec.Code)
		w.Write(body)
	})
}

// typeArrayItems adds xsi:type to each direct child of an element typed ArrayOfX that has none: the child's
// own element name, which in the vSphere schema is the item type ("xsd:" + name for XML Schema primitives such
// as string, int, long). The SOAP body is the simulator's own serialisation: no CDATA, comments or unescaped
// '<' or '>' in text or attribute values, so a scan of tags is exact.
func typeArrayItems(in []byte) []byte {
	out := make([]byte, 0, len(in)+len(in)/8)
	var arrays []bool // per open element: is it an ArrayOfX
	for i := 0; i < len(in); {
		lt := bytes.IndexByte(in[i:], '<')
		if lt < 0 {
			out = append(out, in[i:]...)
			break
		}
		out = append(out, in[i:i+lt]...)
		i += lt
		gt := bytes.IndexByte(in[i:], '>')
		if gt < 0 {
			out = append(out, in[i:]...)
			break
		}
		tag := in[i : i+gt+1]
		i += gt + 1
		switch {
		case len(tag) > 1 && (tag[1] == '?' || tag[1] == '!'):
			out = append(out, tag...)
		case len(tag) > 1 && tag[1] == '/':
			if len(arrays) > 0 {
				arrays = arrays[:len(arrays)-1]
			}
			out = append(out, tag...)
		default:
			selfClosing := tag[len(tag)-2] == '/'
			typed := bytes.Contains(tag, []byte(`:type="`))
			if len(arrays) > 0 && arrays[len(arrays)-1] && !typed {
				tag = withType(tag)
			}
			if !selfClosing {
				arrays = append(arrays, bytes.Contains(tag, arrayType))
			}
			out = append(out, tag...)
		}
	}
	return out
}

func withType(tag []byte) []byte {
	end := 1
	for end < len(tag) && tag[end] != ' ' && tag[end] != '>' && tag[end] != '/' {
		end++
	}
	name := tag[1:end]
	if c := bytes.IndexByte(name, ':'); c >= 0 {
		name = name[c+1:]
	}
	if len(name) == 0 || string(name) == "anyType" {
		return tag
	}
	typ := string(name)
	if unicode.IsLower(rune(name[0])) {
		typ = "xsd:" + typ
	}
	out := make([]byte, 0, len(tag)+len(typ)+12)
	out = append(out, tag[:end]...)
	out = append(out, ` xsi:type="`+typ+`"`...)
	return append(out, tag[end:]...)
}

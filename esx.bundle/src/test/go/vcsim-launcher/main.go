// The vSphere simulator the ESX driver's tests talk to: govmomi's simulator package (Debian's
// golang-github-vmware-govmomi-dev) in ESX or vCenter mode, on loopback with TLS and a certificate of its own,
// with the credentials and inventory size the test asks for. It prints one line "VCSIM_URL <url>" when it
// serves, and exits on SIGTERM/SIGINT or when its standard input closes (its parent JVM is gone).
package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"flag"
	"fmt"
	"io"
	"io/ioutil"
	"log"
	"math/big"
	"net"
	"net/url"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/vmware/govmomi/simulator"
)

func main() {
	mode := flag.String("mode", "esx", "esx (a HostAgent) or vcenter (a VirtualCenter)")
	listen := flag.String("listen", "127.0.0.1:0", "address to listen on (port 0: a free port)")
	user := flag.String("user", "root", "the only user name Login accepts")
	password := flag.String("password", "", "the only password Login accepts")
	vms := flag.Int("vms", 2, "virtual machines per host (ESX) or per host and cluster (vCenter)")
	hosts := flag.Int("hosts", 1, "vCenter: standalone hosts")
	clusterHosts := flag.Int("cluster-hosts", 2, "vCenter: hosts in the one cluster (0: no cluster)")
	certFile := flag.String("cert", "", "file to write the server's PEM certificate to (required)")
	hangTasks := flag.String("hang-tasks", "", "test-only: *_Task methods whose tasks never finish (comma-separated)")
	sessionIdle := flag.Duration("session-idle-timeout", 0,
		"test-only: a session idle this long ends, with its property collectors (0: never, vcsim's default)")
	flag.Parse()
	simulator.SessionIdleTimeout = *sessionIdle
	if *password == "" || *certFile == "" {
		log.Fatal("-password and -cert are required")
	}

	var model *simulator.Model
	switch *mode {
	case "esx":
		model = simulator.ESX()
	case "vcenter":
		model = simulator.VPX()
		model.Host = *hosts
		model.ClusterHost = *clusterHosts
		if *clusterHosts == 0 {
			model.Cluster = 0
		}
	default:
		log.Fatalf("unknown -mode %q", *mode)
	}
	model.Machine = *vms
	if err := model.Create(); err != nil {
		log.Fatal(err)
	}
	defer model.Remove()
	mountOnEveryHost()
	addMountPaths()
	addAutostartManagers()
	mirrorHostNetworks()
	addHostCapabilities()
	if err := writeVmxFiles(); err != nil {
		log.Fatal(err)
	}
	writeVmDiskDescriptors()

	cert, err := selfSigned(*listen, *certFile)
	if err != nil {
		log.Fatal(err)
	}
	model.Service.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	model.Service.Listen = &url.URL{Host: *listen, User: url.UserPassword(*user, *password)}
	server := model.Service.NewServer()
	defer server.Close()
	// Set before the URL is printed: no client can have connected yet (net/http reads the handler per request).
	server.Config.Handler = withArrayItemTypes(withRegisterFiles(withDiskFiles(withSessionChecks(
		withHangingTasks(*hangTasks, server.Config.Handler)))))

	u := *server.URL
	u.User = nil
	fmt.Printf("VCSIM_URL %s\n", u.String())
	os.Stdout.Sync()

	done := make(chan struct{}, 2)
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGTERM, syscall.SIGINT)
	go func() { <-signals; done <- struct{}{} }()
	go func() { io.Copy(ioutil.Discard, os.Stdin); done <- struct{}{} }()
	<-done
}

// addMountPaths gives each datastore's host mounts the mount path a real ESX reports (vcsim 0.24 leaves
// mountInfo.path empty; libvirt's esx driver and Virtkit's read the datastore's path from it).
func addMountPaths() {
	for _, e := range simulator.Map.All("Datastore") {
		ds := e.(*simulator.Datastore)
		path := ds.Info.GetDatastoreInfo().Url
		for i := range ds.Host {
			if ds.Host[i].MountInfo.Path == "" {
				ds.Host[i].MountInfo.Path = path
			}
		}
	}
}

// selfSigned makes a fresh ECDSA key and a certificate for the listen host (valid a day), and writes the
// certificate to certFile so a test can pin it.
func selfSigned(listen, certFile string) (tls.Certificate, error) {
	host, _, err := net.SplitHostPort(listen)
	if err != nil {
		return tls.Certificate{}, err
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, err
	}
	serial, _ := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 62))
	template := x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: host, Organization: []string{"Virtkit vcsim test"}},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		DNSNames:              []string{"localhost"},
	}
	if ip := net.ParseIP(host); ip != nil {
		template.IPAddresses = []net.IP{ip}
	} else {
		template.DNSNames = append(template.DNSNames, host)
	}
	der, err := x509.CreateCertificate(rand.Reader, &template, &template, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, err
	}
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	if err := ioutil.WriteFile(certFile, certPEM, 0o644); err != nil {
		return tls.Certificate{}, err
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		return tls.Certificate{}, err
	}
	keyPEM := pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER})
	return tls.X509KeyPair(certPEM, keyPEM)
}

// Command traefik-tls stands in for Traefik in the origin tests. Traefik has no Debian package,
// and it terminates TLS with Go's crypto/tls, so this program reads the documented dynamic
// configuration file (the snippet of src/origin/snippets.ts, as written by the test) the way
// Traefik's file provider decodes it, builds the tls.Config the way Traefik's TLS manager builds
// it from tls.options.<name>, and routes connections by SNI the way Traefik's HTTPS entry point
// does. What it does not model (routing rules, certificates from the file, curve preferences)
// it refuses to read rather than ignore, so a snippet that grows past it fails its test.
//
// It is built at test time with the Debian Go toolchain and Debian's gopkg.in/yaml.v3 (the
// parser Traefik's file provider uses), offline, in GOPATH mode.
package main

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"gopkg.in/yaml.v3"
)

type clientAuth struct {
	CAFiles        []string
	ClientAuthType string
}

type options struct {
	MinVersion            string
	MaxVersion            string
	CipherSuites          []string
	ClientAuth            clientAuth
	SniStrict             bool
	ALPNProtocols         []string
	DisableSessionTickets bool
}

// Traefik's default TLS options, and what every options block starts from before the file's
// keys are applied (its SetDefaults): HTTP/2 and ACME's ALPN protocols, every cipher suite Go
// calls secure.
var defaultALPN = []string{"h2", "http/1.1", "acme-tls/1"}

func secureSuiteNames() []string {
	var names []string
	for _, suite := range tls.CipherSuites() {
		names = append(names, suite.Name)
	}
	return names
}

func newOptions() options {
	return options{ALPNProtocols: defaultALPN, CipherSuites: secureSuiteNames()}
}

func defaultOptions() options {
	o := newOptions()
	o.MinVersion = "VersionTLS12"
	return o
}

// decodeDynamic reads tls.options from a dynamic configuration file. Like Traefik's decoder, it
// matches keys to field names without regard to case and rejects a key it does not know.
func decodeDynamic(content []byte) (map[string]options, error) {
	var root map[string]interface{}
	if err := yaml.Unmarshal(content, &root); err != nil {
		return nil, err
	}
	result := map[string]options{}
	for key, value := range root {
		switch {
		case strings.EqualFold(key, "tls"):
			section, ok := value.(map[string]interface{})
			if !ok {
				return nil, fmt.Errorf("tls cannot be a standalone element")
			}
			for tlsKey, tlsValue := range section {
				switch {
				case strings.EqualFold(tlsKey, "options"):
					named, ok := tlsValue.(map[string]interface{})
					if !ok {
						return nil, fmt.Errorf("options cannot be a standalone element")
					}
					for name, raw := range named {
						decoded, err := decodeOptions(raw)
						if err != nil {
							return nil, err
						}
						result[name] = decoded
					}
				case strings.EqualFold(tlsKey, "certificates"), strings.EqualFold(tlsKey, "stores"):
					return nil, fmt.Errorf("tls.%s: not modelled by this stand-in (the test gives the server certificate on the command line)", tlsKey)
				default:
					return nil, fmt.Errorf("field not found, node: %s", tlsKey)
				}
			}
		case strings.EqualFold(key, "http"), strings.EqualFold(key, "tcp"), strings.EqualFold(key, "udp"):
			return nil, fmt.Errorf("%s: routing is not modelled by this stand-in (the test gives the router's hostnames on the command line)", key)
		default:
			// Traefik's decoder keeps only the sections it knows and drops the rest.
		}
	}
	return result, nil
}

func decodeOptions(raw interface{}) (options, error) {
	o := newOptions()
	fields, ok := raw.(map[string]interface{})
	if !ok {
		return o, fmt.Errorf("options cannot be a standalone element")
	}
	var err error
	for key, value := range fields {
		switch strings.ToLower(key) {
		case "minversion":
			o.MinVersion, err = scalar(key, value)
		case "maxversion":
			o.MaxVersion, err = scalar(key, value)
		case "ciphersuites":
			o.CipherSuites, err = list(key, value)
		case "alpnprotocols":
			o.ALPNProtocols, err = list(key, value)
		case "snistrict":
			o.SniStrict, err = boolean(key, value)
		case "disablesessiontickets":
			o.DisableSessionTickets, err = boolean(key, value)
		case "clientauth":
			o.ClientAuth, err = decodeClientAuth(value)
		case "curvepreferences", "preferserverciphersuites":
			err = fmt.Errorf("%s: not modelled by this stand-in", key)
		default:
			err = fmt.Errorf("field not found, node: %s", key)
		}
		if err != nil {
			return o, err
		}
	}
	return o, nil
}

func decodeClientAuth(raw interface{}) (clientAuth, error) {
	var c clientAuth
	fields, ok := raw.(map[string]interface{})
	if !ok {
		return c, fmt.Errorf("clientAuth cannot be a standalone element")
	}
	var err error
	for key, value := range fields {
		switch strings.ToLower(key) {
		case "cafiles":
			c.CAFiles, err = list(key, value)
		case "clientauthtype":
			c.ClientAuthType, err = scalar(key, value)
		default:
			err = fmt.Errorf("field not found, node: %s", key)
		}
		if err != nil {
			return c, err
		}
	}
	return c, nil
}

func scalar(key string, value interface{}) (string, error) {
	switch value.(type) {
	case map[string]interface{}, []interface{}:
		return "", fmt.Errorf("%s: a single value is expected", key)
	case nil:
		return "", nil
	}
	return fmt.Sprint(value), nil
}

func list(key string, value interface{}) ([]string, error) {
	items, ok := value.([]interface{})
	if !ok {
		return nil, fmt.Errorf("invalid configuration: the value must be a list instead of a string: %s", key)
	}
	out := make([]string, 0, len(items))
	for _, item := range items {
		text, err := scalar(key, item)
		if err != nil {
			return nil, err
		}
		out = append(out, text)
	}
	return out, nil
}

func boolean(key string, value interface{}) (bool, error) {
	text, err := scalar(key, value)
	if err != nil {
		return false, err
	}
	return strconv.ParseBool(text)
}

// readFileOrContent is Traefik's FileOrContent: a path when one exists, else the PEM itself.
func readFileOrContent(value string) ([]byte, bool, error) {
	if _, err := os.Stat(value); err == nil {
		data, err := os.ReadFile(value)
		return data, true, err
	}
	return []byte(value), false, nil
}

var versions = map[string]uint16{
	"VersionTLS10": tls.VersionTLS10,
	"VersionTLS11": tls.VersionTLS11,
	"VersionTLS12": tls.VersionTLS12,
	"VersionTLS13": tls.VersionTLS13,
}

func suiteIDs() map[string]uint16 {
	ids := map[string]uint16{}
	for _, suite := range append(tls.CipherSuites(), tls.InsecureCipherSuites()...) {
		ids[suite.Name] = suite.ID
	}
	return ids
}

// buildTLSConfig turns one options block into a tls.Config as Traefik's TLS manager does: CA
// files make a pool and switch to RequireAndVerifyClientCert; clientAuthType then overrides it
// (one of Go's five names), needs the CA files for the two verifying types, and an unknown type
// is an error that breaks the routers using these options.
func buildTLSConfig(o options, certificate tls.Certificate) (*tls.Config, error) {
	conf := &tls.Config{
		NextProtos:             o.ALPNProtocols,
		SessionTicketsDisabled: o.DisableSessionTickets,
		Certificates:           []tls.Certificate{certificate},
	}
	if len(o.ClientAuth.CAFiles) > 0 {
		pool := x509.NewCertPool()
		for _, caFile := range o.ClientAuth.CAFiles {
			data, isPath, err := readFileOrContent(caFile)
			if err != nil {
				return nil, err
			}
			if !pool.AppendCertsFromPEM(data) {
				if isPath {
					return nil, fmt.Errorf("invalid certificate(s) in %s", caFile)
				}
				return nil, errors.New("invalid certificate(s) content")
			}
		}
		conf.ClientCAs = pool
		conf.ClientAuth = tls.RequireAndVerifyClientCert
	}
	if kind := o.ClientAuth.ClientAuthType; kind != "" {
		if conf.ClientCAs == nil && (kind == "VerifyClientCertIfGiven" || kind == "RequireAndVerifyClientCert") {
			return nil, fmt.Errorf("invalid clientAuthType: %s, CAFiles is required", kind)
		}
		switch kind {
		case "NoClientCert":
			conf.ClientAuth = tls.NoClientCert
		case "RequestClientCert":
			conf.ClientAuth = tls.RequestClientCert
		case "RequireAnyClientCert":
			conf.ClientAuth = tls.RequireAnyClientCert
		case "VerifyClientCertIfGiven":
			conf.ClientAuth = tls.VerifyClientCertIfGiven
		case "RequireAndVerifyClientCert":
			conf.ClientAuth = tls.RequireAndVerifyClientCert
		default:
			return nil, fmt.Errorf("unknown client auth type %q", kind)
		}
	}
	// An unknown version name leaves Go's default, as in Traefik.
	if version, ok := versions[o.MinVersion]; ok {
		conf.MinVersion = version
	}
	if version, ok := versions[o.MaxVersion]; ok {
		conf.MaxVersion = version
	}
	if o.CipherSuites != nil {
		ids := suiteIDs()
		conf.CipherSuites = []uint16{}
		for _, name := range o.CipherSuites {
			id, ok := ids[name]
			if !ok {
				return nil, fmt.Errorf("invalid CipherSuite: %s", name)
			}
			conf.CipherSuites = append(conf.CipherSuites, id)
		}
	}
	return conf, nil
}

// readOnlyConn lets a throwaway handshake read the ClientHello without answering it.
type readOnlyConn struct {
	net.Conn
	reader io.Reader
}

func (c readOnlyConn) Read(p []byte) (int, error) { return c.reader.Read(p) }
func (readOnlyConn) Write([]byte) (int, error)    { return 0, io.EOF }

// replayConn gives the real handshake the bytes the peek consumed.
type replayConn struct {
	net.Conn
	reader io.Reader
}

func (c *replayConn) Read(p []byte) (int, error) { return c.reader.Read(p) }

var errPeeked = errors.New("peeked")

// serverName reads the ClientHello's SNI before any TLS config is chosen, as Traefik's router does.
func serverName(conn net.Conn) (string, net.Conn) {
	var seen bytes.Buffer
	var name string
	_ = conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	_ = tls.Server(readOnlyConn{Conn: conn, reader: io.TeeReader(conn, &seen)}, &tls.Config{
		GetConfigForClient: func(hello *tls.ClientHelloInfo) (*tls.Config, error) {
			name = hello.ServerName
			return nil, errPeeked
		},
	}).Handshake()
	_ = conn.SetReadDeadline(time.Time{})
	return strings.ToLower(name), &replayConn{Conn: conn, reader: io.MultiReader(&seen, conn)}
}

type connListener struct {
	conns  chan net.Conn
	addr   net.Addr
	closed sync.Once
	done   chan struct{}
}

func (l *connListener) Accept() (net.Conn, error) {
	select {
	case conn := <-l.conns:
		return conn, nil
	case <-l.done:
		return nil, net.ErrClosed
	}
}
func (l *connListener) Close() error   { l.closed.Do(func() { close(l.done) }); return nil }
func (l *connListener) Addr() net.Addr { return l.addr }

func main() {
	dynamic := flag.String("dynamic", "", "the dynamic configuration file (YAML)")
	optionsName := flag.String("options", "", "the tls.options name the router uses (tls.options: <name>@file)")
	hostList := flag.String("hosts", "", "the router's Host() names, comma-separated")
	listen := flag.String("listen", "", "address of the HTTPS entry point")
	control := flag.String("control", "", "address of the plain HTTP control endpoint")
	generation := flag.String("generation", "0", "generation the control endpoint reports")
	certFile := flag.String("cert", "", "the server's certificate (PEM)")
	keyFile := flag.String("key", "", "the server's key (PEM)")
	body := flag.String("body", "ok", "body of the 200 answer")
	flag.Parse()
	logger := log.New(os.Stderr, "", log.LstdFlags)

	certificate, err := tls.LoadX509KeyPair(*certFile, *keyFile)
	if err != nil {
		logger.Fatalf("server certificate: %v", err)
	}
	hosts := map[string]bool{}
	for _, host := range strings.Split(*hostList, ",") {
		hosts[strings.ToLower(strings.TrimSpace(host))] = true
	}
	defaultConfig, err := buildTLSConfig(defaultOptions(), certificate)
	if err != nil {
		logger.Fatalf("default TLS options: %v", err)
	}
	// A file that cannot be decoded contributes no options; a router whose options are missing
	// or cannot be built gets no TLS config, and Traefik then closes every connection for its
	// hostnames before the handshake.
	var routerConfig *tls.Config
	content, err := os.ReadFile(*dynamic)
	switch strings.ToLower(filepath.Ext(*dynamic)) {
	case ".yml", ".yaml", ".json":
	case ".toml":
		err = errors.New("TOML is not modelled by this stand-in")
	default:
		err = fmt.Errorf("unsupported file extension: %s", filepath.Ext(*dynamic))
	}
	if err == nil {
		var all map[string]options
		all, err = decodeDynamic(content)
		if err == nil {
			chosen, ok := all[*optionsName]
			if !ok {
				err = fmt.Errorf("unknown TLS options: %s@file", *optionsName)
			} else {
				routerConfig, err = buildTLSConfig(chosen, certificate)
			}
		}
	}
	if err != nil {
		logger.Printf("error: TLS options %s@file: %v; connections for %s will be closed", *optionsName, err, *hostList)
	}

	go func() {
		logger.Fatal(http.ListenAndServe(*control, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			fmt.Fprintf(w, "generation %s", *generation)
		})))
	}()

	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		logger.Fatalf("listen: %v", err)
	}
	routed := &connListener{conns: make(chan net.Conn), addr: ln.Addr(), done: make(chan struct{})}
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				logger.Fatalf("accept: %v", err)
			}
			go func() {
				name, replay := serverName(conn)
				config := defaultConfig
				if hosts[name] {
					if routerConfig == nil {
						_ = conn.Close()
						return
					}
					config = routerConfig
				}
				routed.conns <- tls.Server(replay, config)
			}()
		}
	}()
	server := &http.Server{
		// Traefik sends no Server header of its own, and neither does Go's server.
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			host := strings.ToLower(r.Host)
			if h, _, err := net.SplitHostPort(host); err == nil {
				host = h
			}
			if !hosts[host] {
				http.NotFound(w, r)
				return
			}
			fmt.Fprint(w, *body)
		}),
		ErrorLog:          logger,
		ReadHeaderTimeout: 10 * time.Second,
	}
	logger.Fatal(server.Serve(routed))
}

// milvuslab: the Go side of the compatibility lab.
//
//	milvuslab serve   < cases   one Milvus-proxy-like gRPC server plus a REST (HTTPS)
//	                            server per (dir, mode); prints their ports, one JSON line
//	                            per case, then {"ready":true}; serves until SIGTERM or -for.
//	milvuslab client  < cases   grpc-go as the Go SDK sets it up (the TLS set-up of
//	                            `milvus-cert emit-config --format client`'s main.go); one
//	                            JSON verdict line per case.
//
// Built in GOPATH mode from Debian's golang-google-grpc-dev (no module download).
package main

import (
	"bufio"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/encoding"
	"google.golang.org/grpc/status"
)

// rawCodec passes message bytes through: the lab needs no generated code. The server
// answers every method with an empty message, which decodes as the default response of
// any protobuf type (status code 0), so SDKs that call Connect or Health/Check go on.
type rawCodec struct{}

func (rawCodec) Marshal(v interface{}) ([]byte, error) {
	b, ok := v.(*[]byte)
	if !ok {
		return nil, fmt.Errorf("rawCodec: unexpected %T", v)
	}
	return *b, nil
}

func (rawCodec) Unmarshal(data []byte, v interface{}) error {
	b, ok := v.(*[]byte)
	if !ok {
		return fmt.Errorf("rawCodec: unexpected %T", v)
	}
	*b = append((*b)[:0], data...)
	return nil
}

func (rawCodec) Name() string { return "proto" }

func init() { encoding.RegisterCodec(rawCodec{}) }

// Case is one line of the runner's batch.
type Case struct {
	ID         string `json:"id"`
	Dir        string `json:"dir"`
	Mode       int    `json:"mode"`
	ServerName string `json:"server_name"`
	Host       string `json:"host"`
	Port       int    `json:"port"`
}

var outMu sync.Mutex

func emit(v interface{}) {
	b, _ := json.Marshal(v)
	outMu.Lock()
	defer outMu.Unlock()
	os.Stdout.Write(append(b, '\n'))
}

func readCases() ([]Case, error) {
	var cases []Case
	sc := bufio.NewScanner(os.Stdin)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		if len(sc.Bytes()) == 0 {
			continue
		}
		var c Case
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			return nil, fmt.Errorf("bad case line %q: %v", sc.Text(), err)
		}
		cases = append(cases, c)
	}
	return cases, sc.Err()
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: milvuslab serve|client [flags] < cases.jsonl")
		os.Exit(2)
	}
	fs := flag.NewFlagSet(os.Args[1], flag.ExitOnError)
	serveFor := fs.Duration("for", 30*time.Minute, "serve: stop by itself after this long")
	timeout := fs.Duration("timeout", 5*time.Second, "client: deadline of one request")
	jobs := fs.Int("jobs", 8, "client: cases run at once")
	_ = fs.Parse(os.Args[2:])
	cases, err := readCases()
	if err != nil {
		fmt.Fprintln(os.Stderr, "milvuslab:", err)
		os.Exit(2)
	}
	switch os.Args[1] {
	case "serve":
		serve(cases, *serveFor)
	case "client":
		runClients(cases, *jobs, *timeout)
	default:
		fmt.Fprintln(os.Stderr, "milvuslab: unknown command", os.Args[1])
		os.Exit(2)
	}
}

// serverTLS is the Milvus proxy's set-up (internal/distributed/proxy/service.go):
// mode 1 is credentials.NewServerTLSFromFile(server.pem, server.key); mode 2 is
// RequireAndVerifyClientCert with ca.pem as ClientCAs and TLS 1.3 minimum.
func serverTLS(dir string, mode int) (*tls.Config, error) {
	cert, err := tls.LoadX509KeyPair(filepath.Join(dir, "server.pem"), filepath.Join(dir, "server.key"))
	if err != nil {
		return nil, err
	}
	if mode == 1 {
		return &tls.Config{Certificates: []tls.Certificate{cert}}, nil
	}
	caPEM, err := os.ReadFile(filepath.Join(dir, "ca.pem"))
	if err != nil {
		return nil, err
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(caPEM) {
		return nil, errors.New("failed to append ca certs")
	}
	return &tls.Config{
		ClientAuth:   tls.RequireAndVerifyClientCert,
		Certificates: []tls.Certificate{cert},
		ClientCAs:    pool,
		MinVersion:   tls.VersionTLS13,
	}, nil
}

func answerAnything(srv interface{}, stream grpc.ServerStream) error {
	var req []byte
	if err := stream.RecvMsg(&req); err != nil {
		return err
	}
	empty := []byte{}
	return stream.SendMsg(&empty)
}

func restHandler(w http.ResponseWriter, r *http.Request) {
	// Read the request body first: over HTTP/2, an unread body ends the stream with a
	// RST_STREAM that curl reports as "(92) Stream error in the HTTP/2 framing layer".
	_, _ = io.Copy(io.Discard, r.Body)
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write([]byte(`{"code":0,"data":[]}`))
}

// listen opens the gRPC and REST servers of one case on addr (port 0: any free port).
func listen(addr string, conf *tls.Config) (grpcPort, restPort int, err error) {
	gl, err := net.Listen("tcp", addr)
	if err != nil {
		return 0, 0, err
	}
	rl, err := net.Listen("tcp", addr)
	if err != nil {
		gl.Close()
		return 0, 0, err
	}
	gs := grpc.NewServer(grpc.Creds(credentials.NewTLS(conf)), grpc.UnknownServiceHandler(answerAnything))
	go func() { _ = gs.Serve(gl) }()
	// Refused handshakes are the clients' verdicts, not the server's news.
	hs := &http.Server{Handler: http.HandlerFunc(restHandler), TLSConfig: conf.Clone(),
		ErrorLog: log.New(io.Discard, "", 0), ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = hs.ServeTLS(rl, "", "") }()
	return gl.Addr().(*net.TCPAddr).Port, rl.Addr().(*net.TCPAddr).Port, nil
}

func serve(cases []Case, serveFor time.Duration) {
	for _, c := range cases {
		conf, err := serverTLS(c.Dir, c.Mode)
		if err == nil {
			var msg = map[string]interface{}{"id": c.ID}
			msg["grpc_port"], msg["rest_port"], err = listen("127.0.0.1:0", conf)
			if err == nil {
				emit(msg)
				continue
			}
		}
		emit(map[string]interface{}{"id": c.ID, "error": err.Error()})
	}
	emit(map[string]interface{}{"ready": true})
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGTERM, syscall.SIGINT)
	select {
	case <-sig:
	case <-time.After(serveFor):
	}
}

// clientTLS is the TLS set-up of the Go snippet: RootCAs = ca.pem, ServerName, TLS 1.2
// minimum in mode 1; plus the client key pair and TLS 1.3 minimum in mode 2.
func clientTLS(c Case) (*tls.Config, error) {
	caPEM, err := os.ReadFile(filepath.Join(c.Dir, "ca.pem"))
	if err != nil {
		return nil, err
	}
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(caPEM) {
		return nil, errors.New("no certificate in the CA file")
	}
	conf := &tls.Config{RootCAs: roots, ServerName: c.ServerName, MinVersion: tls.VersionTLS12}
	if c.Mode == 2 {
		cert, err := tls.LoadX509KeyPair(filepath.Join(c.Dir, "client.pem"), filepath.Join(c.Dir, "client.key"))
		if err != nil {
			return nil, err
		}
		conf.Certificates = []tls.Certificate{cert}
		conf.MinVersion = tls.VersionTLS13
	}
	return conf, nil
}

func runClient(c Case, timeout time.Duration) map[string]interface{} {
	res := map[string]interface{}{"id": c.ID}
	conf, err := clientTLS(c)
	if err != nil {
		res["ok"], res["error"] = false, err.Error()
		return res
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	addr := net.JoinHostPort(c.Host, strconv.Itoa(c.Port))
	conn, err := grpc.DialContext(ctx, addr, grpc.WithTransportCredentials(credentials.NewTLS(conf)))
	if err != nil {
		res["ok"], res["error"] = false, err.Error()
		return res
	}
	defer conn.Close()
	req, resp := []byte{}, []byte{}
	err = conn.Invoke(ctx, "/grpc.health.v1.Health/Check", &req, &resp)
	// Any status the server itself sent means the TLS connection was made.
	code := status.Code(err)
	res["ok"] = err == nil || (code != codes.Unavailable && code != codes.DeadlineExceeded &&
		code != codes.Unknown && code != codes.Canceled)
	if err != nil {
		res["error"] = err.Error()
	}
	return res
}

func runClients(cases []Case, jobs int, timeout time.Duration) {
	sem := make(chan struct{}, jobs)
	var wg sync.WaitGroup
	for _, c := range cases {
		wg.Add(1)
		sem <- struct{}{}
		go func(c Case) {
			defer wg.Done()
			defer func() { <-sem }()
			emit(runClient(c, timeout))
		}(c)
	}
	wg.Wait()
}

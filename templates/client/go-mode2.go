// Go SDK: mutual TLS (Milvus tlsMode 2) to {{target}}. Made by milvus-cert emit-config.
// Run: go mod init milvustls && go get github.com/milvus-io/milvus/client/v2 && go run .
{{auth_comment}}package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"log"
	"os"

	"github.com/milvus-io/milvus/client/v2/milvusclient"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
)

func main() {
	ctx := context.Background()
	caPEM, err := os.ReadFile({{ca_pem}})
	if err != nil {
		log.Fatal(err)
	}
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(caPEM) {
		log.Fatal("no certificate in the CA file")
	}
	cert, err := tls.LoadX509KeyPair({{client_pem}}, {{client_key}})
	if err != nil {
		log.Fatal(err)
	}
	tlsConfig := &tls.Config{
		RootCAs:      roots,
		Certificates: []tls.Certificate{cert},
		// Must be a SAN of server.pem: Go ignores the CommonName.
		ServerName: {{server_name}},
		// Milvus accepts only TLS 1.3 in mode 2.
		MinVersion: tls.VersionTLS13,
	}
	client, err := milvusclient.New(ctx, &milvusclient.ClientConfig{
		Address: {{address}},
{{auth_fields}}		// Given after the SDK's own transport credentials, so these are the ones used.
		DialOptions: append([]grpc.DialOption{
			grpc.WithTransportCredentials(credentials.NewTLS(tlsConfig)),
		}, milvusclient.DefaultGrpcOpts...),
	})
	if err != nil {
		log.Fatal(err)
	}
	defer client.Close(ctx)
	names, err := client.ListCollections(ctx, milvusclient.NewListCollectionOption())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(names)
}

// Go SDK: one-way TLS (Milvus tlsMode 1) to {{target}}. Made by milvus-cert emit-config.
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
	tlsConfig := &tls.Config{
		RootCAs: roots,
		// Must be a SAN of server.pem: Go ignores the CommonName.
		ServerName: {{server_name}},
		MinVersion: tls.VersionTLS12,
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

// Package milvusclient stands in for the Go SDK's github.com/milvus-io/milvus/client/v2/
// milvusclient, which cannot be downloaded here, so that the Go snippet of
// `milvus-cert emit-config --format client` compiles unchanged and its TLS set-up (the
// tls.Config and credentials.NewTLS it passes in DialOptions) makes a real connection.
// Only what the snippet calls is here; New dials with the snippet's options, as the SDK does.
package milvusclient

import (
	"context"
	"fmt"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/encoding"
)

type rawCodec struct{}

func (rawCodec) Marshal(v interface{}) ([]byte, error) { return *v.(*[]byte), nil }
func (rawCodec) Unmarshal(data []byte, v interface{}) error {
	*v.(*[]byte) = append([]byte{}, data...)
	return nil
}
func (rawCodec) Name() string { return "proto" }

func init() { encoding.RegisterCodec(rawCodec{}) }

// DefaultGrpcOpts: the SDK's defaults carry no transport credentials.
var DefaultGrpcOpts = []grpc.DialOption{}

// ClientConfig holds what the snippet sets.
type ClientConfig struct {
	Address     string
	DialOptions []grpc.DialOption
}

// Client is a connection to the lab server.
type Client struct{ conn *grpc.ClientConn }

// New dials and makes the SDK's first call (Connect), so a refused handshake fails here.
func New(ctx context.Context, c *ClientConfig) (*Client, error) {
	conn, err := grpc.DialContext(ctx, c.Address, c.DialOptions...)
	if err != nil {
		return nil, err
	}
	cl := &Client{conn: conn}
	if err := cl.call(ctx, "/milvus.proto.milvus.MilvusService/Connect"); err != nil {
		conn.Close()
		return nil, err
	}
	return cl, nil
}

func (c *Client) call(ctx context.Context, method string) error {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	req, resp := []byte{}, []byte{}
	return c.conn.Invoke(ctx, method, &req, &resp)
}

// Close closes the connection.
func (c *Client) Close(ctx context.Context) error { return c.conn.Close() }

// ListCollectionOption is the option type the snippet passes.
type ListCollectionOption struct{}

// NewListCollectionOption returns the default option.
func NewListCollectionOption() *ListCollectionOption { return &ListCollectionOption{} }

// ListCollections calls ShowCollections; the lab server answers with no collections.
func (c *Client) ListCollections(ctx context.Context, _ *ListCollectionOption) ([]string, error) {
	if err := c.call(ctx, "/milvus.proto.milvus.MilvusService/ShowCollections"); err != nil {
		return nil, fmt.Errorf("list collections: %w", err)
	}
	return []string{}, nil
}

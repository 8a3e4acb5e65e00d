// Stands in for the Java SDK's io.milvus.v2.client.MilvusClientV2. The channel is built as
// the SDK builds it from ConnectConfig: serverPemPath set → one-way TLS trusting that file;
// clientPemPath, clientKeyPath and caPemPath set → mutual TLS (trustManager(ca),
// keyManager(cert, key)); the server name as the authority. The TLS set-up is real; the
// calls are raw (no generated code), answered by the lab server.
package io.milvus.v2.client;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

public class MilvusClientV2 {
    private final ManagedChannel channel;

    public MilvusClientV2(ConnectConfig config) throws Exception {
        URI uri = URI.create(config.uri);
        SslContextBuilder ssl;
        if (!config.serverPemPath.isEmpty()) {
            ssl = GrpcSslContexts.forClient().trustManager(new File(config.serverPemPath));
        } else if (!config.clientPemPath.isEmpty() && !config.clientKeyPath.isEmpty() && !config.caPemPath.isEmpty()) {
            ssl = GrpcSslContexts.forClient().trustManager(new File(config.caPemPath))
                    .keyManager(new File(config.clientPemPath), new File(config.clientKeyPath));
        } else {
            throw new IllegalArgumentException("the lab runs the snippets' TLS set-ups only");
        }
        // Debian's Netty 4.1.48 offers TLS 1.3 only when asked; the SDK's Netty by default.
        ssl.protocols("TLSv1.3", "TLSv1.2");
        NettyChannelBuilder builder = NettyChannelBuilder.forAddress(uri.getHost(), uri.getPort())
                .sslContext(ssl.build());
        if (!config.serverName.isEmpty()) {
            builder.overrideAuthority(config.serverName);
        }
        channel = builder.build();
        call("milvus.proto.milvus.MilvusService/Connect");
    }

    static final MethodDescriptor.Marshaller<byte[]> RAW = new MethodDescriptor.Marshaller<>() {
        public InputStream stream(byte[] value) { return new ByteArrayInputStream(value); }

        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (java.io.IOException e) {
                throw new RuntimeException(e);
            }
        }
    };

    private void call(String method) {
        MethodDescriptor<byte[], byte[]> md = MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY).setFullMethodName(method)
                .setRequestMarshaller(RAW).setResponseMarshaller(RAW).build();
        ClientCalls.blockingUnaryCall(channel, md, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), new byte[0]);
    }

    public ListCollectionsResp listCollections() {
        call("milvus.proto.milvus.MilvusService/ShowCollections");
        return new ListCollectionsResp();
    }

    public void close() {
        channel.shutdownNow();
    }

    public static class ListCollectionsResp {
        public List<String> getCollectionNames() {
            return new ArrayList<>();
        }
    }
}

// The Java side of the compatibility lab: grpc-java on Netty, with the SslContext built as
// the Java SDK (milvus-sdk-java ConnectConfig) builds it: GrpcSslContexts.forClient()
// .trustManager(ca.pem | server.pem) [.keyManager(client.pem, client.key)], and the server
// name as the channel authority. One JVM takes a whole batch of cases.
//
// stdin: one case a line, tab-separated: id, trust (ca|pin), dir, mode, server name, host,
// port. stdout: one JSON line a case: {"id", "ok", "error"}.
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

public class LabPeer {
    /** Raw bytes in and out: no generated code needed for one request. */
    static final MethodDescriptor.Marshaller<byte[]> RAW = new MethodDescriptor.Marshaller<>() {
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (java.io.IOException e) {
                throw new RuntimeException(e);
            }
        }
    };

    static final MethodDescriptor<byte[], byte[]> CHECK = MethodDescriptor.<byte[], byte[]>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName("grpc.health.v1.Health/Check")
            .setRequestMarshaller(RAW)
            .setResponseMarshaller(RAW)
            .build();

    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            String verdict = run(f[1], new File(f[2]), Integer.parseInt(f[3]), f[4], f[5], Integer.parseInt(f[6]));
            System.out.println("{\"id\":" + quote(f[0]) + "," + verdict + "}");
            System.out.flush();
        }
    }

    static SslContext sslContext(String trust, File dir, int mode) throws Exception {
        File trustFile = new File(dir, trust.equals("pin") ? "server.pem" : "ca.pem");
        SslContextBuilder builder = GrpcSslContexts.forClient().trustManager(trustFile)
                // Current Netty (the Java SDK's grpc-netty-shaded) offers TLS 1.3 and 1.2 by
                // default; Debian's Netty 4.1.48 offers 1.3 only when asked.
                .protocols("TLSv1.3", "TLSv1.2");
        if (mode == 2) {
            builder.keyManager(new File(dir, "client.pem"), new File(dir, "client.key"));
        }
        return builder.build();
    }

    static String run(String trust, File dir, int mode, String serverName, String host, int port) {
        SslContext ctx;
        try {
            ctx = sslContext(trust, dir, mode);
        } catch (Throwable e) {
            return "\"ok\":false,\"error\":" + quote(describe(e));
        }
        ManagedChannel channel;
        try {
            // The SDK passes the server name as the authority; an IPv6 literal is written
            // in brackets there, as in the URI ("[::1]"), which is how Netty checks IPs.
            String authority = serverName.contains(":") ? "[" + serverName + "]" : serverName;
            channel = NettyChannelBuilder.forAddress(host, port).sslContext(ctx)
                    .overrideAuthority(authority).build();
        } catch (Throwable e) {
            return "\"ok\":false,\"error\":" + quote(describe(e));
        }
        try {
            ClientCalls.blockingUnaryCall(channel, CHECK, CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS),
                    new byte[0]);
            return "\"ok\":true";
        } catch (StatusRuntimeException e) {
            // A status the server sent (anything but UNAVAILABLE/DEADLINE) means TLS worked.
            io.grpc.Status.Code code = e.getStatus().getCode();
            boolean ok = code != io.grpc.Status.Code.UNAVAILABLE && code != io.grpc.Status.Code.DEADLINE_EXCEEDED
                    && code != io.grpc.Status.Code.UNKNOWN && code != io.grpc.Status.Code.INTERNAL;
            return "\"ok\":" + ok + ",\"error\":" + quote(describe(e));
        } catch (Throwable e) {
            return "\"ok\":false,\"error\":" + quote(describe(e));
        } finally {
            channel.shutdownNow();
        }
    }

    /** The exception and its causes, each message once: what a user sees in the stack trace. */
    static String describe(Throwable e) {
        if (System.getenv("LAB_TRACE") != null) {
            e.printStackTrace();
        }
        StringBuilder sb = new StringBuilder();
        String last = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            String msg = t.getClass().getName() + ": " + t.getMessage();
            if (last != null && last.contains(String.valueOf(t.getMessage()))) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append(" / caused by ");
            }
            sb.append(msg);
            last = msg;
            if (t.getCause() == t) {
                break;
            }
        }
        return sb.toString();
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}

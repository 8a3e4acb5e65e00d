// Java SDK (io.milvus:milvus-sdk-java 2.4+): mutual TLS (Milvus tlsMode 2) to {{target}}.
// Made by milvus-cert emit-config. Save as {{file_name}}, add the SDK to the class path.
// Netty reads only PKCS#8 keys (BEGIN PRIVATE KEY), which is what milvus-cert writes.
{{auth_comment}}import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;

public class MilvusTls {
    public static void main(String[] args) throws Exception {
        ConnectConfig config = ConnectConfig.builder()
                .uri({{uri}})
                .secure(true)
                .clientPemPath({{client_pem}})
                .clientKeyPath({{client_key}})
                .caPemPath({{ca_pem}})
                // Must be a SAN of server.pem.
                .serverName({{server_name}})
{{auth_calls}}                .build();
        MilvusClientV2 client = new MilvusClientV2(config);
        System.out.println(client.listCollections().getCollectionNames());
        client.close();
    }
}

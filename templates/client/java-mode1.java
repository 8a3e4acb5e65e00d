// Java SDK (io.milvus:milvus-sdk-java 2.4+): one-way TLS (Milvus tlsMode 1) to {{target}}.
// Made by milvus-cert emit-config. Save as {{file_name}}, add the SDK to the class path.
{{auth_comment}}import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;

public class MilvusTls {
    public static void main(String[] args) throws Exception {
        ConnectConfig config = ConnectConfig.builder()
                .uri({{uri}})
                .secure(true)
                // grpc-java trusts this file as the root certificate.
                .serverPemPath({{server_pem}})
                // Must be a SAN of server.pem.
                .serverName({{server_name}})
{{auth_calls}}                .build();
        MilvusClientV2 client = new MilvusClientV2(config);
        System.out.println(client.listCollections().getCollectionNames());
        client.close();
    }
}

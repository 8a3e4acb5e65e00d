# pymilvus: one-way TLS (Milvus tlsMode 1) to {{target}}. Made by milvus-cert emit-config.
# Run: pip install pymilvus && python3 {{file_name}}
{{auth_comment}}{{import_os}}from pymilvus import MilvusClient

client = MilvusClient(
    uri={{uri}},
    secure=True,
    # gRPC trusts this file as the root certificate (server.pem, as in the Milvus docs).
    server_pem_path={{server_pem}},
    # Must be a SAN of server.pem; pymilvus ignores server_pem_path without it.
    server_name={{server_name}},
{{auth_args}})
print(client.list_collections())

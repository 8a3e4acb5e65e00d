# pymilvus: mutual TLS (Milvus tlsMode 2) to {{target}}. Made by milvus-cert emit-config.
# Run: pip install pymilvus && python3 {{file_name}}
{{auth_comment}}{{import_os}}from pymilvus import MilvusClient

client = MilvusClient(
    uri={{uri}},
    secure=True,
    # pymilvus uses the client certificate only when all four of these are set.
    client_pem_path={{client_pem}},
    client_key_path={{client_key}},
    ca_pem_path={{ca_pem}},
    # Must be a SAN of server.pem.
    server_name={{server_name}},
{{auth_args}})
print(client.list_collections())

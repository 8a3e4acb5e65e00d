// Node SDK (@zilliz/milvus2-sdk-node): one-way TLS (Milvus tlsMode 1) to {{target}}.
// Made by milvus-cert emit-config. Run: npm install @zilliz/milvus2-sdk-node && node {{file_name}}
{{auth_comment}}const { MilvusClient } = require("@zilliz/milvus2-sdk-node");

async function main() {
  const client = new MilvusClient({
    address: {{address}},
    ssl: true,
{{auth_fields}}    tls: {
      rootCertPath: {{ca_pem}},
      // Must be a SAN of server.pem.
      serverName: {{server_name}},
    },
  });
  console.log(await client.listCollections());
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

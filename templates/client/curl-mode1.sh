#!/bin/sh
# curl: Milvus REST API over one-way TLS (tlsMode 1), REST port {{http_port}} (proxy.http.port).
# Made by milvus-cert emit-config. curl checks the URL's host name against server.pem's SANs.
# RESTful API v2 (Milvus 2.4+); Milvus 2.3 has only v1: curl ... https://HOST:PORT/v1/vector/collections
{{auth_comment}}set -e
curl --fail --silent --show-error \
  --cacert {{ca_pem}} \
{{connect_to}}{{auth_header}}  -X POST -H 'Content-Type: application/json' -d '{}' \
  {{url}}
echo


use builtin;
use str;

set edit:completion:arg-completer[milvus-cert] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'milvus-cert'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'milvus-cert'= {
            cand --color 'When to colour messages: auto = only on a terminal, as NO_COLOR, CLICOLOR and TERM allow'
            cand --json 'Print machine-readable JSON on stdout (messages go to stderr)'
            cand -q 'Print nothing on success (errors still go to stderr)'
            cand --quiet 'Print nothing on success (errors still go to stderr)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand init 'Make gen.sh''s nine files: CA, server and client keys, CSRs and certificates'
            cand ca 'Make a CA only: ca.key and ca.pem'
            cand server 'Make a server key, CSR and certificate signed by the CA in --dir'
            cand client 'Make a client key, CSR and certificate signed by the CA in --dir'
            cand sign 'Sign a CSR made elsewhere (e.g. by openssl req) with the CA in --dir'
            cand renew 'Re-issue leaf certificates from the same CA with a new validity window'
            cand inspect 'Show what certificates, keys and CSRs contain'
            cand verify 'Check a certificate directory and predict which Milvus clients accept it'
            cand probe 'Probe running servers: handshake, served chain, mode, client verdicts'
            cand status 'List every certificate''s days left; exit 1 if one expires soon (for cron, CI)'
            cand rotate-ca 'Replace the CA: new CA, leaves re-issued from it, old+new trust bundle'
            cand emit-config 'Write Milvus config: milvus.yaml, compose, Kubernetes, client snippets'
            cand completions 'Print a shell completion script (bash, zsh, fish, powershell, elvish)'
            cand man 'Write roff man pages for milvus-cert and each subcommand into a directory'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'milvus-cert;init'= {
            cand --dir 'Directory holding the CA (and receiving new files) [default: cert]'
            cand --config 'Settings file [default: ./milvus-cert.toml if present; env MILVUS_CERT_CONFIG]'
            cand --passphrase-file 'Passphrase of an encrypted ca.key: the first line of FILE, which may be a pipe (/dev/stdin) [default: env MILVUS_CERT_CA_PASSPHRASE, else a terminal prompt]'
            cand --cn 'Server CommonName; also a SAN, and the name clients should connect with [default: localhost]'
            cand --san 'Server subjectAltName, DNS name or IP address (repeatable). The given ones replace the defaults (localhost, 127.0.0.1, ::1); the CN is always one'
            cand --client-cn 'Client certificate CommonName (also its SAN when it is a valid host name) [default: milvus-client]'
            cand --ca-cn 'CA CommonName [default: "Milvus TLS CA" and a short unique id]'
            cand --country 'countryName, two letters (C)'
            cand --state 'stateOrProvinceName (ST)'
            cand --locality 'localityName (L)'
            cand --org 'organizationName (O) [default: milvus]'
            cand --org-unit 'organizationalUnitName (OU)'
            cand --key-type 'Key algorithm for new keys [default: rsa]'
            cand --key-bits 'RSA modulus size: 2048, 3072 or 4096 [default: 2048]'
            cand --key-format 'Encoding of the private keys written: pkcs8 (any algorithm; the Java SDK reads nothing else), pkcs1 (RSA only) or sec1 (ECDSA only), for tools that want the traditional PEM forms'
            cand --days 'Days the server and client certificates are valid [default: 3650]'
            cand --ca-days 'Days the CA certificate is valid [default: 3650]'
            cand --color 'When to colour messages: auto = only on a terminal, as NO_COLOR, CLICOLOR and TERM allow'
            cand --dry-run 'Show what would be written and where; write nothing'
            cand --force 'Replace existing files, each kept as FILE.bak (the CA is kept unless --new-ca)'
            cand --new-ca 'Make a new CA even if the directory has one (replacing it needs --force)'
            cand --encrypt-ca-key 'Write ca.key encrypted with a passphrase (PKCS#8, scrypt + AES-256-CBC); every command that signs then asks for it'
            cand --print-config 'Print the effective settings as TOML (a milvus-cert.toml to start from) and exit'
            cand --json 'Print machine-readable JSON on stdout (messages go to stderr)'
            cand -q 'Print nothing on success (errors still go to stderr)'
            cand --quiet 'Print nothing on success (errors still go to stderr)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'milvus-cert;ca'= {
            cand --dir 'Directory holding the CA (and receiving new files) [default: cert]'
            cand --config 'Settings file [default: ./milvus-cert.toml if present; env MILVUS_CERT_CONFIG]'
            cand --passphrase-file 'Passphrase of an encrypted ca.key: the first line of FILE, which may be a pipe (/dev/stdin) [default: env MILVUS_CERT_CA_PASSPHRASE, else a terminal prompt]'
            cand --ca-cn 'CA CommonName [default: "Milvus TLS CA" and a short unique id]'
            cand --country 'countryName, two letters (C)'
            cand --state 'stateOrProvinceName (ST)'
            cand --locality 'localityName (L)'
            cand --org 'organizationName (O) [default: milvus]'
            cand --org-unit 'organizationalUnitName (OU)'
            cand --key-type 'Key algorithm for new keys [default: rsa]'
            cand --key-bits 'RSA modulus size: 2048, 3072 or 4096 [default: 2048]'
            cand --key-format 'Encoding of the private keys written: pkcs8 (any algorithm; the Java SDK reads nothing else), pkcs1 (RSA only) or sec1 (ECDSA only), for tools that want the traditional PEM forms'
            cand --ca-days 'Days the CA certificate is valid [default: 3650]'
            cand --color 'When to colour messages: auto = only on a terminal, as NO_COLOR, CLICOLOR and TERM allow'
            cand --dry-run 'Show what would be written and where; write nothing'
            cand --force 'Replace an existing CA, kept as ca.key.bak etc. (certificates it signed stop verifying)'
            cand --encrypt-ca-key 'Write ca.key encrypted with a passphrase (PKCS#8, scrypt + AES-256-CBC); every command that signs then asks for it'
            cand --print-config 'Print the effective settings as TOML and exit'
            cand --json 'Print machine-readable JSON on stdout (messages go to stderr)'
            cand -q 'Print nothing on success (errors still go to stderr)'
            cand --quiet 'Print nothing on success (errors still go to stderr)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'milvus-cert;server'= {
            cand --dir 'Directory holding the CA (and receiving new files) [default: cert]'
            cand --config 'Settings file [default: ./milvus-cert.toml if present; env MILVUS_CERT_CONFIG]'
            cand --passphrase-file 'Passphrase of an encrypted ca.key: the first line of FILE, which may be a pipe (/dev/stdin) [default: env MILVUS_CERT_CA_PASSPHRASE, else a terminal prompt]'
            cand --name 'Base name of the files: NAME.key, NAME.csr, NAME.pem [default: server or client]'
            cand --cn 'CommonName [default: localhost for a server; milvus-client, or NAME, for a client]'
            cand --san 'subjectAltName, DNS name or IP address (repeatable). The given ones replace a server''s defaults (localhost, 127.0.0.1, ::1); the CN is always one'
            cand --country 'countryName, two letters (C)'
            cand --state 'stateOrProvinceName (ST)'
            cand --locality 'localityName (L)'
            cand --org 'organizationName (O) [default: milvus]'
            cand --org-unit 'organizationalUnitName (OU)'
            cand --key-type 'Key algorithm for new keys [default: rsa]'
            cand --key-bits 'RSA modulus size: 2048, 3072 or 4096 [default: 2048]'
            cand --key-format 'Encoding of the private keys written: pkcs8 (any algorithm; the Java SDK reads nothing else), pkcs1 (RSA only) or sec1 (ECDSA only), for tools that want the traditional PEM forms'
            cand --days 'Days the certificate is valid [default: 3650]'
            cand --color 'When to colour messages: auto = only on a terminal, as NO_COLOR, CLICOLOR and TERM allow'
            cand --dry-run 'Show what would be written and where; write nothing'
            cand --force 'Replace existing NAME.key, NAME.csr and NAME.pem, each kept as FILE.bak'
            cand --print-config 'Print the effective settings as TOML and exit'
            cand --json 'Print machine-readable JSON on stdout (messages go to stderr)'
            cand -q 'Print nothing on success (errors still go to stderr)'
            cand --quiet 'Print nothing on success (errors still go to stderr)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'milvus-cert;client'= {
            cand --dir 'Directory holding the CA (and receiving new files) [default: cert]'
            cand --config 'Settings file [default: ./milvus-cert.toml if present; env MILVUS_CERT_CONFIG]'
            cand --passphrase-file 'Passphrase of an encrypted ca.key: the first line of FILE, which may be a pipe (/dev/stdin) [default: env MILVUS_CERT_CA_PASSPHRASE, else a terminal prompt]'
            cand --name 'Base name of the files: NAME.key, NAME.csr, NAME.pem [default: server or client]'
            cand --cn 'CommonName [default: localhost for a server; milvus-client, or NAME, for a client]'
            cand --san 'subjectAltName, DNS name or IP address (repeatable). The given ones replace a server''s defaults (localhost, 127.0.0.1, ::1); the CN is always one'
            cand --country 'countryName, two letters (C)'
            cand --state 'stateOrProvinceName (ST)'
            cand --locality 'localityName (L)'
            cand --org 'organizationName (O) [default: milvus]'
            cand --org-unit 'organizationalUnitName (OU)'
            cand --key-type 'Key algorithm for new keys [default: rsa]'
            cand --key-bits 'RSA modulus size: 2048, 3072 or 4096 [default: 2048]'
            cand --key-format 'Encoding of the private keys written: pkcs8 (any algorithm; the Java SDK reads nothing else), pkcs1 (RSA only) or sec1 (ECDSA only), for tools that want the traditional PEM forms'
            cand --days 'Days the certificate is valid [default: 3650]'
            cand --color 'When to colour messages: auto = only on a terminal, as NO_COLOR, CLICOLOR and TERM allow'
            cand --dry-run 'Show what would be written and where; write nothing'
            cand --force 'Replace existing NAME.key, NAME.csr and NAME.pem, each kept as FILE.bak'
            cand --print-config 'Print the effective settings as TOML and exit'
            cand --json 'Print machine-readable JSON on stdout (messages go to stderr)'
            cand -q 'Print nothing on success (errors still go to stderr)'
            cand --quiet 'Print nothing on success (errors still go to stderr)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'milvus-cert;sign'= {
            cand --dir 'Directory holding the CA (and receiving new files) [default: cert]'
            cand --config 'Settings file [default: ./milvus-cert.toml if present; env MILVUS_CERT_CONFIG]'
            cand --passphrase-file 'Passphrase of an encrypted ca.key: the first line of FILE, which may be a pipe (/dev/stdin) [default: env MILVUS_CERT_CA_PASSPHRASE, else a terminal prompt]'
            cand --csr 'The certificate signing request (PEM), e.g. from `openssl req`; `-` reads standard input'
            cand --profile 'What the certificate is for'
            cand --out 'Where to write the certificate [default: the CSR''s name with .pem, next to it]'
            cand --san 'subjectAltName to add to the request''s own (repeatable)'
            cand --days 'Days the certificate is valid [default: 3650]'
            cand --color 'When to colour messages: auto = only on a terminal, as NO_COLOR, CLICOLOR and TERM allow'
            cand --dry-run 'Show what would be written and where; write nothing'
            cand --force 'Replace an existing output file'
            cand --json 'Print machine-readable JSON on stdout (messages go to stderr)'
            cand -q 'Print nothing on success (errors still go to stderr)'
            cand --quiet 'Print nothing on success (errors still go to stderr)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'milvus-cert;renew'= {
            cand --dir 'Directory holding the CA (and receiving new files) [default: cert]'
            cand --config 'Settings file [default: ./milvus-cert.toml if present; env MILVUS_CERT_CONFIG]'
            cand --passphrase-file 'Passphrase of an encrypted ca.key: the first line of FILE, which may be a pipe (/dev/stdin) [default: env MILVUS_CERT_CA_PASSPHRASE, else a terminal prompt]'
            cand --cn 'New CommonName; the old one stays as a subjectAltName, and the new one becomes one'
            cand --san 'subjectAltName to add, DNS name or IP address (repeatable); every name already in the certificate is kept'
            cand --days 'Days the renewed certificates are valid [default: the old certificate''s lifetime]'
            cand --key-type 'Key algorithm of the new keys [default: each old key''s]'
            cand --key-bits 'RSA modulus size for new RSA keys [default: the old key''s]'
            cand --key-format 'Encoding of the private keys written: pkcs8 (any algorithm; the Java SDK reads nothing else), pkcs1 (RSA only) or sec1 (ECDSA only), for tools that want the traditional PEM forms'
            cand --color 'When to colour messages: auto = only on a terminal, as NO_COLOR, CLICOLOR and TERM allow'
            cand --dry-run 'Show what would be written and where; write nothing'
            cand --keep-key 'Reuse each certificate''s key instead of making a new one'
            cand --force 'Replace a symbolic link at a file renew writes (the link, never its target)'
            cand --json 'Print machine-readable JSON on stdout (messages go to stderr)'
            cand -q 'Print nothing on success (errors still go to stderr)'
            cand --quiet 'Print nothing on success (errors still go to stderr)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'milvus-cert;inspect'= {
            cand --color 'When to colour messages: auto = only on a terminal, as NO_COLOR, CLICOLOR and TERM allow'
            cand --json 'Print machine-readable JSON on stdout (messages go to stderr)'
            cand -q 'Print nothing on success (errors still go to stderr)'
            cand --quiet 'Print nothing on success (errors still go to stderr)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'milvus-cert;verify'= {
            cand --server-name 'Name clients connect with, DNS name or IP [default: server.pem''s first DNS SAN, else its CN]'
            cand --mode 'TLS mode whose errors decide the exit code'
            cand --warn-days 'Warn when a certificate expires within DAYS days'
            cand --clients 'Only these clients'' verdicts set the exit code, comma-separated [default: all]'
            cand --ca 'Trust the CA certificates in FILE instead of DIR/ca.pem'
            cand --passphrase-file 'Passphrase of an encrypted ca.key: the first line of FILE [default: env MILVUS_CERT_CA_PASSPHRASE]'
            cand --color 'When to colour messages: auto = only on a terminal, as NO_COLOR, CLICOLOR and TERM allow'
            cand --strict 'Treat warnings as errors for the exit code'
            cand --json 'Print machine-readable JSON on stdout (messages go to stderr)'
            cand -q 'Print nothing on success (errors still go to stderr)'
            cand --quiet 'Print nothing on success (errors still go to stderr)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'milvus-cert;probe'= {
            cand --dir 'Directory whose ca.pem is trusted, server.pem compared, client.pem presented'
            cand --ca 'Trust the CA certificates in FILE instead of DIR/ca.pem'
            cand --server-name 'Name clients connect with, DNS name or IP [default: each HOST]'
            cand --timeout 'Seconds to wait for a connection or an answer'
            cand --rest-port 'Also probe PORT of each host as Milvus'' REST endpoint (HTTPS, HTTP/1.1)'
            cand --warn-days 'Warn when a certificate expires within DAYS days'
            cand --color 'When to colour messages: auto = only on a terminal, as NO_COLOR, CLICOLOR and TERM allow'
            cand --json 'Print machine-readable JSON on stdout (messages go to stderr)'
            cand -q 'Print nothing on success (errors still go to stderr)'
            cand --quiet 'Print nothing on success (errors still go to stderr)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'milvus-cert;status'= {
            cand --warn-days 'Exit 1 when a certificate expires within DAYS days'
            cand --out 'Write to FILE atomically instead of stdout (replacing it needs --force)'
            cand --color 'When to colour messages: auto = only on a terminal, as NO_COLOR, CLICOLOR and TERM allow'
            cand --prometheus 'Print Prometheus text-format gauges instead of the table'
            cand --force 'Replace an existing --out file'
            cand --dry-run 'With --out: print what would be written to FILE, and where; write nothing'
            cand --json 'Print machine-readable JSON on stdout (messages go to stderr)'
            cand -q 'Print nothing on success (errors still go to stderr)'
            cand --quiet 'Print nothing on success (errors still go to stderr)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'milvus-cert;rotate-ca'= {
            cand --dir 'Directory holding the CA (and receiving new files) [default: cert]'
            cand --config 'Settings file [default: ./milvus-cert.toml if present; env MILVUS_CERT_CONFIG]'
            cand --passphrase-file 'Passphrase of an encrypted ca.key: the first line of FILE, which may be a pipe (/dev/stdin) [default: env MILVUS_CERT_CA_PASSPHRASE, else a terminal prompt]'
            cand --ca-cn 'New CA CommonName [default: "Milvus TLS CA" and a short unique id]'
            cand --country 'countryName, two letters (C)'
            cand --state 'stateOrProvinceName (ST)'
            cand --locality 'localityName (L)'
            cand --org 'organizationName (O) [default: milvus]'
            cand --org-unit 'organizationalUnitName (OU)'
            cand --key-type 'Key algorithm of the new keys [default: each old key''s]'
            cand --key-bits 'RSA modulus size for new RSA keys [default: the old key''s]'
            cand --key-format 'Encoding of the private keys written: pkcs8 (any algorithm; the Java SDK reads nothing else), pkcs1 (RSA only) or sec1 (ECDSA only), for tools that want the traditional PEM forms'
            cand --ca-days 'Days the new CA is valid [default: 3650]'
            cand --days 'Days the re-issued leaves are valid [default: each old leaf''s lifetime]'
            cand --color 'When to colour messages: auto = only on a terminal, as NO_COLOR, CLICOLOR and TERM allow'
            cand --dry-run 'Show what would be written and where; write nothing'
            cand --all 'Re-issue every leaf certificate in DIR that the old CA signed'
            cand --encrypt-ca-key 'Encrypt the new ca.key even if the old one was not [default: the new key keeps the old one''s protection and passphrase]'
            cand --json 'Print machine-readable JSON on stdout (messages go to stderr)'
            cand -q 'Print nothing on success (errors still go to stderr)'
            cand --quiet 'Print nothing on success (errors still go to stderr)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'milvus-cert;emit-config'= {
            cand --dir 'Certificate directory the configuration points at'
            cand --mode 'TLS mode: 1 = one-way (server certificate), 2 = mutual (client certificates)'
            cand --format 'What to emit'
            cand --cert-path-prefix 'Where the files are, as the reader of the output sees them [default: DIR''s absolute path]'
            cand --milvus-yaml 'Merge the settings into this milvus.yaml in place (keeps FILE.bak)'
            cand --http-port 'REST port (proxy.http.port); with TLS on it must differ from the gRPC port [default: 8080; with --milvus-yaml, the file''s own port when it has a valid one]'
            cand --sni 'Name Milvus components check each other against (internaltls.sni)'
            cand --out 'Write the output to FILE (atomically; an existing FILE needs --force)'
            cand --client 'Which snippet to print [default: all of them]'
            cand --server-name 'Name clients expect in the server certificate [default: server.pem''s first DNS SAN, else its CN]'
            cand --host 'Host clients connect to'
            cand --port 'gRPC port clients connect to (REST uses --http-port)'
            cand --namespace 'Namespace of the Secrets and cert-manager resources [default: none in the Secrets, so `kubectl apply -n NAMESPACE` places them; "default" for cert-manager]'
            cand --passphrase-file 'cert-manager: the passphrase of an encrypted ca.key, first line of FILE [default: env MILVUS_CERT_CA_PASSPHRASE]; the key is decrypted in memory for the CA Secret, never written'
            cand --secret-name 'Name of the generic Secret; the kubernetes.io/tls one gets `-tls` appended'
            cand --color 'When to colour messages: auto = only on a terminal, as NO_COLOR, CLICOLOR and TERM allow'
            cand --dry-run 'With --milvus-yaml: print a unified diff of the change and write nothing'
            cand --internal 'Also enable internal TLS between Milvus components (Milvus 2.5+)'
            cand --legacy-tls-enabled 'Also write common.security.tlsEnabled: true (very early Milvus 2.1 builds)'
            cand --auth 'Also turn on user authentication (common.security.authorizationEnabled)'
            cand --allow-missing 'Warn instead of refusing when a file the output refers to is missing'
            cand --force 'Replace an existing --out file'
            cand --json 'Print machine-readable JSON on stdout (messages go to stderr)'
            cand -q 'Print nothing on success (errors still go to stderr)'
            cand --quiet 'Print nothing on success (errors still go to stderr)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'milvus-cert;completions'= {
            cand --color 'When to colour messages: auto = only on a terminal, as NO_COLOR, CLICOLOR and TERM allow'
            cand --json 'Print machine-readable JSON on stdout (messages go to stderr)'
            cand -q 'Print nothing on success (errors still go to stderr)'
            cand --quiet 'Print nothing on success (errors still go to stderr)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'milvus-cert;man'= {
            cand --out-dir 'Directory to write the man pages into (created if missing)'
            cand --color 'When to colour messages: auto = only on a terminal, as NO_COLOR, CLICOLOR and TERM allow'
            cand --force 'Replace pages that already exist'
            cand --dry-run 'List the pages that would be written, and which exist, but write nothing'
            cand --json 'Print machine-readable JSON on stdout (messages go to stderr)'
            cand -q 'Print nothing on success (errors still go to stderr)'
            cand --quiet 'Print nothing on success (errors still go to stderr)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'milvus-cert;help'= {
            cand init 'Make gen.sh''s nine files: CA, server and client keys, CSRs and certificates'
            cand ca 'Make a CA only: ca.key and ca.pem'
            cand server 'Make a server key, CSR and certificate signed by the CA in --dir'
            cand client 'Make a client key, CSR and certificate signed by the CA in --dir'
            cand sign 'Sign a CSR made elsewhere (e.g. by openssl req) with the CA in --dir'
            cand renew 'Re-issue leaf certificates from the same CA with a new validity window'
            cand inspect 'Show what certificates, keys and CSRs contain'
            cand verify 'Check a certificate directory and predict which Milvus clients accept it'
            cand probe 'Probe running servers: handshake, served chain, mode, client verdicts'
            cand status 'List every certificate''s days left; exit 1 if one expires soon (for cron, CI)'
            cand rotate-ca 'Replace the CA: new CA, leaves re-issued from it, old+new trust bundle'
            cand emit-config 'Write Milvus config: milvus.yaml, compose, Kubernetes, client snippets'
            cand completions 'Print a shell completion script (bash, zsh, fish, powershell, elvish)'
            cand man 'Write roff man pages for milvus-cert and each subcommand into a directory'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'milvus-cert;help;init'= {
        }
        &'milvus-cert;help;ca'= {
        }
        &'milvus-cert;help;server'= {
        }
        &'milvus-cert;help;client'= {
        }
        &'milvus-cert;help;sign'= {
        }
        &'milvus-cert;help;renew'= {
        }
        &'milvus-cert;help;inspect'= {
        }
        &'milvus-cert;help;verify'= {
        }
        &'milvus-cert;help;probe'= {
        }
        &'milvus-cert;help;status'= {
        }
        &'milvus-cert;help;rotate-ca'= {
        }
        &'milvus-cert;help;emit-config'= {
        }
        &'milvus-cert;help;completions'= {
        }
        &'milvus-cert;help;man'= {
        }
        &'milvus-cert;help;help'= {
        }
    ]
    $completions[$command]
}

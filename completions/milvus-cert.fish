# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_milvus_cert_global_optspecs
    string join \n json q/quiet color= h/help V/version
end

function __fish_milvus_cert_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_milvus_cert_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_milvus_cert_using_subcommand
    set -l cmd (__fish_milvus_cert_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c milvus-cert -n "__fish_milvus_cert_needs_command" -l color -d 'When to colour messages: auto = only on a terminal, as NO_COLOR, CLICOLOR and TERM allow' -r -f -a "auto\t'Colour when the stream is a terminal, unless NO_COLOR, CLICOLOR=0 or TERM=dumb says otherwise (CLICOLOR_FORCE forces it)'
always\t'Always colour, even into a pipe or with NO_COLOR set (a flag beats the variables)'
never\t'Never colour'"
complete -c milvus-cert -n "__fish_milvus_cert_needs_command" -l json -d 'Print machine-readable JSON on stdout (messages go to stderr)'
complete -c milvus-cert -n "__fish_milvus_cert_needs_command" -s q -l quiet -d 'Print nothing on success (errors still go to stderr)'
complete -c milvus-cert -n "__fish_milvus_cert_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c milvus-cert -n "__fish_milvus_cert_needs_command" -s V -l version -d 'Print version'
complete -c milvus-cert -n "__fish_milvus_cert_needs_command" -f -a "init" -d 'Make gen.sh\'s nine files: CA, server and client keys, CSRs and certificates'
complete -c milvus-cert -n "__fish_milvus_cert_needs_command" -f -a "ca" -d 'Make a CA only: ca.key and ca.pem'
complete -c milvus-cert -n "__fish_milvus_cert_needs_command" -f -a "server" -d 'Make a server key, CSR and certificate signed by the CA in --dir'
complete -c milvus-cert -n "__fish_milvus_cert_needs_command" -f -a "client" -d 'Make a client key, CSR and certificate signed by the CA in --dir'
complete -c milvus-cert -n "__fish_milvus_cert_needs_command" -f -a "sign" -d 'Sign a CSR made elsewhere (e.g. by openssl req) with the CA in --dir'
complete -c milvus-cert -n "__fish_milvus_cert_needs_command" -f -a "renew" -d 'Re-issue leaf certificates from the same CA with a new validity window'
complete -c milvus-cert -n "__fish_milvus_cert_needs_command" -f -a "inspect" -d 'Show what certificates, keys and CSRs contain'
complete -c milvus-cert -n "__fish_milvus_cert_needs_command" -f -a "verify" -d 'Check a certificate directory and predict which Milvus clients accept it'
complete -c milvus-cert -n "__fish_milvus_cert_needs_command" -f -a "probe" -d 'Probe running servers: handshake, served chain, mode, client verdicts'
complete -c milvus-cert -n "__fish_milvus_cert_needs_command" -f -a "status" -d 'List every certificate\'s days left; exit 1 if one expires soon (for cron, CI)'
complete -c milvus-cert -n "__fish_milvus_cert_needs_command" -f -a "rotate-ca" -d 'Replace the CA: new CA, leaves re-issued from it, old+new trust bundle'
complete -c milvus-cert -n "__fish_milvus_cert_needs_command" -f -a "emit-config" -d 'Write Milvus config: milvus.yaml, compose, Kubernetes, client snippets'
complete -c milvus-cert -n "__fish_milvus_cert_needs_command" -f -a "completions" -d 'Print a shell completion script (bash, zsh, fish, powershell, elvish)'
complete -c milvus-cert -n "__fish_milvus_cert_needs_command" -f -a "man" -d 'Write roff man pages for milvus-cert and each subcommand into a directory'
complete -c milvus-cert -n "__fish_milvus_cert_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand init" -l dir -d 'Directory holding the CA (and receiving new files) [default: cert]' -r -F
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand init" -l config -d 'Settings file [default: ./milvus-cert.toml if present; env MILVUS_CERT_CONFIG]' -r -F
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand init" -l passphrase-file -d 'Passphrase of an encrypted ca.key: the first line of FILE, which may be a pipe (/dev/stdin) [default: env MILVUS_CERT_CA_PASSPHRASE, else a terminal prompt]' -r -F
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand init" -l cn -d 'Server CommonName; also a SAN, and the name clients should connect with [default: localhost]' -r
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand init" -l san -d 'Server subjectAltName, DNS name or IP address (repeatable). The given ones replace the defaults (localhost, 127.0.0.1, ::1); the CN is always one' -r
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand init" -l client-cn -d 'Client certificate CommonName (also its SAN when it is a valid host name) [default: milvus-client]' -r
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand init" -l ca-cn -d 'CA CommonName [default: "Milvus TLS CA" and a short unique id]' -r
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand init" -l country -d 'countryName, two letters (C)' -r
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand init" -l state -d 'stateOrProvinceName (ST)' -r
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand init" -l locality -d 'localityName (L)' -r
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand init" -l org -d 'organizationName (O) [default: milvus]' -r
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand init" -l org-unit -d 'organizationalUnitName (OU)' -r
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand init" -l key-type -d 'Key algorithm for new keys [default: rsa]' -r -f -a "rsa\t'RSA (2048, 3072 or 4096 bits): accepted by every Milvus client'
ecdsa-p256\t'ECDSA on NIST P-256, signed with SHA-256: small and fast, accepted by every client'
ecdsa-p384\t'ECDSA on NIST P-384, signed with SHA-384'
ed25519\t'Ed25519: pymilvus (gRPC C-core) and the Java SDK refuse it; for Go/rustls peers only'"
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand init" -l key-bits -d 'RSA modulus size: 2048, 3072 or 4096 [default: 2048]' -r
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand init" -l key-format -d 'Encoding of the private keys written: pkcs8 (any algorithm; the Java SDK reads nothing else), pkcs1 (RSA only) or sec1 (ECDSA only), for tools that want the traditional PEM forms' -r -f -a "pkcs8\t'`BEGIN PRIVATE KEY` (RFC 5958), for every algorithm; the Java SDK needs it'
pkcs1\t'`BEGIN RSA PRIVATE KEY` (`openssl genrsa` before 3.0), RSA only'
sec1\t'`BEGIN EC PRIVATE KEY` (`openssl ecparam -genkey`), ECDSA only'"
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand init" -l days -d 'Days the server and client certificates are valid [default: 3650]' -r
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand init" -l ca-days -d 'Days the CA certificate is valid [default: 3650]' -r
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand init" -l color -d 'When to colour messages: auto = only on a terminal, as NO_COLOR, CLICOLOR and TERM allow' -r -f -a "auto\t'Colour when the stream is a terminal, unless NO_COLOR, CLICOLOR=0 or TERM=dumb says otherwise (CLICOLOR_FORCE forces it)'
always\t'Always colour, even into a pipe or with NO_COLOR set (a flag beats the variables)'
never\t'Never colour'"
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand init" -l dry-run -d 'Show what would be written and where; write nothing'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand init" -l force -d 'Replace existing files, each kept as FILE.bak (the CA is kept unless --new-ca)'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand init" -l new-ca -d 'Make a new CA even if the directory has one (replacing it needs --force)'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand init" -l encrypt-ca-key -d 'Write ca.key encrypted with a passphrase (PKCS#8, scrypt + AES-256-CBC); every command that signs then asks for it'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand init" -l print-config -d 'Print the effective settings as TOML (a milvus-cert.toml to start from) and exit'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand init" -l json -d 'Print machine-readable JSON on stdout (messages go to stderr)'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand init" -s q -l quiet -d 'Print nothing on success (errors still go to stderr)'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand init" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand ca" -l dir -d 'Directory holding the CA (and receiving new files) [default: cert]' -r -F
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand ca" -l config -d 'Settings file [default: ./milvus-cert.toml if present; env MILVUS_CERT_CONFIG]' -r -F
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand ca" -l passphrase-file -d 'Passphrase of an encrypted ca.key: the first line of FILE, which may be a pipe (/dev/stdin) [default: env MILVUS_CERT_CA_PASSPHRASE, else a terminal prompt]' -r -F
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand ca" -l ca-cn -d 'CA CommonName [default: "Milvus TLS CA" and a short unique id]' -r
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand ca" -l country -d 'countryName, two letters (C)' -r
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand ca" -l state -d 'stateOrProvinceName (ST)' -r
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand ca" -l locality -d 'localityName (L)' -r
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand ca" -l org -d 'organizationName (O) [default: milvus]' -r
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand ca" -l org-unit -d 'organizationalUnitName (OU)' -r
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand ca" -l key-type -d 'Key algorithm for new keys [default: rsa]' -r -f -a "rsa\t'RSA (2048, 3072 or 4096 bits): accepted by every Milvus client'
ecdsa-p256\t'ECDSA on NIST P-256, signed with SHA-256: small and fast, accepted by every client'
ecdsa-p384\t'ECDSA on NIST P-384, signed with SHA-384'
ed25519\t'Ed25519: pymilvus (gRPC C-core) and the Java SDK refuse it; for Go/rustls peers only'"
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand ca" -l key-bits -d 'RSA modulus size: 2048, 3072 or 4096 [default: 2048]' -r
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand ca" -l key-format -d 'Encoding of the private keys written: pkcs8 (any algorithm; the Java SDK reads nothing else), pkcs1 (RSA only) or sec1 (ECDSA only), for tools that want the traditional PEM forms' -r -f -a "pkcs8\t'`BEGIN PRIVATE KEY` (RFC 5958), for every algorithm; the Java SDK needs it'
pkcs1\t'`BEGIN RSA PRIVATE KEY` (`openssl genrsa` before 3.0), RSA only'
sec1\t'`BEGIN EC PRIVATE KEY` (`openssl ecparam -genkey`), ECDSA only'"
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand ca" -l ca-days -d 'Days the CA certificate is valid [default: 3650]' -r
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand ca" -l color -d 'When to colour messages: auto = only on a terminal, as NO_COLOR, CLICOLOR and TERM allow' -r -f -a "auto\t'Colour when the stream is a terminal, unless NO_COLOR, CLICOLOR=0 or TERM=dumb says otherwise (CLICOLOR_FORCE forces it)'
always\t'Always colour, even into a pipe or with NO_COLOR set (a flag beats the variables)'
never\t'Never colour'"
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand ca" -l dry-run -d 'Show what would be written and where; write nothing'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand ca" -l force -d 'Replace an existing CA, kept as ca.key.bak etc. (certificates it signed stop verifying)'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand ca" -l encrypt-ca-key -d 'Write ca.key encrypted with a passphrase (PKCS#8, scrypt + AES-256-CBC); every command that signs then asks for it'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand ca" -l print-config -d 'Print the effective settings as TOML and exit'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand ca" -l json -d 'Print machine-readable JSON on stdout (messages go to stderr)'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand ca" -s q -l quiet -d 'Print nothing on success (errors still go to stderr)'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand ca" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand server" -l dir -d 'Directory holding the CA (and receiving new files) [default: cert]' -r -F
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand server" -l config -d 'Settings file [default: ./milvus-cert.toml if present; env MILVUS_CERT_CONFIG]' -r -F
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand server" -l passphrase-file -d 'Passphrase of an encrypted ca.key: the first line of FILE, which may be a pipe (/dev/stdin) [default: env MILVUS_CERT_CA_PASSPHRASE, else a terminal prompt]' -r -F
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand server" -l name -d 'Base name of the files: NAME.key, NAME.csr, NAME.pem [default: server or client]' -r
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand server" -l cn -d 'CommonName [default: localhost for a server; milvus-client, or NAME, for a client]' -r
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand server" -l san -d 'subjectAltName, DNS name or IP address (repeatable). The given ones replace a server\'s defaults (localhost, 127.0.0.1, ::1); the CN is always one' -r
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand server" -l country -d 'countryName, two letters (C)' -r
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand server" -l state -d 'stateOrProvinceName (ST)' -r
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand server" -l locality -d 'localityName (L)' -r
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand server" -l org -d 'organizationName (O) [default: milvus]' -r
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand server" -l org-unit -d 'organizationalUnitName (OU)' -r
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand server" -l key-type -d 'Key algorithm for new keys [default: rsa]' -r -f -a "rsa\t'RSA (2048, 3072 or 4096 bits): accepted by every Milvus client'
ecdsa-p256\t'ECDSA on NIST P-256, signed with SHA-256: small and fast, accepted by every client'
ecdsa-p384\t'ECDSA on NIST P-384, signed with SHA-384'
ed25519\t'Ed25519: pymilvus (gRPC C-core) and the Java SDK refuse it; for Go/rustls peers only'"
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand server" -l key-bits -d 'RSA modulus size: 2048, 3072 or 4096 [default: 2048]' -r
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand server" -l key-format -d 'Encoding of the private keys written: pkcs8 (any algorithm; the Java SDK reads nothing else), pkcs1 (RSA only) or sec1 (ECDSA only), for tools that want the traditional PEM forms' -r -f -a "pkcs8\t'`BEGIN PRIVATE KEY` (RFC 5958), for every algorithm; the Java SDK needs it'
pkcs1\t'`BEGIN RSA PRIVATE KEY` (`openssl genrsa` before 3.0), RSA only'
sec1\t'`BEGIN EC PRIVATE KEY` (`openssl ecparam -genkey`), ECDSA only'"
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand server" -l days -d 'Days the certificate is valid [default: 3650]' -r
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand server" -l color -d 'When to colour messages: auto = only on a terminal, as NO_COLOR, CLICOLOR and TERM allow' -r -f -a "auto\t'Colour when the stream is a terminal, unless NO_COLOR, CLICOLOR=0 or TERM=dumb says otherwise (CLICOLOR_FORCE forces it)'
always\t'Always colour, even into a pipe or with NO_COLOR set (a flag beats the variables)'
never\t'Never colour'"
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand server" -l dry-run -d 'Show what would be written and where; write nothing'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand server" -l force -d 'Replace existing NAME.key, NAME.csr and NAME.pem, each kept as FILE.bak'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand server" -l print-config -d 'Print the effective settings as TOML and exit'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand server" -l json -d 'Print machine-readable JSON on stdout (messages go to stderr)'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand server" -s q -l quiet -d 'Print nothing on success (errors still go to stderr)'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand server" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand client" -l dir -d 'Directory holding the CA (and receiving new files) [default: cert]' -r -F
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand client" -l config -d 'Settings file [default: ./milvus-cert.toml if present; env MILVUS_CERT_CONFIG]' -r -F
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand client" -l passphrase-file -d 'Passphrase of an encrypted ca.key: the first line of FILE, which may be a pipe (/dev/stdin) [default: env MILVUS_CERT_CA_PASSPHRASE, else a terminal prompt]' -r -F
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand client" -l name -d 'Base name of the files: NAME.key, NAME.csr, NAME.pem [default: server or client]' -r
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand client" -l cn -d 'CommonName [default: localhost for a server; milvus-client, or NAME, for a client]' -r
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand client" -l san -d 'subjectAltName, DNS name or IP address (repeatable). The given ones replace a server\'s defaults (localhost, 127.0.0.1, ::1); the CN is always one' -r
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand client" -l country -d 'countryName, two letters (C)' -r
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand client" -l state -d 'stateOrProvinceName (ST)' -r
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand client" -l locality -d 'localityName (L)' -r
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand client" -l org -d 'organizationName (O) [default: milvus]' -r
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand client" -l org-unit -d 'organizationalUnitName (OU)' -r
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand client" -l key-type -d 'Key algorithm for new keys [default: rsa]' -r -f -a "rsa\t'RSA (2048, 3072 or 4096 bits): accepted by every Milvus client'
ecdsa-p256\t'ECDSA on NIST P-256, signed with SHA-256: small and fast, accepted by every client'
ecdsa-p384\t'ECDSA on NIST P-384, signed with SHA-384'
ed25519\t'Ed25519: pymilvus (gRPC C-core) and the Java SDK refuse it; for Go/rustls peers only'"
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand client" -l key-bits -d 'RSA modulus size: 2048, 3072 or 4096 [default: 2048]' -r
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand client" -l key-format -d 'Encoding of the private keys written: pkcs8 (any algorithm; the Java SDK reads nothing else), pkcs1 (RSA only) or sec1 (ECDSA only), for tools that want the traditional PEM forms' -r -f -a "pkcs8\t'`BEGIN PRIVATE KEY` (RFC 5958), for every algorithm; the Java SDK needs it'
pkcs1\t'`BEGIN RSA PRIVATE KEY` (`openssl genrsa` before 3.0), RSA only'
sec1\t'`BEGIN EC PRIVATE KEY` (`openssl ecparam -genkey`), ECDSA only'"
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand client" -l days -d 'Days the certificate is valid [default: 3650]' -r
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand client" -l color -d 'When to colour messages: auto = only on a terminal, as NO_COLOR, CLICOLOR and TERM allow' -r -f -a "auto\t'Colour when the stream is a terminal, unless NO_COLOR, CLICOLOR=0 or TERM=dumb says otherwise (CLICOLOR_FORCE forces it)'
always\t'Always colour, even into a pipe or with NO_COLOR set (a flag beats the variables)'
never\t'Never colour'"
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand client" -l dry-run -d 'Show what would be written and where; write nothing'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand client" -l force -d 'Replace existing NAME.key, NAME.csr and NAME.pem, each kept as FILE.bak'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand client" -l print-config -d 'Print the effective settings as TOML and exit'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand client" -l json -d 'Print machine-readable JSON on stdout (messages go to stderr)'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand client" -s q -l quiet -d 'Print nothing on success (errors still go to stderr)'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand client" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand sign" -l dir -d 'Directory holding the CA (and receiving new files) [default: cert]' -r -F
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand sign" -l config -d 'Settings file [default: ./milvus-cert.toml if present; env MILVUS_CERT_CONFIG]' -r -F
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand sign" -l passphrase-file -d 'Passphrase of an encrypted ca.key: the first line of FILE, which may be a pipe (/dev/stdin) [default: env MILVUS_CERT_CA_PASSPHRASE, else a terminal prompt]' -r -F
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand sign" -l csr -d 'The certificate signing request (PEM), e.g. from `openssl req`; `-` reads standard input' -r -F
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand sign" -l profile -d 'What the certificate is for' -r -f -a "server\t'A server certificate: extended key usage serverAuth'
client\t'A client certificate: extended key usage clientAuth'"
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand sign" -l out -d 'Where to write the certificate [default: the CSR\'s name with .pem, next to it]' -r -F
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand sign" -l san -d 'subjectAltName to add to the request\'s own (repeatable)' -r
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand sign" -l days -d 'Days the certificate is valid [default: 3650]' -r
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand sign" -l color -d 'When to colour messages: auto = only on a terminal, as NO_COLOR, CLICOLOR and TERM allow' -r -f -a "auto\t'Colour when the stream is a terminal, unless NO_COLOR, CLICOLOR=0 or TERM=dumb says otherwise (CLICOLOR_FORCE forces it)'
always\t'Always colour, even into a pipe or with NO_COLOR set (a flag beats the variables)'
never\t'Never colour'"
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand sign" -l dry-run -d 'Show what would be written and where; write nothing'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand sign" -l force -d 'Replace an existing output file'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand sign" -l json -d 'Print machine-readable JSON on stdout (messages go to stderr)'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand sign" -s q -l quiet -d 'Print nothing on success (errors still go to stderr)'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand sign" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand renew" -l dir -d 'Directory holding the CA (and receiving new files) [default: cert]' -r -F
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand renew" -l config -d 'Settings file [default: ./milvus-cert.toml if present; env MILVUS_CERT_CONFIG]' -r -F
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand renew" -l passphrase-file -d 'Passphrase of an encrypted ca.key: the first line of FILE, which may be a pipe (/dev/stdin) [default: env MILVUS_CERT_CA_PASSPHRASE, else a terminal prompt]' -r -F
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand renew" -l cn -d 'New CommonName; the old one stays as a subjectAltName, and the new one becomes one' -r
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand renew" -l san -d 'subjectAltName to add, DNS name or IP address (repeatable); every name already in the certificate is kept' -r
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand renew" -l days -d 'Days the renewed certificates are valid [default: the old certificate\'s lifetime]' -r
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand renew" -l key-type -d 'Key algorithm of the new keys [default: each old key\'s]' -r -f -a "rsa\t'RSA (2048, 3072 or 4096 bits): accepted by every Milvus client'
ecdsa-p256\t'ECDSA on NIST P-256, signed with SHA-256: small and fast, accepted by every client'
ecdsa-p384\t'ECDSA on NIST P-384, signed with SHA-384'
ed25519\t'Ed25519: pymilvus (gRPC C-core) and the Java SDK refuse it; for Go/rustls peers only'"
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand renew" -l key-bits -d 'RSA modulus size for new RSA keys [default: the old key\'s]' -r
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand renew" -l key-format -d 'Encoding of the private keys written: pkcs8 (any algorithm; the Java SDK reads nothing else), pkcs1 (RSA only) or sec1 (ECDSA only), for tools that want the traditional PEM forms' -r -f -a "pkcs8\t'`BEGIN PRIVATE KEY` (RFC 5958), for every algorithm; the Java SDK needs it'
pkcs1\t'`BEGIN RSA PRIVATE KEY` (`openssl genrsa` before 3.0), RSA only'
sec1\t'`BEGIN EC PRIVATE KEY` (`openssl ecparam -genkey`), ECDSA only'"
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand renew" -l color -d 'When to colour messages: auto = only on a terminal, as NO_COLOR, CLICOLOR and TERM allow' -r -f -a "auto\t'Colour when the stream is a terminal, unless NO_COLOR, CLICOLOR=0 or TERM=dumb says otherwise (CLICOLOR_FORCE forces it)'
always\t'Always colour, even into a pipe or with NO_COLOR set (a flag beats the variables)'
never\t'Never colour'"
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand renew" -l dry-run -d 'Show what would be written and where; write nothing'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand renew" -l keep-key -d 'Reuse each certificate\'s key instead of making a new one'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand renew" -l force -d 'Replace a symbolic link at a file renew writes (the link, never its target)'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand renew" -l json -d 'Print machine-readable JSON on stdout (messages go to stderr)'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand renew" -s q -l quiet -d 'Print nothing on success (errors still go to stderr)'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand renew" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand inspect" -l color -d 'When to colour messages: auto = only on a terminal, as NO_COLOR, CLICOLOR and TERM allow' -r -f -a "auto\t'Colour when the stream is a terminal, unless NO_COLOR, CLICOLOR=0 or TERM=dumb says otherwise (CLICOLOR_FORCE forces it)'
always\t'Always colour, even into a pipe or with NO_COLOR set (a flag beats the variables)'
never\t'Never colour'"
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand inspect" -l json -d 'Print machine-readable JSON on stdout (messages go to stderr)'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand inspect" -s q -l quiet -d 'Print nothing on success (errors still go to stderr)'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand inspect" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand verify" -l server-name -d 'Name clients connect with, DNS name or IP [default: server.pem\'s first DNS SAN, else its CN]' -r
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand verify" -l mode -d 'TLS mode whose errors decide the exit code' -r -f -a "1\t'One-way TLS: only the server presents a certificate'
2\t'Mutual TLS: clients present client.pem too (TLS 1.3 only)'"
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand verify" -l warn-days -d 'Warn when a certificate expires within DAYS days' -r
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand verify" -l clients -d 'Only these clients\' verdicts set the exit code, comma-separated [default: all]' -r -f -a "pymilvus\t''
go\t''
java\t''
node\t''
curl\t''"
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand verify" -l ca -d 'Trust the CA certificates in FILE instead of DIR/ca.pem' -r -F
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand verify" -l passphrase-file -d 'Passphrase of an encrypted ca.key: the first line of FILE [default: env MILVUS_CERT_CA_PASSPHRASE]' -r -F
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand verify" -l color -d 'When to colour messages: auto = only on a terminal, as NO_COLOR, CLICOLOR and TERM allow' -r -f -a "auto\t'Colour when the stream is a terminal, unless NO_COLOR, CLICOLOR=0 or TERM=dumb says otherwise (CLICOLOR_FORCE forces it)'
always\t'Always colour, even into a pipe or with NO_COLOR set (a flag beats the variables)'
never\t'Never colour'"
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand verify" -l strict -d 'Treat warnings as errors for the exit code'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand verify" -l json -d 'Print machine-readable JSON on stdout (messages go to stderr)'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand verify" -s q -l quiet -d 'Print nothing on success (errors still go to stderr)'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand verify" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand probe" -l dir -d 'Directory whose ca.pem is trusted, server.pem compared, client.pem presented' -r -F
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand probe" -l ca -d 'Trust the CA certificates in FILE instead of DIR/ca.pem' -r -F
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand probe" -l server-name -d 'Name clients connect with, DNS name or IP [default: each HOST]' -r
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand probe" -l timeout -d 'Seconds to wait for a connection or an answer' -r
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand probe" -l rest-port -d 'Also probe PORT of each host as Milvus\' REST endpoint (HTTPS, HTTP/1.1)' -r
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand probe" -l warn-days -d 'Warn when a certificate expires within DAYS days' -r
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand probe" -l color -d 'When to colour messages: auto = only on a terminal, as NO_COLOR, CLICOLOR and TERM allow' -r -f -a "auto\t'Colour when the stream is a terminal, unless NO_COLOR, CLICOLOR=0 or TERM=dumb says otherwise (CLICOLOR_FORCE forces it)'
always\t'Always colour, even into a pipe or with NO_COLOR set (a flag beats the variables)'
never\t'Never colour'"
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand probe" -l json -d 'Print machine-readable JSON on stdout (messages go to stderr)'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand probe" -s q -l quiet -d 'Print nothing on success (errors still go to stderr)'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand probe" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand status" -l warn-days -d 'Exit 1 when a certificate expires within DAYS days' -r
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand status" -l out -d 'Write to FILE atomically instead of stdout (replacing it needs --force)' -r -F
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand status" -l color -d 'When to colour messages: auto = only on a terminal, as NO_COLOR, CLICOLOR and TERM allow' -r -f -a "auto\t'Colour when the stream is a terminal, unless NO_COLOR, CLICOLOR=0 or TERM=dumb says otherwise (CLICOLOR_FORCE forces it)'
always\t'Always colour, even into a pipe or with NO_COLOR set (a flag beats the variables)'
never\t'Never colour'"
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand status" -l prometheus -d 'Print Prometheus text-format gauges instead of the table'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand status" -l force -d 'Replace an existing --out file'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand status" -l dry-run -d 'With --out: print what would be written to FILE, and where; write nothing'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand status" -l json -d 'Print machine-readable JSON on stdout (messages go to stderr)'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand status" -s q -l quiet -d 'Print nothing on success (errors still go to stderr)'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand rotate-ca" -l dir -d 'Directory holding the CA (and receiving new files) [default: cert]' -r -F
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand rotate-ca" -l config -d 'Settings file [default: ./milvus-cert.toml if present; env MILVUS_CERT_CONFIG]' -r -F
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand rotate-ca" -l passphrase-file -d 'Passphrase of an encrypted ca.key: the first line of FILE, which may be a pipe (/dev/stdin) [default: env MILVUS_CERT_CA_PASSPHRASE, else a terminal prompt]' -r -F
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand rotate-ca" -l ca-cn -d 'New CA CommonName [default: "Milvus TLS CA" and a short unique id]' -r
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand rotate-ca" -l country -d 'countryName, two letters (C)' -r
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand rotate-ca" -l state -d 'stateOrProvinceName (ST)' -r
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand rotate-ca" -l locality -d 'localityName (L)' -r
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand rotate-ca" -l org -d 'organizationName (O) [default: milvus]' -r
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand rotate-ca" -l org-unit -d 'organizationalUnitName (OU)' -r
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand rotate-ca" -l key-type -d 'Key algorithm of the new keys [default: each old key\'s]' -r -f -a "rsa\t'RSA (2048, 3072 or 4096 bits): accepted by every Milvus client'
ecdsa-p256\t'ECDSA on NIST P-256, signed with SHA-256: small and fast, accepted by every client'
ecdsa-p384\t'ECDSA on NIST P-384, signed with SHA-384'
ed25519\t'Ed25519: pymilvus (gRPC C-core) and the Java SDK refuse it; for Go/rustls peers only'"
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand rotate-ca" -l key-bits -d 'RSA modulus size for new RSA keys [default: the old key\'s]' -r
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand rotate-ca" -l key-format -d 'Encoding of the private keys written: pkcs8 (any algorithm; the Java SDK reads nothing else), pkcs1 (RSA only) or sec1 (ECDSA only), for tools that want the traditional PEM forms' -r -f -a "pkcs8\t'`BEGIN PRIVATE KEY` (RFC 5958), for every algorithm; the Java SDK needs it'
pkcs1\t'`BEGIN RSA PRIVATE KEY` (`openssl genrsa` before 3.0), RSA only'
sec1\t'`BEGIN EC PRIVATE KEY` (`openssl ecparam -genkey`), ECDSA only'"
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand rotate-ca" -l ca-days -d 'Days the new CA is valid [default: 3650]' -r
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand rotate-ca" -l days -d 'Days the re-issued leaves are valid [default: each old leaf\'s lifetime]' -r
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand rotate-ca" -l color -d 'When to colour messages: auto = only on a terminal, as NO_COLOR, CLICOLOR and TERM allow' -r -f -a "auto\t'Colour when the stream is a terminal, unless NO_COLOR, CLICOLOR=0 or TERM=dumb says otherwise (CLICOLOR_FORCE forces it)'
always\t'Always colour, even into a pipe or with NO_COLOR set (a flag beats the variables)'
never\t'Never colour'"
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand rotate-ca" -l dry-run -d 'Show what would be written and where; write nothing'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand rotate-ca" -l all -d 'Re-issue every leaf certificate in DIR that the old CA signed'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand rotate-ca" -l encrypt-ca-key -d 'Encrypt the new ca.key even if the old one was not [default: the new key keeps the old one\'s protection and passphrase]'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand rotate-ca" -l json -d 'Print machine-readable JSON on stdout (messages go to stderr)'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand rotate-ca" -s q -l quiet -d 'Print nothing on success (errors still go to stderr)'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand rotate-ca" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand emit-config" -l dir -d 'Certificate directory the configuration points at' -r -F
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand emit-config" -l mode -d 'TLS mode: 1 = one-way (server certificate), 2 = mutual (client certificates)' -r
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand emit-config" -l format -d 'What to emit' -r -f -a "milvus-yaml\t'The milvus.yaml settings (printed, or merged with --milvus-yaml)'
compose\t'docker-compose volumes for the standalone service'
k8s-secret\t'Kubernetes Secrets (generic and kubernetes.io/tls); helm-values mounts them'
helm-values\t'Helm values only (extraConfigFiles, volumes, volumeMounts)'
client\t'Connection snippets: pymilvus, Go, Java, Node and curl'
cert-manager\t'cert-manager CA Secret (holds ca.key), Issuer and Certificates'"
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand emit-config" -l cert-path-prefix -d 'Where the files are, as the reader of the output sees them [default: DIR\'s absolute path]' -r
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand emit-config" -l milvus-yaml -d 'Merge the settings into this milvus.yaml in place (keeps FILE.bak)' -r -F
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand emit-config" -l http-port -d 'REST port (proxy.http.port); with TLS on it must differ from the gRPC port [default: 8080; with --milvus-yaml, the file\'s own port when it has a valid one]' -r
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand emit-config" -l sni -d 'Name Milvus components check each other against (internaltls.sni)' -r
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand emit-config" -l out -d 'Write the output to FILE (atomically; an existing FILE needs --force)' -r -F
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand emit-config" -l client -d 'Which snippet to print [default: all of them]' -r -f -a "python\t'pymilvus (MilvusClient)'
go\t'The Go SDK (milvusclient)'
java\t'The Java SDK (MilvusClientV2)'
node\t'The Node SDK (@zilliz/milvus2-sdk-node)'
curl\t'curl against the REST API'"
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand emit-config" -l server-name -d 'Name clients expect in the server certificate [default: server.pem\'s first DNS SAN, else its CN]' -r
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand emit-config" -l host -d 'Host clients connect to' -r
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand emit-config" -l port -d 'gRPC port clients connect to (REST uses --http-port)' -r
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand emit-config" -l namespace -d 'Namespace of the Secrets and cert-manager resources [default: none in the Secrets, so `kubectl apply -n NAMESPACE` places them; "default" for cert-manager]' -r
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand emit-config" -l passphrase-file -d 'cert-manager: the passphrase of an encrypted ca.key, first line of FILE [default: env MILVUS_CERT_CA_PASSPHRASE]; the key is decrypted in memory for the CA Secret, never written' -r -F
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand emit-config" -l secret-name -d 'Name of the generic Secret; the kubernetes.io/tls one gets `-tls` appended' -r
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand emit-config" -l color -d 'When to colour messages: auto = only on a terminal, as NO_COLOR, CLICOLOR and TERM allow' -r -f -a "auto\t'Colour when the stream is a terminal, unless NO_COLOR, CLICOLOR=0 or TERM=dumb says otherwise (CLICOLOR_FORCE forces it)'
always\t'Always colour, even into a pipe or with NO_COLOR set (a flag beats the variables)'
never\t'Never colour'"
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand emit-config" -l dry-run -d 'With --milvus-yaml: print a unified diff of the change and write nothing'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand emit-config" -l internal -d 'Also enable internal TLS between Milvus components (Milvus 2.5+)'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand emit-config" -l legacy-tls-enabled -d 'Also write common.security.tlsEnabled: true (very early Milvus 2.1 builds)'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand emit-config" -l auth -d 'Also turn on user authentication (common.security.authorizationEnabled)'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand emit-config" -l allow-missing -d 'Warn instead of refusing when a file the output refers to is missing'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand emit-config" -l force -d 'Replace an existing --out file'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand emit-config" -l json -d 'Print machine-readable JSON on stdout (messages go to stderr)'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand emit-config" -s q -l quiet -d 'Print nothing on success (errors still go to stderr)'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand emit-config" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand completions" -l color -d 'When to colour messages: auto = only on a terminal, as NO_COLOR, CLICOLOR and TERM allow' -r -f -a "auto\t'Colour when the stream is a terminal, unless NO_COLOR, CLICOLOR=0 or TERM=dumb says otherwise (CLICOLOR_FORCE forces it)'
always\t'Always colour, even into a pipe or with NO_COLOR set (a flag beats the variables)'
never\t'Never colour'"
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand completions" -l json -d 'Print machine-readable JSON on stdout (messages go to stderr)'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand completions" -s q -l quiet -d 'Print nothing on success (errors still go to stderr)'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand man" -l out-dir -d 'Directory to write the man pages into (created if missing)' -r -F
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand man" -l color -d 'When to colour messages: auto = only on a terminal, as NO_COLOR, CLICOLOR and TERM allow' -r -f -a "auto\t'Colour when the stream is a terminal, unless NO_COLOR, CLICOLOR=0 or TERM=dumb says otherwise (CLICOLOR_FORCE forces it)'
always\t'Always colour, even into a pipe or with NO_COLOR set (a flag beats the variables)'
never\t'Never colour'"
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand man" -l force -d 'Replace pages that already exist'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand man" -l dry-run -d 'List the pages that would be written, and which exist, but write nothing'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand man" -l json -d 'Print machine-readable JSON on stdout (messages go to stderr)'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand man" -s q -l quiet -d 'Print nothing on success (errors still go to stderr)'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand man" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand help; and not __fish_seen_subcommand_from init ca server client sign renew inspect verify probe status rotate-ca emit-config completions man help" -f -a "init" -d 'Make gen.sh\'s nine files: CA, server and client keys, CSRs and certificates'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand help; and not __fish_seen_subcommand_from init ca server client sign renew inspect verify probe status rotate-ca emit-config completions man help" -f -a "ca" -d 'Make a CA only: ca.key and ca.pem'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand help; and not __fish_seen_subcommand_from init ca server client sign renew inspect verify probe status rotate-ca emit-config completions man help" -f -a "server" -d 'Make a server key, CSR and certificate signed by the CA in --dir'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand help; and not __fish_seen_subcommand_from init ca server client sign renew inspect verify probe status rotate-ca emit-config completions man help" -f -a "client" -d 'Make a client key, CSR and certificate signed by the CA in --dir'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand help; and not __fish_seen_subcommand_from init ca server client sign renew inspect verify probe status rotate-ca emit-config completions man help" -f -a "sign" -d 'Sign a CSR made elsewhere (e.g. by openssl req) with the CA in --dir'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand help; and not __fish_seen_subcommand_from init ca server client sign renew inspect verify probe status rotate-ca emit-config completions man help" -f -a "renew" -d 'Re-issue leaf certificates from the same CA with a new validity window'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand help; and not __fish_seen_subcommand_from init ca server client sign renew inspect verify probe status rotate-ca emit-config completions man help" -f -a "inspect" -d 'Show what certificates, keys and CSRs contain'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand help; and not __fish_seen_subcommand_from init ca server client sign renew inspect verify probe status rotate-ca emit-config completions man help" -f -a "verify" -d 'Check a certificate directory and predict which Milvus clients accept it'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand help; and not __fish_seen_subcommand_from init ca server client sign renew inspect verify probe status rotate-ca emit-config completions man help" -f -a "probe" -d 'Probe running servers: handshake, served chain, mode, client verdicts'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand help; and not __fish_seen_subcommand_from init ca server client sign renew inspect verify probe status rotate-ca emit-config completions man help" -f -a "status" -d 'List every certificate\'s days left; exit 1 if one expires soon (for cron, CI)'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand help; and not __fish_seen_subcommand_from init ca server client sign renew inspect verify probe status rotate-ca emit-config completions man help" -f -a "rotate-ca" -d 'Replace the CA: new CA, leaves re-issued from it, old+new trust bundle'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand help; and not __fish_seen_subcommand_from init ca server client sign renew inspect verify probe status rotate-ca emit-config completions man help" -f -a "emit-config" -d 'Write Milvus config: milvus.yaml, compose, Kubernetes, client snippets'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand help; and not __fish_seen_subcommand_from init ca server client sign renew inspect verify probe status rotate-ca emit-config completions man help" -f -a "completions" -d 'Print a shell completion script (bash, zsh, fish, powershell, elvish)'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand help; and not __fish_seen_subcommand_from init ca server client sign renew inspect verify probe status rotate-ca emit-config completions man help" -f -a "man" -d 'Write roff man pages for milvus-cert and each subcommand into a directory'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand help; and not __fish_seen_subcommand_from init ca server client sign renew inspect verify probe status rotate-ca emit-config completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'


using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'milvus-cert' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'milvus-cert'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'milvus-cert' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour messages: auto = only on a terminal, as NO_COLOR, CLICOLOR and TERM allow')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (messages go to stderr)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (errors still go to stderr)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (errors still go to stderr)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Make gen.sh''s nine files: CA, server and client keys, CSRs and certificates')
            [CompletionResult]::new('ca', 'ca', [CompletionResultType]::ParameterValue, 'Make a CA only: ca.key and ca.pem')
            [CompletionResult]::new('server', 'server', [CompletionResultType]::ParameterValue, 'Make a server key, CSR and certificate signed by the CA in --dir')
            [CompletionResult]::new('client', 'client', [CompletionResultType]::ParameterValue, 'Make a client key, CSR and certificate signed by the CA in --dir')
            [CompletionResult]::new('sign', 'sign', [CompletionResultType]::ParameterValue, 'Sign a CSR made elsewhere (e.g. by openssl req) with the CA in --dir')
            [CompletionResult]::new('renew', 'renew', [CompletionResultType]::ParameterValue, 'Re-issue leaf certificates from the same CA with a new validity window')
            [CompletionResult]::new('inspect', 'inspect', [CompletionResultType]::ParameterValue, 'Show what certificates, keys and CSRs contain')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check a certificate directory and predict which Milvus clients accept it')
            [CompletionResult]::new('probe', 'probe', [CompletionResultType]::ParameterValue, 'Probe running servers: handshake, served chain, mode, client verdicts')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'List every certificate''s days left; exit 1 if one expires soon (for cron, CI)')
            [CompletionResult]::new('rotate-ca', 'rotate-ca', [CompletionResultType]::ParameterValue, 'Replace the CA: new CA, leaves re-issued from it, old+new trust bundle')
            [CompletionResult]::new('emit-config', 'emit-config', [CompletionResultType]::ParameterValue, 'Write Milvus config: milvus.yaml, compose, Kubernetes, client snippets')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script (bash, zsh, fish, powershell, elvish)')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Write roff man pages for milvus-cert and each subcommand into a directory')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'milvus-cert;init' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'Directory holding the CA (and receiving new files) [default: cert]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file [default: ./milvus-cert.toml if present; env MILVUS_CERT_CONFIG]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase of an encrypted ca.key: the first line of FILE, which may be a pipe (/dev/stdin) [default: env MILVUS_CERT_CA_PASSPHRASE, else a terminal prompt]')
            [CompletionResult]::new('--cn', '--cn', [CompletionResultType]::ParameterName, 'Server CommonName; also a SAN, and the name clients should connect with [default: localhost]')
            [CompletionResult]::new('--san', '--san', [CompletionResultType]::ParameterName, 'Server subjectAltName, DNS name or IP address (repeatable). The given ones replace the defaults (localhost, 127.0.0.1, ::1); the CN is always one')
            [CompletionResult]::new('--client-cn', '--client-cn', [CompletionResultType]::ParameterName, 'Client certificate CommonName (also its SAN when it is a valid host name) [default: milvus-client]')
            [CompletionResult]::new('--ca-cn', '--ca-cn', [CompletionResultType]::ParameterName, 'CA CommonName [default: "Milvus TLS CA" and a short unique id]')
            [CompletionResult]::new('--country', '--country', [CompletionResultType]::ParameterName, 'countryName, two letters (C)')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'stateOrProvinceName (ST)')
            [CompletionResult]::new('--locality', '--locality', [CompletionResultType]::ParameterName, 'localityName (L)')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'organizationName (O) [default: milvus]')
            [CompletionResult]::new('--org-unit', '--org-unit', [CompletionResultType]::ParameterName, 'organizationalUnitName (OU)')
            [CompletionResult]::new('--key-type', '--key-type', [CompletionResultType]::ParameterName, 'Key algorithm for new keys [default: rsa]')
            [CompletionResult]::new('--key-bits', '--key-bits', [CompletionResultType]::ParameterName, 'RSA modulus size: 2048, 3072 or 4096 [default: 2048]')
            [CompletionResult]::new('--key-format', '--key-format', [CompletionResultType]::ParameterName, 'Encoding of the private keys written: pkcs8 (any algorithm; the Java SDK reads nothing else), pkcs1 (RSA only) or sec1 (ECDSA only), for tools that want the traditional PEM forms')
            [CompletionResult]::new('--days', '--days', [CompletionResultType]::ParameterName, 'Days the server and client certificates are valid [default: 3650]')
            [CompletionResult]::new('--ca-days', '--ca-days', [CompletionResultType]::ParameterName, 'Days the CA certificate is valid [default: 3650]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour messages: auto = only on a terminal, as NO_COLOR, CLICOLOR and TERM allow')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would be written and where; write nothing')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace existing files, each kept as FILE.bak (the CA is kept unless --new-ca)')
            [CompletionResult]::new('--new-ca', '--new-ca', [CompletionResultType]::ParameterName, 'Make a new CA even if the directory has one (replacing it needs --force)')
            [CompletionResult]::new('--encrypt-ca-key', '--encrypt-ca-key', [CompletionResultType]::ParameterName, 'Write ca.key encrypted with a passphrase (PKCS#8, scrypt + AES-256-CBC); every command that signs then asks for it')
            [CompletionResult]::new('--print-config', '--print-config', [CompletionResultType]::ParameterName, 'Print the effective settings as TOML (a milvus-cert.toml to start from) and exit')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (messages go to stderr)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (errors still go to stderr)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (errors still go to stderr)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'milvus-cert;ca' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'Directory holding the CA (and receiving new files) [default: cert]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file [default: ./milvus-cert.toml if present; env MILVUS_CERT_CONFIG]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase of an encrypted ca.key: the first line of FILE, which may be a pipe (/dev/stdin) [default: env MILVUS_CERT_CA_PASSPHRASE, else a terminal prompt]')
            [CompletionResult]::new('--ca-cn', '--ca-cn', [CompletionResultType]::ParameterName, 'CA CommonName [default: "Milvus TLS CA" and a short unique id]')
            [CompletionResult]::new('--country', '--country', [CompletionResultType]::ParameterName, 'countryName, two letters (C)')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'stateOrProvinceName (ST)')
            [CompletionResult]::new('--locality', '--locality', [CompletionResultType]::ParameterName, 'localityName (L)')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'organizationName (O) [default: milvus]')
            [CompletionResult]::new('--org-unit', '--org-unit', [CompletionResultType]::ParameterName, 'organizationalUnitName (OU)')
            [CompletionResult]::new('--key-type', '--key-type', [CompletionResultType]::ParameterName, 'Key algorithm for new keys [default: rsa]')
            [CompletionResult]::new('--key-bits', '--key-bits', [CompletionResultType]::ParameterName, 'RSA modulus size: 2048, 3072 or 4096 [default: 2048]')
            [CompletionResult]::new('--key-format', '--key-format', [CompletionResultType]::ParameterName, 'Encoding of the private keys written: pkcs8 (any algorithm; the Java SDK reads nothing else), pkcs1 (RSA only) or sec1 (ECDSA only), for tools that want the traditional PEM forms')
            [CompletionResult]::new('--ca-days', '--ca-days', [CompletionResultType]::ParameterName, 'Days the CA certificate is valid [default: 3650]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour messages: auto = only on a terminal, as NO_COLOR, CLICOLOR and TERM allow')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would be written and where; write nothing')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace an existing CA, kept as ca.key.bak etc. (certificates it signed stop verifying)')
            [CompletionResult]::new('--encrypt-ca-key', '--encrypt-ca-key', [CompletionResultType]::ParameterName, 'Write ca.key encrypted with a passphrase (PKCS#8, scrypt + AES-256-CBC); every command that signs then asks for it')
            [CompletionResult]::new('--print-config', '--print-config', [CompletionResultType]::ParameterName, 'Print the effective settings as TOML and exit')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (messages go to stderr)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (errors still go to stderr)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (errors still go to stderr)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'milvus-cert;server' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'Directory holding the CA (and receiving new files) [default: cert]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file [default: ./milvus-cert.toml if present; env MILVUS_CERT_CONFIG]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase of an encrypted ca.key: the first line of FILE, which may be a pipe (/dev/stdin) [default: env MILVUS_CERT_CA_PASSPHRASE, else a terminal prompt]')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Base name of the files: NAME.key, NAME.csr, NAME.pem [default: server or client]')
            [CompletionResult]::new('--cn', '--cn', [CompletionResultType]::ParameterName, 'CommonName [default: localhost for a server; milvus-client, or NAME, for a client]')
            [CompletionResult]::new('--san', '--san', [CompletionResultType]::ParameterName, 'subjectAltName, DNS name or IP address (repeatable). The given ones replace a server''s defaults (localhost, 127.0.0.1, ::1); the CN is always one')
            [CompletionResult]::new('--country', '--country', [CompletionResultType]::ParameterName, 'countryName, two letters (C)')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'stateOrProvinceName (ST)')
            [CompletionResult]::new('--locality', '--locality', [CompletionResultType]::ParameterName, 'localityName (L)')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'organizationName (O) [default: milvus]')
            [CompletionResult]::new('--org-unit', '--org-unit', [CompletionResultType]::ParameterName, 'organizationalUnitName (OU)')
            [CompletionResult]::new('--key-type', '--key-type', [CompletionResultType]::ParameterName, 'Key algorithm for new keys [default: rsa]')
            [CompletionResult]::new('--key-bits', '--key-bits', [CompletionResultType]::ParameterName, 'RSA modulus size: 2048, 3072 or 4096 [default: 2048]')
            [CompletionResult]::new('--key-format', '--key-format', [CompletionResultType]::ParameterName, 'Encoding of the private keys written: pkcs8 (any algorithm; the Java SDK reads nothing else), pkcs1 (RSA only) or sec1 (ECDSA only), for tools that want the traditional PEM forms')
            [CompletionResult]::new('--days', '--days', [CompletionResultType]::ParameterName, 'Days the certificate is valid [default: 3650]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour messages: auto = only on a terminal, as NO_COLOR, CLICOLOR and TERM allow')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would be written and where; write nothing')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace existing NAME.key, NAME.csr and NAME.pem, each kept as FILE.bak')
            [CompletionResult]::new('--print-config', '--print-config', [CompletionResultType]::ParameterName, 'Print the effective settings as TOML and exit')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (messages go to stderr)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (errors still go to stderr)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (errors still go to stderr)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'milvus-cert;client' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'Directory holding the CA (and receiving new files) [default: cert]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file [default: ./milvus-cert.toml if present; env MILVUS_CERT_CONFIG]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase of an encrypted ca.key: the first line of FILE, which may be a pipe (/dev/stdin) [default: env MILVUS_CERT_CA_PASSPHRASE, else a terminal prompt]')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Base name of the files: NAME.key, NAME.csr, NAME.pem [default: server or client]')
            [CompletionResult]::new('--cn', '--cn', [CompletionResultType]::ParameterName, 'CommonName [default: localhost for a server; milvus-client, or NAME, for a client]')
            [CompletionResult]::new('--san', '--san', [CompletionResultType]::ParameterName, 'subjectAltName, DNS name or IP address (repeatable). The given ones replace a server''s defaults (localhost, 127.0.0.1, ::1); the CN is always one')
            [CompletionResult]::new('--country', '--country', [CompletionResultType]::ParameterName, 'countryName, two letters (C)')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'stateOrProvinceName (ST)')
            [CompletionResult]::new('--locality', '--locality', [CompletionResultType]::ParameterName, 'localityName (L)')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'organizationName (O) [default: milvus]')
            [CompletionResult]::new('--org-unit', '--org-unit', [CompletionResultType]::ParameterName, 'organizationalUnitName (OU)')
            [CompletionResult]::new('--key-type', '--key-type', [CompletionResultType]::ParameterName, 'Key algorithm for new keys [default: rsa]')
            [CompletionResult]::new('--key-bits', '--key-bits', [CompletionResultType]::ParameterName, 'RSA modulus size: 2048, 3072 or 4096 [default: 2048]')
            [CompletionResult]::new('--key-format', '--key-format', [CompletionResultType]::ParameterName, 'Encoding of the private keys written: pkcs8 (any algorithm; the Java SDK reads nothing else), pkcs1 (RSA only) or sec1 (ECDSA only), for tools that want the traditional PEM forms')
            [CompletionResult]::new('--days', '--days', [CompletionResultType]::ParameterName, 'Days the certificate is valid [default: 3650]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour messages: auto = only on a terminal, as NO_COLOR, CLICOLOR and TERM allow')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would be written and where; write nothing')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace existing NAME.key, NAME.csr and NAME.pem, each kept as FILE.bak')
            [CompletionResult]::new('--print-config', '--print-config', [CompletionResultType]::ParameterName, 'Print the effective settings as TOML and exit')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (messages go to stderr)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (errors still go to stderr)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (errors still go to stderr)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'milvus-cert;sign' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'Directory holding the CA (and receiving new files) [default: cert]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file [default: ./milvus-cert.toml if present; env MILVUS_CERT_CONFIG]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase of an encrypted ca.key: the first line of FILE, which may be a pipe (/dev/stdin) [default: env MILVUS_CERT_CA_PASSPHRASE, else a terminal prompt]')
            [CompletionResult]::new('--csr', '--csr', [CompletionResultType]::ParameterName, 'The certificate signing request (PEM), e.g. from `openssl req`; `-` reads standard input')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'What the certificate is for')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Where to write the certificate [default: the CSR''s name with .pem, next to it]')
            [CompletionResult]::new('--san', '--san', [CompletionResultType]::ParameterName, 'subjectAltName to add to the request''s own (repeatable)')
            [CompletionResult]::new('--days', '--days', [CompletionResultType]::ParameterName, 'Days the certificate is valid [default: 3650]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour messages: auto = only on a terminal, as NO_COLOR, CLICOLOR and TERM allow')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would be written and where; write nothing')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace an existing output file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (messages go to stderr)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (errors still go to stderr)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (errors still go to stderr)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'milvus-cert;renew' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'Directory holding the CA (and receiving new files) [default: cert]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file [default: ./milvus-cert.toml if present; env MILVUS_CERT_CONFIG]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase of an encrypted ca.key: the first line of FILE, which may be a pipe (/dev/stdin) [default: env MILVUS_CERT_CA_PASSPHRASE, else a terminal prompt]')
            [CompletionResult]::new('--cn', '--cn', [CompletionResultType]::ParameterName, 'New CommonName; the old one stays as a subjectAltName, and the new one becomes one')
            [CompletionResult]::new('--san', '--san', [CompletionResultType]::ParameterName, 'subjectAltName to add, DNS name or IP address (repeatable); every name already in the certificate is kept')
            [CompletionResult]::new('--days', '--days', [CompletionResultType]::ParameterName, 'Days the renewed certificates are valid [default: the old certificate''s lifetime]')
            [CompletionResult]::new('--key-type', '--key-type', [CompletionResultType]::ParameterName, 'Key algorithm of the new keys [default: each old key''s]')
            [CompletionResult]::new('--key-bits', '--key-bits', [CompletionResultType]::ParameterName, 'RSA modulus size for new RSA keys [default: the old key''s]')
            [CompletionResult]::new('--key-format', '--key-format', [CompletionResultType]::ParameterName, 'Encoding of the private keys written: pkcs8 (any algorithm; the Java SDK reads nothing else), pkcs1 (RSA only) or sec1 (ECDSA only), for tools that want the traditional PEM forms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour messages: auto = only on a terminal, as NO_COLOR, CLICOLOR and TERM allow')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would be written and where; write nothing')
            [CompletionResult]::new('--keep-key', '--keep-key', [CompletionResultType]::ParameterName, 'Reuse each certificate''s key instead of making a new one')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace a symbolic link at a file renew writes (the link, never its target)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (messages go to stderr)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (errors still go to stderr)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (errors still go to stderr)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'milvus-cert;inspect' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour messages: auto = only on a terminal, as NO_COLOR, CLICOLOR and TERM allow')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (messages go to stderr)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (errors still go to stderr)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (errors still go to stderr)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'milvus-cert;verify' {
            [CompletionResult]::new('--server-name', '--server-name', [CompletionResultType]::ParameterName, 'Name clients connect with, DNS name or IP [default: server.pem''s first DNS SAN, else its CN]')
            [CompletionResult]::new('--mode', '--mode', [CompletionResultType]::ParameterName, 'TLS mode whose errors decide the exit code')
            [CompletionResult]::new('--warn-days', '--warn-days', [CompletionResultType]::ParameterName, 'Warn when a certificate expires within DAYS days')
            [CompletionResult]::new('--clients', '--clients', [CompletionResultType]::ParameterName, 'Only these clients'' verdicts set the exit code, comma-separated [default: all]')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'Trust the CA certificates in FILE instead of DIR/ca.pem')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase of an encrypted ca.key: the first line of FILE [default: env MILVUS_CERT_CA_PASSPHRASE]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour messages: auto = only on a terminal, as NO_COLOR, CLICOLOR and TERM allow')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Treat warnings as errors for the exit code')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (messages go to stderr)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (errors still go to stderr)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (errors still go to stderr)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'milvus-cert;probe' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'Directory whose ca.pem is trusted, server.pem compared, client.pem presented')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'Trust the CA certificates in FILE instead of DIR/ca.pem')
            [CompletionResult]::new('--server-name', '--server-name', [CompletionResultType]::ParameterName, 'Name clients connect with, DNS name or IP [default: each HOST]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection or an answer')
            [CompletionResult]::new('--rest-port', '--rest-port', [CompletionResultType]::ParameterName, 'Also probe PORT of each host as Milvus'' REST endpoint (HTTPS, HTTP/1.1)')
            [CompletionResult]::new('--warn-days', '--warn-days', [CompletionResultType]::ParameterName, 'Warn when a certificate expires within DAYS days')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour messages: auto = only on a terminal, as NO_COLOR, CLICOLOR and TERM allow')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (messages go to stderr)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (errors still go to stderr)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (errors still go to stderr)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'milvus-cert;status' {
            [CompletionResult]::new('--warn-days', '--warn-days', [CompletionResultType]::ParameterName, 'Exit 1 when a certificate expires within DAYS days')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Write to FILE atomically instead of stdout (replacing it needs --force)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour messages: auto = only on a terminal, as NO_COLOR, CLICOLOR and TERM allow')
            [CompletionResult]::new('--prometheus', '--prometheus', [CompletionResultType]::ParameterName, 'Print Prometheus text-format gauges instead of the table')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace an existing --out file')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'With --out: print what would be written to FILE, and where; write nothing')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (messages go to stderr)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (errors still go to stderr)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (errors still go to stderr)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'milvus-cert;rotate-ca' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'Directory holding the CA (and receiving new files) [default: cert]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file [default: ./milvus-cert.toml if present; env MILVUS_CERT_CONFIG]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase of an encrypted ca.key: the first line of FILE, which may be a pipe (/dev/stdin) [default: env MILVUS_CERT_CA_PASSPHRASE, else a terminal prompt]')
            [CompletionResult]::new('--ca-cn', '--ca-cn', [CompletionResultType]::ParameterName, 'New CA CommonName [default: "Milvus TLS CA" and a short unique id]')
            [CompletionResult]::new('--country', '--country', [CompletionResultType]::ParameterName, 'countryName, two letters (C)')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'stateOrProvinceName (ST)')
            [CompletionResult]::new('--locality', '--locality', [CompletionResultType]::ParameterName, 'localityName (L)')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'organizationName (O) [default: milvus]')
            [CompletionResult]::new('--org-unit', '--org-unit', [CompletionResultType]::ParameterName, 'organizationalUnitName (OU)')
            [CompletionResult]::new('--key-type', '--key-type', [CompletionResultType]::ParameterName, 'Key algorithm of the new keys [default: each old key''s]')
            [CompletionResult]::new('--key-bits', '--key-bits', [CompletionResultType]::ParameterName, 'RSA modulus size for new RSA keys [default: the old key''s]')
            [CompletionResult]::new('--key-format', '--key-format', [CompletionResultType]::ParameterName, 'Encoding of the private keys written: pkcs8 (any algorithm; the Java SDK reads nothing else), pkcs1 (RSA only) or sec1 (ECDSA only), for tools that want the traditional PEM forms')
            [CompletionResult]::new('--ca-days', '--ca-days', [CompletionResultType]::ParameterName, 'Days the new CA is valid [default: 3650]')
            [CompletionResult]::new('--days', '--days', [CompletionResultType]::ParameterName, 'Days the re-issued leaves are valid [default: each old leaf''s lifetime]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour messages: auto = only on a terminal, as NO_COLOR, CLICOLOR and TERM allow')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would be written and where; write nothing')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Re-issue every leaf certificate in DIR that the old CA signed')
            [CompletionResult]::new('--encrypt-ca-key', '--encrypt-ca-key', [CompletionResultType]::ParameterName, 'Encrypt the new ca.key even if the old one was not [default: the new key keeps the old one''s protection and passphrase]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (messages go to stderr)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (errors still go to stderr)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (errors still go to stderr)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'milvus-cert;emit-config' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'Certificate directory the configuration points at')
            [CompletionResult]::new('--mode', '--mode', [CompletionResultType]::ParameterName, 'TLS mode: 1 = one-way (server certificate), 2 = mutual (client certificates)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'What to emit')
            [CompletionResult]::new('--cert-path-prefix', '--cert-path-prefix', [CompletionResultType]::ParameterName, 'Where the files are, as the reader of the output sees them [default: DIR''s absolute path]')
            [CompletionResult]::new('--milvus-yaml', '--milvus-yaml', [CompletionResultType]::ParameterName, 'Merge the settings into this milvus.yaml in place (keeps FILE.bak)')
            [CompletionResult]::new('--http-port', '--http-port', [CompletionResultType]::ParameterName, 'REST port (proxy.http.port); with TLS on it must differ from the gRPC port [default: 8080; with --milvus-yaml, the file''s own port when it has a valid one]')
            [CompletionResult]::new('--sni', '--sni', [CompletionResultType]::ParameterName, 'Name Milvus components check each other against (internaltls.sni)')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Write the output to FILE (atomically; an existing FILE needs --force)')
            [CompletionResult]::new('--client', '--client', [CompletionResultType]::ParameterName, 'Which snippet to print [default: all of them]')
            [CompletionResult]::new('--server-name', '--server-name', [CompletionResultType]::ParameterName, 'Name clients expect in the server certificate [default: server.pem''s first DNS SAN, else its CN]')
            [CompletionResult]::new('--host', '--host', [CompletionResultType]::ParameterName, 'Host clients connect to')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'gRPC port clients connect to (REST uses --http-port)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace of the Secrets and cert-manager resources [default: none in the Secrets, so `kubectl apply -n NAMESPACE` places them; "default" for cert-manager]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'cert-manager: the passphrase of an encrypted ca.key, first line of FILE [default: env MILVUS_CERT_CA_PASSPHRASE]; the key is decrypted in memory for the CA Secret, never written')
            [CompletionResult]::new('--secret-name', '--secret-name', [CompletionResultType]::ParameterName, 'Name of the generic Secret; the kubernetes.io/tls one gets `-tls` appended')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour messages: auto = only on a terminal, as NO_COLOR, CLICOLOR and TERM allow')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'With --milvus-yaml: print a unified diff of the change and write nothing')
            [CompletionResult]::new('--internal', '--internal', [CompletionResultType]::ParameterName, 'Also enable internal TLS between Milvus components (Milvus 2.5+)')
            [CompletionResult]::new('--legacy-tls-enabled', '--legacy-tls-enabled', [CompletionResultType]::ParameterName, 'Also write common.security.tlsEnabled: true (very early Milvus 2.1 builds)')
            [CompletionResult]::new('--auth', '--auth', [CompletionResultType]::ParameterName, 'Also turn on user authentication (common.security.authorizationEnabled)')
            [CompletionResult]::new('--allow-missing', '--allow-missing', [CompletionResultType]::ParameterName, 'Warn instead of refusing when a file the output refers to is missing')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace an existing --out file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (messages go to stderr)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (errors still go to stderr)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (errors still go to stderr)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'milvus-cert;completions' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour messages: auto = only on a terminal, as NO_COLOR, CLICOLOR and TERM allow')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (messages go to stderr)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (errors still go to stderr)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (errors still go to stderr)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'milvus-cert;man' {
            [CompletionResult]::new('--out-dir', '--out-dir', [CompletionResultType]::ParameterName, 'Directory to write the man pages into (created if missing)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour messages: auto = only on a terminal, as NO_COLOR, CLICOLOR and TERM allow')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace pages that already exist')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'List the pages that would be written, and which exist, but write nothing')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (messages go to stderr)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success (errors still go to stderr)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success (errors still go to stderr)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'milvus-cert;help' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Make gen.sh''s nine files: CA, server and client keys, CSRs and certificates')
            [CompletionResult]::new('ca', 'ca', [CompletionResultType]::ParameterValue, 'Make a CA only: ca.key and ca.pem')
            [CompletionResult]::new('server', 'server', [CompletionResultType]::ParameterValue, 'Make a server key, CSR and certificate signed by the CA in --dir')
            [CompletionResult]::new('client', 'client', [CompletionResultType]::ParameterValue, 'Make a client key, CSR and certificate signed by the CA in --dir')
            [CompletionResult]::new('sign', 'sign', [CompletionResultType]::ParameterValue, 'Sign a CSR made elsewhere (e.g. by openssl req) with the CA in --dir')
            [CompletionResult]::new('renew', 'renew', [CompletionResultType]::ParameterValue, 'Re-issue leaf certificates from the same CA with a new validity window')
            [CompletionResult]::new('inspect', 'inspect', [CompletionResultType]::ParameterValue, 'Show what certificates, keys and CSRs contain')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check a certificate directory and predict which Milvus clients accept it')
            [CompletionResult]::new('probe', 'probe', [CompletionResultType]::ParameterValue, 'Probe running servers: handshake, served chain, mode, client verdicts')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'List every certificate''s days left; exit 1 if one expires soon (for cron, CI)')
            [CompletionResult]::new('rotate-ca', 'rotate-ca', [CompletionResultType]::ParameterValue, 'Replace the CA: new CA, leaves re-issued from it, old+new trust bundle')
            [CompletionResult]::new('emit-config', 'emit-config', [CompletionResultType]::ParameterValue, 'Write Milvus config: milvus.yaml, compose, Kubernetes, client snippets')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script (bash, zsh, fish, powershell, elvish)')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Write roff man pages for milvus-cert and each subcommand into a directory')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'milvus-cert;help;init' {
            break
        }
        'milvus-cert;help;ca' {
            break
        }
        'milvus-cert;help;server' {
            break
        }
        'milvus-cert;help;client' {
            break
        }
        'milvus-cert;help;sign' {
            break
        }
        'milvus-cert;help;renew' {
            break
        }
        'milvus-cert;help;inspect' {
            break
        }
        'milvus-cert;help;verify' {
            break
        }
        'milvus-cert;help;probe' {
            break
        }
        'milvus-cert;help;status' {
            break
        }
        'milvus-cert;help;rotate-ca' {
            break
        }
        'milvus-cert;help;emit-config' {
            break
        }
        'milvus-cert;help;completions' {
            break
        }
        'milvus-cert;help;man' {
            break
        }
        'milvus-cert;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}

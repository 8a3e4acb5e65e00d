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

complete -c milvus-cert -n "__fish_milvus_cert_needs_command" -l color -d 'When to colour messages: auto = only on a terminal and without NO_COLOR' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is unset or empty'
always\t'Always colour, even into a pipe or with NO_COLOR set'
never\t'Never colour'"
complete -c milvus-cert -n "__fish_milvus_cert_needs_command" -l json -d 'Print machine-readable JSON on stdout (messages go to stderr)'
complete -c milvus-cert -n "__fish_milvus_cert_needs_command" -s q -l quiet -d 'Print nothing on success (errors still go to stderr)'
complete -c milvus-cert -n "__fish_milvus_cert_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c milvus-cert -n "__fish_milvus_cert_needs_command" -s V -l version -d 'Print version'
complete -c milvus-cert -n "__fish_milvus_cert_needs_command" -f -a "init" -d 'Make the nine files of the docs\' gen.sh: CA, server and client keys, CSRs, certificates'
complete -c milvus-cert -n "__fish_milvus_cert_needs_command" -f -a "ca" -d 'Make a CA only: ca.key and ca.pem'
complete -c milvus-cert -n "__fish_milvus_cert_needs_command" -f -a "server" -d 'Make a server key, CSR and certificate signed by the CA in --dir'
complete -c milvus-cert -n "__fish_milvus_cert_needs_command" -f -a "client" -d 'Make a client key, CSR and certificate signed by the CA in --dir'
complete -c milvus-cert -n "__fish_milvus_cert_needs_command" -f -a "sign" -d 'Sign a CSR made elsewhere (e.g. by openssl req) with the CA in --dir'
complete -c milvus-cert -n "__fish_milvus_cert_needs_command" -f -a "renew" -d 'Re-issue leaf certificates from the same CA with a new validity window'
complete -c milvus-cert -n "__fish_milvus_cert_needs_command" -f -a "inspect" -d 'Show what certificates, keys and CSRs contain'
complete -c milvus-cert -n "__fish_milvus_cert_needs_command" -f -a "verify" -d 'Check a certificate directory and predict which Milvus clients accept it'
complete -c milvus-cert -n "__fish_milvus_cert_needs_command" -f -a "emit-config" -d 'Write the Milvus configuration (milvus.yaml, compose, Kubernetes, client snippets)'
complete -c milvus-cert -n "__fish_milvus_cert_needs_command" -f -a "completions" -d 'Print a shell completion script (bash, zsh, fish, powershell, elvish)'
complete -c milvus-cert -n "__fish_milvus_cert_needs_command" -f -a "man" -d 'Write roff man pages for milvus-cert and each subcommand into a directory'
complete -c milvus-cert -n "__fish_milvus_cert_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand init" -l dir -d 'Directory to write into' -r -F
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand init" -l cn -d 'Server CommonName; also a SAN, and the name clients should connect with' -r
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand init" -l san -d 'Extra server subjectAltName, DNS name or IP address (repeatable). Without it the SANs are the CN, localhost, 127.0.0.1 and ::1; with it, the CN and the given ones' -r
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand init" -l client-cn -d 'Client certificate CommonName (also its SAN when it is a valid host name)' -r
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand init" -l ca-cn -d 'CA CommonName [default: "Milvus TLS CA" and a short unique id]' -r
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand init" -l country -d 'countryName, two letters (C)' -r
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand init" -l state -d 'stateOrProvinceName (ST)' -r
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand init" -l locality -d 'localityName (L)' -r
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand init" -l org -d 'organizationName (O)' -r
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand init" -l org-unit -d 'organizationalUnitName (OU)' -r
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand init" -l key-type -d 'Key algorithm for the CA and both leaves' -r -f -a "rsa\t'RSA (2048, 3072 or 4096 bits): accepted by every Milvus client'
ecdsa-p256\t'ECDSA on NIST P-256, signed with SHA-256: small and fast, accepted by every client'
ecdsa-p384\t'ECDSA on NIST P-384, signed with SHA-384'
ed25519\t'Ed25519: pymilvus (gRPC C-core) and the Java SDK refuse it; for Go/rustls peers only'"
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand init" -l key-bits -d 'RSA modulus size: 2048, 3072 or 4096 [default: 2048]' -r
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand init" -l days -d 'Days the server and client certificates are valid' -r
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand init" -l ca-days -d 'Days the CA certificate is valid' -r
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand init" -l color -d 'When to colour messages: auto = only on a terminal and without NO_COLOR' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is unset or empty'
always\t'Always colour, even into a pipe or with NO_COLOR set'
never\t'Never colour'"
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand init" -l force -d 'Replace existing files (the CA is kept unless --new-ca is also given)'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand init" -l new-ca -d 'Make a new CA even if the directory has one (replacing it needs --force)'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand init" -l json -d 'Print machine-readable JSON on stdout (messages go to stderr)'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand init" -s q -l quiet -d 'Print nothing on success (errors still go to stderr)'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand init" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand ca" -l dir -d 'Directory to write into' -r -F
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand ca" -l color -d 'When to colour messages: auto = only on a terminal and without NO_COLOR' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is unset or empty'
always\t'Always colour, even into a pipe or with NO_COLOR set'
never\t'Never colour'"
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand ca" -l json -d 'Print machine-readable JSON on stdout (messages go to stderr)'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand ca" -s q -l quiet -d 'Print nothing on success (errors still go to stderr)'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand ca" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand server" -l dir -d 'Directory holding the CA and receiving the new files' -r -F
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand server" -l color -d 'When to colour messages: auto = only on a terminal and without NO_COLOR' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is unset or empty'
always\t'Always colour, even into a pipe or with NO_COLOR set'
never\t'Never colour'"
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand server" -l json -d 'Print machine-readable JSON on stdout (messages go to stderr)'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand server" -s q -l quiet -d 'Print nothing on success (errors still go to stderr)'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand server" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand client" -l dir -d 'Directory holding the CA and receiving the new files' -r -F
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand client" -l color -d 'When to colour messages: auto = only on a terminal and without NO_COLOR' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is unset or empty'
always\t'Always colour, even into a pipe or with NO_COLOR set'
never\t'Never colour'"
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand client" -l json -d 'Print machine-readable JSON on stdout (messages go to stderr)'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand client" -s q -l quiet -d 'Print nothing on success (errors still go to stderr)'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand client" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand sign" -l dir -d 'Directory holding the CA' -r -F
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand sign" -l color -d 'When to colour messages: auto = only on a terminal and without NO_COLOR' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is unset or empty'
always\t'Always colour, even into a pipe or with NO_COLOR set'
never\t'Never colour'"
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand sign" -l json -d 'Print machine-readable JSON on stdout (messages go to stderr)'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand sign" -s q -l quiet -d 'Print nothing on success (errors still go to stderr)'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand sign" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand renew" -l dir -d 'Directory holding the CA and the leaves' -r -F
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand renew" -l color -d 'When to colour messages: auto = only on a terminal and without NO_COLOR' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is unset or empty'
always\t'Always colour, even into a pipe or with NO_COLOR set'
never\t'Never colour'"
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand renew" -l json -d 'Print machine-readable JSON on stdout (messages go to stderr)'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand renew" -s q -l quiet -d 'Print nothing on success (errors still go to stderr)'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand renew" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand inspect" -l color -d 'When to colour messages: auto = only on a terminal and without NO_COLOR' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is unset or empty'
always\t'Always colour, even into a pipe or with NO_COLOR set'
never\t'Never colour'"
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand inspect" -l json -d 'Print machine-readable JSON on stdout (messages go to stderr)'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand inspect" -s q -l quiet -d 'Print nothing on success (errors still go to stderr)'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand inspect" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand verify" -l color -d 'When to colour messages: auto = only on a terminal and without NO_COLOR' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is unset or empty'
always\t'Always colour, even into a pipe or with NO_COLOR set'
never\t'Never colour'"
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand verify" -l json -d 'Print machine-readable JSON on stdout (messages go to stderr)'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand verify" -s q -l quiet -d 'Print nothing on success (errors still go to stderr)'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand verify" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand emit-config" -l dir -d 'Certificate directory the configuration points at' -r -F
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand emit-config" -l color -d 'When to colour messages: auto = only on a terminal and without NO_COLOR' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is unset or empty'
always\t'Always colour, even into a pipe or with NO_COLOR set'
never\t'Never colour'"
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand emit-config" -l json -d 'Print machine-readable JSON on stdout (messages go to stderr)'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand emit-config" -s q -l quiet -d 'Print nothing on success (errors still go to stderr)'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand emit-config" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand completions" -l color -d 'When to colour messages: auto = only on a terminal and without NO_COLOR' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is unset or empty'
always\t'Always colour, even into a pipe or with NO_COLOR set'
never\t'Never colour'"
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand completions" -l json -d 'Print machine-readable JSON on stdout (messages go to stderr)'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand completions" -s q -l quiet -d 'Print nothing on success (errors still go to stderr)'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand man" -l out-dir -d 'Directory to write the man pages into (created if missing)' -r -F
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand man" -l color -d 'When to colour messages: auto = only on a terminal and without NO_COLOR' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is unset or empty'
always\t'Always colour, even into a pipe or with NO_COLOR set'
never\t'Never colour'"
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand man" -l force -d 'Replace pages that already exist'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand man" -l dry-run -d 'List the pages that would be written, and which exist, but write nothing'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand man" -l json -d 'Print machine-readable JSON on stdout (messages go to stderr)'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand man" -s q -l quiet -d 'Print nothing on success (errors still go to stderr)'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand man" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand help; and not __fish_seen_subcommand_from init ca server client sign renew inspect verify emit-config completions man help" -f -a "init" -d 'Make the nine files of the docs\' gen.sh: CA, server and client keys, CSRs, certificates'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand help; and not __fish_seen_subcommand_from init ca server client sign renew inspect verify emit-config completions man help" -f -a "ca" -d 'Make a CA only: ca.key and ca.pem'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand help; and not __fish_seen_subcommand_from init ca server client sign renew inspect verify emit-config completions man help" -f -a "server" -d 'Make a server key, CSR and certificate signed by the CA in --dir'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand help; and not __fish_seen_subcommand_from init ca server client sign renew inspect verify emit-config completions man help" -f -a "client" -d 'Make a client key, CSR and certificate signed by the CA in --dir'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand help; and not __fish_seen_subcommand_from init ca server client sign renew inspect verify emit-config completions man help" -f -a "sign" -d 'Sign a CSR made elsewhere (e.g. by openssl req) with the CA in --dir'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand help; and not __fish_seen_subcommand_from init ca server client sign renew inspect verify emit-config completions man help" -f -a "renew" -d 'Re-issue leaf certificates from the same CA with a new validity window'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand help; and not __fish_seen_subcommand_from init ca server client sign renew inspect verify emit-config completions man help" -f -a "inspect" -d 'Show what certificates, keys and CSRs contain'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand help; and not __fish_seen_subcommand_from init ca server client sign renew inspect verify emit-config completions man help" -f -a "verify" -d 'Check a certificate directory and predict which Milvus clients accept it'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand help; and not __fish_seen_subcommand_from init ca server client sign renew inspect verify emit-config completions man help" -f -a "emit-config" -d 'Write the Milvus configuration (milvus.yaml, compose, Kubernetes, client snippets)'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand help; and not __fish_seen_subcommand_from init ca server client sign renew inspect verify emit-config completions man help" -f -a "completions" -d 'Print a shell completion script (bash, zsh, fish, powershell, elvish)'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand help; and not __fish_seen_subcommand_from init ca server client sign renew inspect verify emit-config completions man help" -f -a "man" -d 'Write roff man pages for milvus-cert and each subcommand into a directory'
complete -c milvus-cert -n "__fish_milvus_cert_using_subcommand help; and not __fish_seen_subcommand_from init ca server client sign renew inspect verify emit-config completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'

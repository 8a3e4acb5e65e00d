
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
            cand --color 'When to colour messages: auto = only on a terminal and without NO_COLOR'
            cand --json 'Print machine-readable JSON on stdout (messages go to stderr)'
            cand -q 'Print nothing on success (errors still go to stderr)'
            cand --quiet 'Print nothing on success (errors still go to stderr)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand init 'Make the nine files of the docs'' gen.sh: CA, server and client keys, CSRs, certificates'
            cand ca 'Make a CA only: ca.key and ca.pem'
            cand server 'Make a server key, CSR and certificate signed by the CA in --dir'
            cand client 'Make a client key, CSR and certificate signed by the CA in --dir'
            cand sign 'Sign a CSR made elsewhere (e.g. by openssl req) with the CA in --dir'
            cand renew 'Re-issue leaf certificates from the same CA with a new validity window'
            cand inspect 'Show what certificates, keys and CSRs contain'
            cand verify 'Check a certificate directory and predict which Milvus clients accept it'
            cand emit-config 'Write the Milvus configuration (milvus.yaml, compose, Kubernetes, client snippets)'
            cand completions 'Print a shell completion script (bash, zsh, fish, powershell, elvish)'
            cand man 'Write roff man pages for milvus-cert and each subcommand into a directory'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'milvus-cert;init'= {
            cand --dir 'Directory to write into'
            cand --cn 'Server CommonName; also a SAN, and the name clients should connect with'
            cand --san 'Extra server subjectAltName, DNS name or IP address (repeatable). Without it the SANs are the CN, localhost, 127.0.0.1 and ::1; with it, the CN and the given ones'
            cand --client-cn 'Client certificate CommonName (also its SAN when it is a valid host name)'
            cand --ca-cn 'CA CommonName [default: "Milvus TLS CA" and a short unique id]'
            cand --country 'countryName, two letters (C)'
            cand --state 'stateOrProvinceName (ST)'
            cand --locality 'localityName (L)'
            cand --org 'organizationName (O)'
            cand --org-unit 'organizationalUnitName (OU)'
            cand --key-type 'Key algorithm for the CA and both leaves'
            cand --key-bits 'RSA modulus size: 2048, 3072 or 4096 [default: 2048]'
            cand --days 'Days the server and client certificates are valid'
            cand --ca-days 'Days the CA certificate is valid'
            cand --color 'When to colour messages: auto = only on a terminal and without NO_COLOR'
            cand --force 'Replace existing files (the CA is kept unless --new-ca is also given)'
            cand --new-ca 'Make a new CA even if the directory has one (replacing it needs --force)'
            cand --json 'Print machine-readable JSON on stdout (messages go to stderr)'
            cand -q 'Print nothing on success (errors still go to stderr)'
            cand --quiet 'Print nothing on success (errors still go to stderr)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'milvus-cert;ca'= {
            cand --dir 'Directory to write into'
            cand --color 'When to colour messages: auto = only on a terminal and without NO_COLOR'
            cand --json 'Print machine-readable JSON on stdout (messages go to stderr)'
            cand -q 'Print nothing on success (errors still go to stderr)'
            cand --quiet 'Print nothing on success (errors still go to stderr)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'milvus-cert;server'= {
            cand --dir 'Directory holding the CA and receiving the new files'
            cand --color 'When to colour messages: auto = only on a terminal and without NO_COLOR'
            cand --json 'Print machine-readable JSON on stdout (messages go to stderr)'
            cand -q 'Print nothing on success (errors still go to stderr)'
            cand --quiet 'Print nothing on success (errors still go to stderr)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'milvus-cert;client'= {
            cand --dir 'Directory holding the CA and receiving the new files'
            cand --color 'When to colour messages: auto = only on a terminal and without NO_COLOR'
            cand --json 'Print machine-readable JSON on stdout (messages go to stderr)'
            cand -q 'Print nothing on success (errors still go to stderr)'
            cand --quiet 'Print nothing on success (errors still go to stderr)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'milvus-cert;sign'= {
            cand --dir 'Directory holding the CA'
            cand --color 'When to colour messages: auto = only on a terminal and without NO_COLOR'
            cand --json 'Print machine-readable JSON on stdout (messages go to stderr)'
            cand -q 'Print nothing on success (errors still go to stderr)'
            cand --quiet 'Print nothing on success (errors still go to stderr)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'milvus-cert;renew'= {
            cand --dir 'Directory holding the CA and the leaves'
            cand --color 'When to colour messages: auto = only on a terminal and without NO_COLOR'
            cand --json 'Print machine-readable JSON on stdout (messages go to stderr)'
            cand -q 'Print nothing on success (errors still go to stderr)'
            cand --quiet 'Print nothing on success (errors still go to stderr)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'milvus-cert;inspect'= {
            cand --color 'When to colour messages: auto = only on a terminal and without NO_COLOR'
            cand --json 'Print machine-readable JSON on stdout (messages go to stderr)'
            cand -q 'Print nothing on success (errors still go to stderr)'
            cand --quiet 'Print nothing on success (errors still go to stderr)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'milvus-cert;verify'= {
            cand --color 'When to colour messages: auto = only on a terminal and without NO_COLOR'
            cand --json 'Print machine-readable JSON on stdout (messages go to stderr)'
            cand -q 'Print nothing on success (errors still go to stderr)'
            cand --quiet 'Print nothing on success (errors still go to stderr)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'milvus-cert;emit-config'= {
            cand --dir 'Certificate directory the configuration points at'
            cand --color 'When to colour messages: auto = only on a terminal and without NO_COLOR'
            cand --json 'Print machine-readable JSON on stdout (messages go to stderr)'
            cand -q 'Print nothing on success (errors still go to stderr)'
            cand --quiet 'Print nothing on success (errors still go to stderr)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'milvus-cert;completions'= {
            cand --color 'When to colour messages: auto = only on a terminal and without NO_COLOR'
            cand --json 'Print machine-readable JSON on stdout (messages go to stderr)'
            cand -q 'Print nothing on success (errors still go to stderr)'
            cand --quiet 'Print nothing on success (errors still go to stderr)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'milvus-cert;man'= {
            cand --out-dir 'Directory to write the man pages into (created if missing)'
            cand --color 'When to colour messages: auto = only on a terminal and without NO_COLOR'
            cand --force 'Replace pages that already exist'
            cand --dry-run 'List the pages that would be written, and which exist, but write nothing'
            cand --json 'Print machine-readable JSON on stdout (messages go to stderr)'
            cand -q 'Print nothing on success (errors still go to stderr)'
            cand --quiet 'Print nothing on success (errors still go to stderr)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'milvus-cert;help'= {
            cand init 'Make the nine files of the docs'' gen.sh: CA, server and client keys, CSRs, certificates'
            cand ca 'Make a CA only: ca.key and ca.pem'
            cand server 'Make a server key, CSR and certificate signed by the CA in --dir'
            cand client 'Make a client key, CSR and certificate signed by the CA in --dir'
            cand sign 'Sign a CSR made elsewhere (e.g. by openssl req) with the CA in --dir'
            cand renew 'Re-issue leaf certificates from the same CA with a new validity window'
            cand inspect 'Show what certificates, keys and CSRs contain'
            cand verify 'Check a certificate directory and predict which Milvus clients accept it'
            cand emit-config 'Write the Milvus configuration (milvus.yaml, compose, Kubernetes, client snippets)'
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

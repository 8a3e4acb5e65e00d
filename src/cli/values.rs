//! How the domain's fixed value sets are spelled and documented on the command line. The
//! domain types (`KeyType`, `KeyFormat`, emit-config's `Format` and `ClientKind`) know
//! nothing of clap; their clap `ValueEnum` impls live here, next to the other clap types.

use crate::milvus::{ClientKind, Format};
use crate::pki::KeyType;
use crate::pki::parse::KeyFormat;
use clap::ValueEnum;
use clap::builder::PossibleValue;

/// Implements `ValueEnum` for a domain enum: each variant's CLI name and help line.
macro_rules! value_enum {
    ($ty:ty { $( $variant:path => $name:literal, $help:literal; )* }) => {
        impl ValueEnum for $ty {
            fn value_variants<'a>() -> &'a [Self] {
                &[$($variant),*]
            }

            fn to_possible_value(&self) -> Option<PossibleValue> {
                Some(match self {
                    $( $variant => PossibleValue::new($name).help($help), )*
                })
            }
        }
    };
}

value_enum!(KeyType {
    KeyType::Rsa => "rsa",
        "RSA (2048, 3072 or 4096 bits): accepted by every Milvus client";
    KeyType::EcdsaP256 => "ecdsa-p256",
        "ECDSA on NIST P-256, signed with SHA-256: small and fast, accepted by every client";
    KeyType::EcdsaP384 => "ecdsa-p384",
        "ECDSA on NIST P-384, signed with SHA-384";
    KeyType::Ed25519 => "ed25519",
        "Ed25519: pymilvus (gRPC C-core) and the Java SDK refuse it; for Go/rustls peers only";
});

value_enum!(KeyFormat {
    KeyFormat::Pkcs8 => "pkcs8",
        "`BEGIN PRIVATE KEY` (RFC 5958), for every algorithm; the Java SDK needs it";
    KeyFormat::Pkcs1 => "pkcs1",
        "`BEGIN RSA PRIVATE KEY` (`openssl genrsa` before 3.0), RSA only";
    KeyFormat::Sec1 => "sec1",
        "`BEGIN EC PRIVATE KEY` (`openssl ecparam -genkey`), ECDSA only";
});

value_enum!(Format {
    Format::MilvusYaml => "milvus-yaml",
        "The milvus.yaml settings (printed, or merged with --milvus-yaml)";
    Format::Compose => "compose", "docker-compose volumes for the standalone service";
    Format::K8sSecret => "k8s-secret",
        "Kubernetes Secrets (generic and kubernetes.io/tls); helm-values mounts them";
    Format::HelmValues => "helm-values",
        "Helm values only (extraConfigFiles, volumes, volumeMounts)";
    Format::Client => "client", "Connection snippets: pymilvus, Go, Java, Node and curl";
    Format::CertManager => "cert-manager",
        "cert-manager CA Secret (holds ca.key), Issuer and Certificates";
});

value_enum!(ClientKind {
    ClientKind::Python => "python", "pymilvus (MilvusClient)";
    ClientKind::Go => "go", "The Go SDK (milvusclient)";
    ClientKind::Java => "java", "The Java SDK (MilvusClientV2)";
    ClientKind::Node => "node", "The Node SDK (@zilliz/milvus2-sdk-node)";
    ClientKind::Curl => "curl", "curl against the REST API";
});

#[cfg(test)]
mod tests {
    use super::*;

    /// The CLI spelling is the domain's own, so messages, JSON and flags agree.
    #[test]
    fn cli_names_are_the_domain_names() {
        let name = |v: Option<PossibleValue>| v.unwrap().get_name().to_string();
        for v in KeyType::value_variants() {
            assert_eq!(name(v.to_possible_value()), v.to_string());
            assert_eq!(v.to_string().parse::<KeyType>().as_ref(), Ok(v));
        }
        for v in Format::value_variants() {
            assert_eq!(name(v.to_possible_value()), v.to_string());
        }
        for v in ClientKind::value_variants() {
            assert_eq!(name(v.to_possible_value()), v.to_string());
        }
        for v in KeyFormat::value_variants() {
            assert_eq!(name(v.to_possible_value()), v.name());
        }
    }
}

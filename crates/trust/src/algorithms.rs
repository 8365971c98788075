//! Digest and signature algorithms found in EF.SOD and certificates, with the parameters that matter checked.

use const_oid::ObjectIdentifier;
use const_oid::db::rfc5912;
use der::asn1::Any;
use rsa::pkcs1::RsaPssParamsOwned;
use sha2::Digest;
use spki::AlgorithmIdentifierOwned;

/// A hash function used for DG hashes, messageDigest and signatures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DigestAlgorithm {
    Sha1,
    Sha224,
    Sha256,
    Sha384,
    Sha512,
}

impl DigestAlgorithm {
    pub fn from_oid(oid: &ObjectIdentifier) -> Option<Self> {
        Some(match *oid {
            rfc5912::ID_SHA_1 => Self::Sha1,
            rfc5912::ID_SHA_224 => Self::Sha224,
            rfc5912::ID_SHA_256 => Self::Sha256,
            rfc5912::ID_SHA_384 => Self::Sha384,
            rfc5912::ID_SHA_512 => Self::Sha512,
            _ => return None,
        })
    }

    pub fn oid(self) -> ObjectIdentifier {
        match self {
            Self::Sha1 => rfc5912::ID_SHA_1,
            Self::Sha224 => rfc5912::ID_SHA_224,
            Self::Sha256 => rfc5912::ID_SHA_256,
            Self::Sha384 => rfc5912::ID_SHA_384,
            Self::Sha512 => rfc5912::ID_SHA_512,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Sha1 => "SHA-1",
            Self::Sha224 => "SHA-224",
            Self::Sha256 => "SHA-256",
            Self::Sha384 => "SHA-384",
            Self::Sha512 => "SHA-512",
        }
    }

    pub fn digest(self, data: &[u8]) -> Vec<u8> {
        match self {
            Self::Sha1 => sha1::Sha1::digest(data).to_vec(),
            Self::Sha224 => sha2::Sha224::digest(data).to_vec(),
            Self::Sha256 => sha2::Sha256::digest(data).to_vec(),
            Self::Sha384 => sha2::Sha384::digest(data).to_vec(),
            Self::Sha512 => sha2::Sha512::digest(data).to_vec(),
        }
    }
}

impl std::fmt::Display for DigestAlgorithm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Reads a digest AlgorithmIdentifier (parameters absent or NULL).
pub(crate) fn digest_from_alg(alg: &AlgorithmIdentifierOwned) -> Result<DigestAlgorithm, String> {
    if let Some(p) = &alg.parameters
        && !p.is_null()
    {
        return Err(format!("digest algorithm {} has unexpected parameters", alg.oid));
    }
    DigestAlgorithm::from_oid(&alg.oid).ok_or_else(|| format!("unsupported digest algorithm {}", alg.oid))
}

/// A signature algorithm with its hash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SignatureAlgorithm {
    /// ECDSA; `plain` is the BSI TR-03111 r‖s encoding instead of an X9.62 DER SEQUENCE.
    Ecdsa {
        hash: DigestAlgorithm,
        plain: bool,
    },
    RsaPkcs1v15 {
        hash: DigestAlgorithm,
    },
    RsaPss {
        hash: DigestAlgorithm,
        salt_len: usize,
    },
    /// Recognised OID with parameters this crate does not verify, or an unknown OID; the text says which.
    Unsupported(String),
}

/// id-ecPublicKey, which some SODs give as the signature algorithm (hash taken from the digest algorithm).
const ID_EC_PUBLIC_KEY: ObjectIdentifier = rfc5912::ID_EC_PUBLIC_KEY;
const ECDSA_WITH_SHA_1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.1");
/// BSI TR-03111 ecdsa-plain-signatures arc.
const ECDSA_PLAIN: &str = "0.4.0.127.0.7.1.1.4.1";
const MGF1: ObjectIdentifier = rfc5912::ID_MGF_1;

impl SignatureAlgorithm {
    /// Interprets an AlgorithmIdentifier; `digest` is the companion digest algorithm (SignerInfo), used when
    /// the OID names only the key type.
    pub(crate) fn from_alg(alg: &AlgorithmIdentifierOwned, digest: Option<DigestAlgorithm>) -> Self {
        use DigestAlgorithm::*;
        let oid = alg.oid;
        let ecdsa = |hash| Self::Ecdsa { hash, plain: false };
        let pkcs1 = |hash| Self::RsaPkcs1v15 { hash };
        match oid {
            rfc5912::ECDSA_WITH_SHA_224 => ecdsa(Sha224),
            rfc5912::ECDSA_WITH_SHA_256 => ecdsa(Sha256),
            rfc5912::ECDSA_WITH_SHA_384 => ecdsa(Sha384),
            rfc5912::ECDSA_WITH_SHA_512 => ecdsa(Sha512),
            ECDSA_WITH_SHA_1 => ecdsa(Sha1),
            rfc5912::SHA_1_WITH_RSA_ENCRYPTION => pkcs1(Sha1),
            rfc5912::SHA_224_WITH_RSA_ENCRYPTION => pkcs1(Sha224),
            rfc5912::SHA_256_WITH_RSA_ENCRYPTION => pkcs1(Sha256),
            rfc5912::SHA_384_WITH_RSA_ENCRYPTION => pkcs1(Sha384),
            rfc5912::SHA_512_WITH_RSA_ENCRYPTION => pkcs1(Sha512),
            rfc5912::ID_RSASSA_PSS => Self::pss(alg.parameters.as_ref()),
            rfc5912::RSA_ENCRYPTION | ID_EC_PUBLIC_KEY => match digest {
                Some(hash) if oid == ID_EC_PUBLIC_KEY => ecdsa(hash),
                Some(hash) => pkcs1(hash),
                None => Self::Unsupported(format!("{oid} without a digest algorithm")),
            },
            o => {
                let text = o.to_string();
                let plain = text.strip_prefix(ECDSA_PLAIN).and_then(|rest| match rest {
                    ".1" => Some(Sha1),
                    ".2" => Some(Sha224),
                    ".3" => Some(Sha256),
                    ".4" => Some(Sha384),
                    ".5" => Some(Sha512),
                    _ => None,
                });
                match plain {
                    Some(hash) => Self::Ecdsa { hash, plain: true },
                    None => Self::Unsupported(format!("unknown signature algorithm {text}")),
                }
            }
        }
    }

    /// RSASSA-PSS: hash, MGF1 with the same hash, trailer field 1; salt length taken from the parameters.
    fn pss(params: Option<&Any>) -> Self {
        let params = match params {
            None => RsaPssParamsOwned::default(),
            Some(any) => match any.decode_as::<RsaPssParamsOwned>() {
                Ok(p) => p,
                Err(e) => return Self::Unsupported(format!("RSASSA-PSS parameters do not parse: {e}")),
            },
        };
        let Some(hash) = DigestAlgorithm::from_oid(&params.hash.oid) else {
            return Self::Unsupported(format!("RSASSA-PSS with unsupported hash {}", params.hash.oid));
        };
        if params.mask_gen.oid != MGF1 {
            return Self::Unsupported(format!("RSASSA-PSS with mask generation {} (only MGF1)", params.mask_gen.oid));
        }
        let mgf_hash = params.mask_gen.parameters.as_ref().and_then(|p| DigestAlgorithm::from_oid(&p.oid));
        if mgf_hash != Some(hash) {
            let mgf = params.mask_gen.parameters.map(|p| p.oid.to_string()).unwrap_or_else(|| "absent".into());
            return Self::Unsupported(format!("RSASSA-PSS with {hash} but MGF1 hash {mgf}"));
        }
        if params.trailer_field != rsa::pkcs1::TrailerField::BC {
            return Self::Unsupported("RSASSA-PSS with a trailer field other than 1".into());
        }
        Self::RsaPss { hash, salt_len: usize::from(params.salt_len) }
    }

    /// The hash the signature covers, if supported.
    pub fn hash(&self) -> Option<DigestAlgorithm> {
        match self {
            Self::Ecdsa { hash, .. } | Self::RsaPkcs1v15 { hash } | Self::RsaPss { hash, .. } => Some(*hash),
            Self::Unsupported(_) => None,
        }
    }
}

impl std::fmt::Display for SignatureAlgorithm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Ecdsa { hash, plain: false } => write!(f, "ECDSA with {hash}"),
            Self::Ecdsa { hash, plain: true } => write!(f, "ECDSA (plain r||s) with {hash}"),
            Self::RsaPkcs1v15 { hash } => write!(f, "RSA PKCS#1 v1.5 with {hash}"),
            Self::RsaPss { hash, salt_len } => write!(f, "RSASSA-PSS with {hash}, MGF1-{hash}, salt {salt_len}"),
            Self::Unsupported(why) => write!(f, "unsupported ({why})"),
        }
    }
}

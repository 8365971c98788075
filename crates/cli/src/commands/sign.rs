//! `cccd sign`, `cccd sign verify`, `cccd pki certify-card`: the citizen's e-signature. The card signs a
//! SHA-256 digest after the PIN; signatures are written as DER ECDSA-Sig-Value, which OpenSSL verifies with the
//! certificate's public key (`openssl dgst -sha256 -verify pub.pem -signature SIG FILE`).

use std::path::Path;

use cccd_apdu::{Command, StatusWord};
use cccd_reader::CardChannel;
use cccd_transport::PcscTransport;
use cccd_trust::{Cert, Pki};
use p256::ecdsa::signature::Verifier;
use p256::ecdsa::{DerSignature, Signature, VerifyingKey};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::args::{AccessKeyArgs, Cli, SecretArgs, SignArgs, SignCommand};
use crate::exit::{Failure, Outcome};
use crate::output;

#[derive(Serialize)]
struct Signed {
    file: String,
    sha256: String,
    signature: String,
    bytes: usize,
}

#[derive(Serialize)]
struct Checked {
    file: String,
    valid: bool,
    signer: String,
}

pub fn run(cli: &Cli, args: &SignArgs) -> Outcome {
    if let Some(SignCommand::Verify { input, sig, cert, access }) = &args.verify {
        return verify(cli, input, sig, cert.as_deref(), access);
    }
    let (Some(input), Some(out)) = (&args.input, &args.out) else {
        return Err(Failure::usage("cccd sign needs --in FILE and --out SIG (or `cccd sign verify …`)"));
    };
    let data = super::read_file(input)?;
    let digest = Sha256::digest(&data);
    let mrz_information = args.access.required("signing")?;
    let pin = super::secrets::pin(&args.pin)?;
    let mut ch = super::open_with_access(cli, Some(&mrz_information))?;
    verify_pin(&mut ch, pin.as_bytes())?;
    let pso = Command::new(0x00, 0x2A, 0x9E, 0x9A).with_data(digest.to_vec()).and_then(|c| c.with_ne(256));
    let response = ch.transmit(&pso.map_err(|e| Failure::Card(e.into()))?).map_err(super::card_failure)?;
    if response.sw != StatusWord::SUCCESS {
        return Err(Failure::Card(anyhow::anyhow!("the card answered {} to COMPUTE DIGITAL SIGNATURE", response.sw)));
    }
    let signature = Signature::from_slice(&response.data)
        .map_err(|_| Failure::Card(anyhow::anyhow!("the card's signature is not a P-256 r‖s")))?;
    let der = signature.to_der();
    super::write_file(out, der.as_bytes())?;
    let report = Signed {
        file: input.display().to_string(),
        sha256: hex::encode(digest),
        signature: out.display().to_string(),
        bytes: der.as_bytes().len(),
    };
    output::print(cli.format, "signature", &report, |r| {
        println!("signed {} → {} ({} bytes)", r.file, r.signature, r.bytes)
    });
    Ok(())
}

/// VERIFY the citizen PIN (under secure messaging when BAC ran); a refusal is a failed check with the tries left.
pub fn verify_pin(ch: &mut CardChannel<PcscTransport>, pin: &[u8]) -> Result<(), Failure> {
    let data = zeroize::Zeroizing::new(pin.to_vec());
    let cmd = Command::new(0x00, 0x20, 0x00, 0x81).with_data(data.as_slice()).map_err(|e| Failure::Card(e.into()))?;
    let sw = ch.transmit(&cmd).map_err(super::card_failure)?.sw;
    match sw {
        StatusWord::SUCCESS => Ok(()),
        StatusWord::AUTHENTICATION_METHOD_BLOCKED => {
            Err(Failure::CheckFailed("the PIN is blocked: unblock it with the PUK".into()))
        }
        sw => Err(Failure::CheckFailed(match sw.retries_left() {
            Some(n) => format!("wrong PIN ({n} tries left)"),
            None => format!("the card answered {sw} to VERIFY"),
        })),
    }
}

/// Check a signature over a file with a certificate from a file or from the card.
fn verify(cli: &Cli, input: &Path, sig: &Path, cert: Option<&Path>, access: &AccessKeyArgs) -> Outcome {
    let data = super::read_file(input)?;
    let sig_bytes = super::read_file(sig)?;
    let cert = match cert {
        Some(path) => {
            let bytes = super::read_file(path)?;
            Cert::all_from_bytes(&bytes)
                .ok()
                .and_then(|mut v| (!v.is_empty()).then(|| v.remove(0)))
                .ok_or_else(|| Failure::usage(format!("{}: not a certificate", path.display())))?
        }
        None => {
            let mrz_information = access.required("reading the card's certificate")?;
            let mut ch = super::open_with_access(cli, Some(&mrz_information))?;
            let get = Command::new(0x00, 0xCA, 0x7F, 0x21).with_ne(65_536).map_err(|e| Failure::Card(e.into()))?;
            let der = match ch.transmit_ok(&get, "GET DATA (e-signature certificate)") {
                Err(cccd_reader::ChannelError::Status { sw: StatusWord::REFERENCED_DATA_NOT_FOUND, .. }) => {
                    return Err(Failure::Card(anyhow::anyhow!(
                        "the card holds no e-signature certificate yet: `cccd pki certify-card` issues one, or give --cert"
                    )));
                }
                other => other.map_err(super::card_failure)?,
            };
            Cert::from_der(&der).map_err(|e| Failure::Card(anyhow::anyhow!("the card's certificate: {e}")))?
        }
    };
    let point = cert.x509().tbs_certificate().subject_public_key_info().subject_public_key.raw_bytes();
    let key =
        VerifyingKey::from_sec1_bytes(point).map_err(|_| Failure::usage("the certificate's key is not a P-256 key"))?;
    let valid = DerSignature::try_from(sig_bytes.as_slice()).is_ok_and(|s| key.verify(&data, &s).is_ok());
    let report = Checked { file: input.display().to_string(), valid, signer: cert.subject() };
    output::print(cli.format, "signature_check", &report, |r| {
        println!("{}: signature {} ({})", r.file, if r.valid { "valid" } else { "INVALID" }, r.signer);
    });
    if valid { Ok(()) } else { Err(Failure::CheckFailed("the signature does not verify".into())) }
}

/// Issue the card key's certificate from the PKI's citizen signing CA and store it on the card.
pub fn certify_card(cli: &Cli, pki: &Path, out: Option<&Path>, access: &AccessKeyArgs, pin: &SecretArgs) -> Outcome {
    let pki_dir = pki;
    let pki = Pki::load(pki).map_err(|e| Failure::Usage(e.into()))?;
    if pki.esign_ca.is_none() {
        return Err(Failure::usage(format!(
            "{}: no citizen signing CA (esign_ca in pki.toml); a PKI made by `cccd pki init` has one",
            pki_dir.display()
        )));
    }
    let mrz_information = access.required("certify-card")?;
    let pin = super::secrets::pin(pin)?;
    let mut ch = super::open_with_access(cli, Some(&mrz_information))?;
    verify_pin(&mut ch, pin.as_bytes())?;
    let (name, number) = holder(&mut ch)?;
    let get = Command::new(0x00, 0xCA, 0x7F, 0x49).with_ne(256).map_err(|e| Failure::Card(e.into()))?;
    let template = ch.transmit_ok(&get, "GET DATA (e-signature public key)").map_err(super::card_failure)?;
    let point = public_point(&template)
        .filter(|p| VerifyingKey::from_sec1_bytes(p).is_ok())
        .ok_or_else(|| Failure::Card(anyhow::anyhow!("the card's public key template holds no P-256 point")))?;
    proof_of_possession(&mut ch, &point)?;
    let cert = pki.certify_card_key(&point, &name, &number).map_err(|e| Failure::Card(e.into()))?;
    let put =
        Command::new(0x00, 0xDA, 0x7F, 0x21).with_data(cert.der().to_vec()).map_err(|e| Failure::Card(e.into()))?;
    ch.transmit_ok(&put, "PUT DATA (e-signature certificate)").map_err(super::card_failure)?;
    if let Some(path) = out {
        super::write_file(path, cert.to_pem().as_bytes())?;
    }
    #[derive(Serialize)]
    struct Certified {
        subject: String,
        issuer: String,
        serial: String,
    }
    let report = Certified { subject: cert.subject(), issuer: cert.issuer(), serial: cert.serial_hex() };
    output::print(cli.format, "certificate", &report, |r| {
        println!("certified {} (issuer {}, serial {})", r.subject, r.issuer, r.serial)
    });
    Ok(())
}

/// The card signs a fresh random digest with the key it asks to have certified: a CA certifies only a key the card
/// proves it holds.
fn proof_of_possession(ch: &mut CardChannel<PcscTransport>, point: &[u8]) -> Result<(), Failure> {
    let mut digest = [0u8; 32];
    getrandom::fill(&mut digest).map_err(|e| Failure::Card(anyhow::anyhow!("no randomness: {e}")))?;
    let pso = Command::new(0x00, 0x2A, 0x9E, 0x9A).with_data(digest.to_vec()).and_then(|c| c.with_ne(256));
    let answer = ch
        .transmit_ok(&pso.map_err(|e| Failure::Card(e.into()))?, "COMPUTE DIGITAL SIGNATURE (proof of possession)")
        .map_err(super::card_failure)?;
    let key = VerifyingKey::from_sec1_bytes(point).map_err(|_| Failure::Card(anyhow::anyhow!("not a P-256 point")))?;
    let proven = Signature::from_slice(&answer).is_ok_and(|s| {
        use p256::ecdsa::signature::hazmat::PrehashVerifier;
        key.verify_prehash(&digest, &s).is_ok()
    });
    if proven {
        Ok(())
    } else {
        Err(Failure::CheckFailed("the card's signature does not verify with the key it gave: nothing certified".into()))
    }
}

/// The holder's full name and personal number, from DG13 (BAC left the eMRTD application selected).
fn holder(ch: &mut CardChannel<PcscTransport>) -> Result<(String, String), Failure> {
    let missing = || Failure::Card(anyhow::anyhow!("the card has no readable DG13 with the holder's name and number"));
    let bytes = match cccd_reader::files::read_ef(ch, cccd_reader::files::EfAddress::ShortId(0x0D)) {
        Err(cccd_reader::ChannelError::Status { sw: StatusWord::FILE_NOT_FOUND, .. }) => return Err(missing()),
        other => other.map_err(super::card_failure)?,
    };
    let dg13 = cccd_lds::Dg13::decode(&bytes).map_err(|_| missing())?;
    Ok((dg13.full_name, dg13.personal_number))
}

/// The point inside `7F49 { 86 point }`.
fn public_point(template: &[u8]) -> Option<Vec<u8>> {
    let outer = cccd_tlv::Tlv::parse_single(template).ok()?;
    let point = outer.find(cccd_tlv::Tag::from_u32(0x86)).ok()??;
    Some(point.value().to_vec())
}

//! Every check, over the files as read.

use std::time::SystemTime;

use cccd_chipauth::{Dg14, Dg15, verify_challenge};
use cccd_documents::{Document, Holder};
use cccd_image::{CardFiles, issuing_authority};
use cccd_trust::{
    ChainStatus, DgStatus, DigestStatus, SignatureStatus, Sod, TrustStore, Validity, ValidityCheck, check_chain,
    check_data_groups, check_message_digest, check_signature, check_validity, verify_document,
};

use crate::consistency::dg1_dg13;
use crate::report::{CheckResult, Report, Status};
use crate::time::system_time_to_date;

/// A challenge sent to the chip and what it answered (or why it did not).
pub struct AaExchange {
    pub challenge: Vec<u8>,
    pub response: Result<Vec<u8>, String>,
}

struct Checks(Vec<CheckResult>);

impl Checks {
    fn add(&mut self, id: impl Into<String>, status: Status, reason: impl Into<String>, required: bool) {
        self.0.push(CheckResult { id: id.into(), status, reason: reason.into(), required });
    }
}

/// Verify a card image. `trust`: the verifier's trust store (without one, chains and document signatures fail);
/// `aa`: the chip's answer to a fresh challenge (`None` offline); `now`: the moment validity is judged at.
pub fn verify(files: &CardFiles, trust: Option<&TrustStore>, aa: Option<&AaExchange>, now: SystemTime) -> Report {
    let mut c = Checks(Vec::new());
    passive(&mut c, files, trust, now);
    active(&mut c, files, aa);
    documents(&mut c, files, trust, now);
    consistency(&mut c, files, now);
    Report::from_checks(c.0)
}

fn dg_number(name: &str) -> Option<u8> {
    name.strip_prefix("DG")?.parse().ok()
}

fn passive(c: &mut Checks, files: &CardFiles, trust: Option<&TrustStore>, now: SystemTime) {
    let Some(sod_bytes) = files.bytes("emrtd", "EF.SOD") else {
        c.add("passive.sod", Status::Fail, "no EF.SOD: nothing on the card is signed", true);
        return;
    };
    let sod = match Sod::parse(sod_bytes) {
        Ok(sod) => sod,
        Err(e) => {
            c.add("passive.sod", Status::Fail, format!("EF.SOD does not parse: {e}"), true);
            return;
        }
    };
    c.add(
        "passive.sod",
        Status::Pass,
        format!(
            "LDSSecurityObject v{} with {} data group hashes, {}",
            sod.lso_version,
            sod.dg_hashes.len(),
            sod.signature_algorithm
        ),
        true,
    );
    let digest = check_message_digest(&sod);
    c.add("passive.message_digest", pass_if(digest.status == DigestStatus::Match), digest.reason, true);
    let signature = check_signature(&sod, None);
    c.add("passive.signature", pass_if(signature.status == SignatureStatus::Valid), signature.reason, true);
    let dgs: Vec<(u8, &[u8])> = files
        .application("emrtd")
        .map(|app| app.files.iter().filter_map(|f| Some((dg_number(&f.name)?, f.bytes.as_slice()))).collect())
        .unwrap_or_default();
    for dg in check_data_groups(&sod, &dgs) {
        let (status, required) = match dg.status {
            DgStatus::Match => (Status::Pass, true),
            // Listed in EF.SOD but not read: acceptable only for DG3/DG4 (fingerprints, iris), which Extended
            // Access Control hides; any other missing data group (DG15 above all) is a failure.
            DgStatus::Absent if matches!(dg.dg, 3 | 4) => (Status::NotPresent, false),
            DgStatus::Absent => (Status::Fail, true),
            _ => (Status::Fail, true),
        };
        c.add(format!("passive.dg_hash.DG{}", dg.dg), status, dg.reason, required);
    }
    let Some(ds) = signature.signer.as_ref() else {
        c.add("passive.chain", Status::Fail, "no document signer certificate to check", true);
        return;
    };
    let ds_validity = check_validity(ds, now);
    c.add("passive.ds_validity", validity_status(&ds_validity), ds_validity.reason, true);
    // The signer must be a document signer: an end entity for data signatures, and not a certificate the
    // verifier trusts for something else (a CSCA, or an authority of integrated documents).
    let misused = trust.and_then(|t| {
        t.authorities()
            .find(|(_, cert)| cert.der() == ds.der())
            .map(|(a, _)| format!("the {} authority's certificate", a.title()))
    });
    match (ds.is_data_signer(), misused) {
        (true, None) => c.add(
            "passive.ds_role",
            Status::Pass,
            format!("{} is an end-entity signing certificate", ds.subject()),
            true,
        ),
        (false, _) => c.add(
            "passive.ds_role",
            Status::Fail,
            format!("{} is a CA or may not sign data: not a document signer", ds.subject()),
            true,
        ),
        (true, Some(what)) => {
            c.add("passive.ds_role", Status::Fail, format!("EF.SOD is signed with {what}, not a document signer"), true)
        }
    }
    let Some(trust) = trust else {
        c.add("passive.chain", Status::Fail, "no trust store given (--trust DIR)", true);
        return;
    };
    let chain = check_chain(ds, trust, now);
    c.add("passive.chain", pass_if(chain.status == ChainStatus::Valid), chain.reason.clone(), true);
    match &chain.csca_validity {
        Some(v) => c.add("passive.csca_validity", validity_status(v), v.reason.clone(), true),
        None => c.add("passive.csca_validity", Status::NotPresent, "no CSCA found", false),
    }
}

fn validity_status(v: &ValidityCheck) -> Status {
    pass_if(v.status == Validity::Valid)
}

fn pass_if(ok: bool) -> Status {
    if ok { Status::Pass } else { Status::Fail }
}

fn active(c: &mut Checks, files: &CardFiles, aa: Option<&AaExchange>) {
    let Some(dg15) = files.bytes("emrtd", "DG15") else {
        c.add("active.aa", Status::NotPresent, "no DG15: the chip has no Active Authentication key", aa.is_some());
        return;
    };
    let public = match Dg15::decode(dg15) {
        Ok(dg15) => dg15.public_key,
        Err(e) => {
            c.add("active.aa", Status::Fail, format!("DG15 does not hold a usable public key: {e}"), true);
            return;
        }
    };
    let Some(exchange) = aa else {
        c.add(
            "active.aa",
            Status::NotPresent,
            format!("offline: no chip to challenge ({} key in DG15)", public.algorithm()),
            false,
        );
        return;
    };
    let hint = files.bytes("emrtd", "DG14").and_then(|d| Dg14::decode(d).ok()).and_then(|d| d.aa_hash_alg());
    let challenge = exchange.challenge.iter().map(|b| format!("{b:02X}")).collect::<String>();
    match &exchange.response {
        Err(e) => c.add("active.aa", Status::Fail, format!("INTERNAL AUTHENTICATE failed: {e}"), true),
        Ok(sig) => match verify_challenge(&public, &exchange.challenge, sig, hint) {
            Ok(()) => c.add(
                "active.aa",
                Status::Pass,
                format!("the chip signed the fresh challenge {challenge} with the DG15 key ({})", public.algorithm()),
                true,
            ),
            Err(e) => {
                c.add("active.aa", Status::Fail, format!("signature over {challenge} does not verify: {e}"), true)
            }
        },
    }
}

/// The card holder as DG13 describes them, for binding integrated documents to the person.
fn holder(files: &CardFiles) -> Option<Holder> {
    Holder::from_dg13(&cccd_lds::Dg13::decode(files.bytes("emrtd", "DG13")?).ok()?)
}

fn documents(c: &mut Checks, files: &CardFiles, trust: Option<&TrustStore>, now: SystemTime) {
    let Some(app) = files.application("documents") else { return };
    let today = system_time_to_date(now);
    let holder = holder(files);
    for file in app.files.iter().filter(|f| f.name != "EF.DOCINDEX") {
        let id = |what: &str| format!("document.{}.{what}", file.name);
        let decoded = match Document::decode_with_signed_data(&file.bytes) {
            Ok(d) => d,
            Err(e) => {
                c.add(id("decode"), Status::Fail, format!("does not decode: {e}"), true);
                continue;
            }
        };
        let authority = issuing_authority(decoded.document.document_type());
        let header = decoded.document.header();
        let authority_cert = trust.and_then(|t| t.authority(authority));
        match (decoded.document.signature(), authority_cert) {
            (None, _) => c.add(id("signature"), Status::Fail, "unsigned", true),
            (Some(_), None) => c.add(
                id("signature"),
                Status::Fail,
                format!("no {} certificate in the trust store", authority.title()),
                true,
            ),
            (Some(signature), Some(cert)) => match verify_document(&decoded.signed_data, signature, cert) {
                Ok(how) => c.add(id("signature"), Status::Pass, format!("signed by {} ({how})", cert.subject()), true),
                Err(e) => {
                    c.add(id("signature"), Status::Fail, format!("does not verify with {}: {e}", cert.subject()), true)
                }
            },
        }
        if let (Some(trust), Some(cert)) = (trust, authority_cert) {
            // The authority's certificate must itself come from a trusted CSCA and be in date.
            let chain = check_chain(cert, trust, now);
            let ok = chain.status == ChainStatus::Valid && chain.ds_validity.status == Validity::Valid;
            let reason = format!(
                "{} ({}): {}; {}",
                header.issuing_authority,
                authority.title(),
                chain.reason,
                chain.ds_validity.reason
            );
            c.add(id("issuer"), pass_if(ok), reason, true);
        }
        let valid = match (today, header.expiry) {
            (Some(today), Some(expiry)) if today > expiry => Err(format!("expired on {expiry}")),
            (Some(today), _) if today < header.issue_date => Err(format!("not valid before {}", header.issue_date)),
            (None, _) => Err("the verification date is out of range".to_owned()),
            (_, Some(expiry)) => Ok(format!("issued {}, valid until {expiry}", header.issue_date)),
            (_, None) => Ok(format!("issued {}, does not expire", header.issue_date)),
        };
        match valid {
            Ok(why) => c.add(id("validity"), Status::Pass, why, true),
            Err(why) => c.add(id("validity"), Status::Fail, why, true),
        }
        // A signed document proves nothing about this card unless it names this card's holder.
        match &holder {
            None => c.add(id("holder"), Status::Fail, "no readable DG13 to bind the document to a holder", true),
            Some(holder) => {
                let mut v = cccd_lds::Validation::new();
                decoded.document.validate(Some(holder), &mut v);
                if v.is_ok() {
                    c.add(
                        id("holder"),
                        Status::Pass,
                        format!("issued to {} ({})", holder.full_name, holder.personal_number),
                        true,
                    );
                } else {
                    let why: Vec<String> = v.issues().iter().map(ToString::to_string).collect();
                    c.add(id("holder"), Status::Fail, why.join("; "), true);
                }
            }
        }
    }
}

fn consistency(c: &mut Checks, files: &CardFiles, now: SystemTime) {
    let Some(dg1) = files.bytes("emrtd", "DG1") else {
        c.add("document.mrz", Status::Fail, "no DG1", true);
        return;
    };
    let parsed = match cccd_lds::Dg1::decode_checked(dg1) {
        Ok(p) => p,
        Err(e) => {
            c.add("document.mrz", Status::Fail, format!("DG1 does not decode: {e}"), true);
            return;
        }
    };
    let failed: Vec<String> = parsed.failed().map(|d| format!("{:?}", d.field)).collect();
    if failed.is_empty() {
        c.add("document.mrz", Status::Pass, "every MRZ check digit is right", true);
    } else {
        c.add("document.mrz", Status::Fail, format!("wrong check digits: {}", failed.join(", ")), true);
    }
    match (cccd_lds::Date::parse_yymmdd(&parsed.mrz.expiry_date, 2000), system_time_to_date(now)) {
        (Ok(expiry), Some(today)) if today > expiry => {
            c.add("document.expiry", Status::Fail, format!("the document expired on {expiry}"), true)
        }
        (Ok(expiry), Some(_)) => c.add("document.expiry", Status::Pass, format!("valid until {expiry}"), true),
        _ => {
            c.add("document.expiry", Status::Fail, format!("unreadable expiry date {:?}", parsed.mrz.expiry_date), true)
        }
    }
    match files.bytes("emrtd", "DG13") {
        None => c.add("consistency.dg1_dg13", Status::NotPresent, "no DG13 (not a Vietnamese card)", false),
        Some(dg13) => match cccd_lds::Dg13::decode(dg13) {
            Err(e) => c.add("consistency.dg1_dg13", Status::Fail, format!("DG13 does not decode: {e}"), true),
            Ok(dg13) => {
                let differences = dg1_dg13(&parsed.mrz, &dg13);
                if differences.is_empty() {
                    c.add("consistency.dg1_dg13", Status::Pass, "number, name, dates and sex agree", true);
                } else {
                    c.add("consistency.dg1_dg13", Status::Fail, differences.join("; "), true);
                }
            }
        },
    }
}

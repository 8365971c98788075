//! A card personalized in process the way `cccd personalize` does it (personalization key, files, AA key, PIN and
//! PUK, authority keys, e-signature key), for tests that need an issued card without the CLI.

use std::path::Path;

use cccd_applet::{CardState, SoftwareCard};
use cccd_image::{Profile, layout};
use cccd_reader::CardChannel;
use cccd_reader::card_ops::{CardKeys, execute_plan, issuance_plan, lock_steps};
use cccd_sm::{PersoKey, perso};
use cccd_transport::InProcessTransport;

/// The PIN and PUK every issued test card gets.
pub const TEST_PIN: &[u8] = b"123456";
pub const TEST_PUK: &[u8] = b"87654321";

/// A sample profile's card, personalized (unlocked) and locked, with its BAC key material.
pub struct IssuedCard {
    pub personalized: CardState,
    pub locked: CardState,
    /// `MRZ_information` from DG1, for Basic Access Control.
    pub mrz_information: String,
    pub pki: cccd_trust::Pki,
}

/// Personalize `profile` (a path under the workspace root, e.g. `examples/profiles/tran-thi-binh.toml`), signed
/// with `examples/pki`.
pub fn issued_card(profile: &str) -> Result<IssuedCard, String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let pki = cccd_trust::Pki::load(&root.join("examples/pki")).map_err(|e| e.to_string())?;
    let image =
        Profile::load(&root.join(profile)).map_err(|e| e.to_string())?.build_signed(&pki).map_err(|e| e.to_string())?;
    let mut ch = CardChannel::new(InProcessTransport::new(SoftwareCard::new()));
    let err = |e: cccd_reader::ChannelError| e.to_string();
    cccd_reader::access::authenticate_personalization(&mut ch, &PersoKey::new(perso::TEST_PERSO_KEY)).map_err(err)?;
    let aa_key = image.aa_key.to_pkcs8_der().map_err(|e| e.to_string())?;
    let authority_keys = cccd_image::authority_keys(&pki).encode();
    let keys = CardKeys {
        aa_key: Some(&aa_key),
        pin_and_puk: Some((TEST_PIN, TEST_PUK)),
        authority_keys: Some(&authority_keys),
    };
    let plan = issuance_plan(&image.files, layout(), ch.capabilities(), &keys, false).map_err(|e| e.to_string())?;
    execute_plan(&mut ch, &plan).map_err(err)?;
    let personalized = ch.transport().card().state();
    execute_plan(&mut ch, &lock_steps()).map_err(err)?;
    let locked = ch.transport().card().state();
    let dg1 = image.files.bytes("emrtd", "DG1").ok_or("no DG1")?;
    let mrz_information =
        cccd_lds::Dg1::decode(dg1).map_err(|e| e.to_string())?.mrz.mrz_information().map_err(|e| e.to_string())?;
    Ok(IssuedCard { personalized, locked, mrz_information, pki })
}

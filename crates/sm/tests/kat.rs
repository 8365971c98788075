//! Known answers from ICAO 9303-11 Appendix D (standards.md §2.5) and the Vietnamese example (§3.3).

use cccd_apdu::{Command, Response, StatusWord};
use cccd_sm::{BacCard, BacError, BacKeys, BacTerminal, Key16, SmError, SmSession, get_challenge, kseed};

fn h(s: &str) -> Vec<u8> {
    hex::decode(s).expect("test hex")
}

fn h16(s: &str) -> Key16 {
    Key16::from_slice(&h(s)).expect("16 bytes")
}

fn h8(s: &str) -> [u8; 8] {
    h(s).try_into().expect("8 bytes")
}

fn hx(b: &[u8]) -> String {
    hex::encode_upper(b)
}

const MRZ_INFO: &str = "L898902C<369080619406236";
const RND_IC: &str = "4608F91988702212";
const RND_IFD: &str = "781723860C06C226";
const K_IFD: &str = "0B795240CB7049B01C19B33E32804F0B";
const K_IC: &str = "0B4F80323EB3191CB04970CB4052790B";
const CMD_DATA: &str = "72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F25F1448EEA8AD90A7";
const CARD_DATA: &str = "46B9342A41396CD7386BF5803104D7CEDC122B9132139BAF2EEDC94EE178534F2F2D235D074D7449";
const KS_ENC: &str = "979EC13B1CBFE9DCD01AB0FED307EAE5";
const KS_MAC: &str = "F1CB1F1FB5ADF208806B89DC579DC1F8";
const SSC: u64 = 0x8870_2212_0C06_C226;

/// The D.4 transcript: (plain command, protected command, protected response, plain response).
const D4: [(&str, &str, &str, &str); 3] = [
    (
        "00A4020C02011E",
        "0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800",
        "990290008E08FA855A5D4C50A8ED9000",
        "9000",
    ),
    (
        "00B0000004",
        "0CB000000D9701048E08ED6705417E96BA5500",
        "8709019FF0EC34F9922651990290008E08AD55CC17140B2DED9000",
        "60145F019000",
    ),
    (
        "00B0000412",
        "0CB000040D9701128E082EA28A70F3C7B53500",
        "871901FB9235F4E4037F2327DCC8964F1F9B8C30F42C8E2FFF224A990290008E08C8B2787EAEA07D749000",
        "04303130365F36063034303030305C0261759000",
    ),
];

fn keys() -> BacKeys {
    BacKeys::from_mrz_information(MRZ_INFO)
}

fn terminal() -> BacTerminal {
    BacTerminal::with_randoms(&keys(), &h(RND_IC), h8(RND_IFD), h16(K_IFD)).unwrap()
}

fn d4_session() -> SmSession {
    SmSession::new(h16(KS_ENC), h16(KS_MAC), SSC)
}

fn cmd(s: &str) -> Command<'static> {
    Command::parse(&h(s)).unwrap().into_owned()
}

fn resp(s: &str) -> Response {
    Response::parse(&h(s)).unwrap()
}

#[test]
fn appendix_d_keys() {
    assert_eq!(hx(kseed(MRZ_INFO).as_bytes()), "239AB9CB282DAF66231DC5A4DF6BFBAE");
    let keys = keys();
    assert_eq!(hx(keys.kenc().as_bytes()), "AB94FDECF2674FDFB9B391F85D7F76F2");
    assert_eq!(hx(keys.kmac().as_bytes()), "7962D9ECE03D1ACD4C76089DCE131543");
}

#[test]
fn vietnamese_example_keys() {
    let mrz = "099012345999010183901016";
    assert_eq!(hx(kseed(mrz).as_bytes()), "F2A47194A645E21BE092A4D83758F12B");
    let keys = BacKeys::from_mrz_information(mrz);
    assert_eq!(hx(keys.kenc().as_bytes()), "DAC1641F4F083BBA3273040E7F8AC7D0");
    assert_eq!(hx(keys.kmac().as_bytes()), "618F7619194A102CEA92A789A880237F");
}

#[test]
fn terminal_external_authenticate() {
    let t = terminal();
    assert_eq!(hx(&t.command_data()), CMD_DATA);
    assert_eq!(hx(&t.external_authenticate().to_bytes()), format!("0082000028{CMD_DATA}28"));
    assert_eq!(get_challenge().to_bytes(), h("0084000008"));
}

#[test]
fn terminal_finishes_with_the_appendix_session() {
    let session = terminal().finish(&Response::success(h(CARD_DATA))).unwrap();
    assert_eq!(hx(session.ks_enc().as_bytes()), KS_ENC);
    assert_eq!(hx(session.ks_mac().as_bytes()), KS_MAC);
    assert_eq!(session.ssc(), SSC);
}

#[test]
fn card_answers_with_the_appendix_cryptogram() {
    let card = BacCard::with_challenge(&keys(), h8(RND_IC));
    assert_eq!(card.challenge(), h8(RND_IC));
    let (answer, session) = card.authenticate_with(&h(CMD_DATA), h16(K_IC)).unwrap();
    assert_eq!(answer.sw, StatusWord::SUCCESS);
    assert_eq!(hx(&answer.data), CARD_DATA);
    assert_eq!(hx(session.ks_enc().as_bytes()), KS_ENC);
    assert_eq!(hx(session.ks_mac().as_bytes()), KS_MAC);
    assert_eq!(session.ssc(), SSC);
}

#[test]
fn bac_failures() {
    // Wrong MAC → the card answers 6300.
    let mut data = h(CMD_DATA);
    data[39] ^= 1;
    let card = BacCard::with_challenge(&keys(), h8(RND_IC));
    let err = card.authenticate_with(&data, h16(K_IC)).unwrap_err();
    assert_eq!(err, BacError::BadMac);
    assert_eq!(err.status_word(), StatusWord::VERIFICATION_FAILED);
    // Right keys, another challenge → the echo check fails (also 6300).
    let card = BacCard::with_challenge(&keys(), [0; 8]);
    let err = card.authenticate_with(&h(CMD_DATA), h16(K_IC)).unwrap_err();
    assert_eq!((err.clone(), err.status_word()), (BacError::NonceMismatch, StatusWord::VERIFICATION_FAILED));
    // Wrong length → 6700.
    let card = BacCard::with_challenge(&keys(), h8(RND_IC));
    assert_eq!(card.authenticate_with(&data[..39], h16(K_IC)).unwrap_err().status_word(), StatusWord::WRONG_LENGTH);
    // Other MRZ keys on the card → wrong MAC.
    let other = BacKeys::from_mrz_information("099012345999010183901016");
    let card = BacCard::with_challenge(&other, h8(RND_IC));
    assert_eq!(card.authenticate_with(&h(CMD_DATA), h16(K_IC)).unwrap_err(), BacError::BadMac);

    // Terminal side.
    assert_eq!(
        terminal().finish(&Response::status(StatusWord::VERIFICATION_FAILED)).unwrap_err(),
        BacError::Refused(StatusWord::VERIFICATION_FAILED)
    );
    let mut answer = h(CARD_DATA);
    answer[0] ^= 0x80;
    assert_eq!(terminal().finish(&Response::success(answer)).unwrap_err(), BacError::BadMac);
    assert_eq!(terminal().finish(&Response::success(vec![0; 8])).unwrap_err(), BacError::DataLength(8));
    let other_ifd = BacTerminal::with_randoms(&keys(), &h(RND_IC), [0; 8], h16(K_IFD)).unwrap();
    assert_eq!(other_ifd.finish(&Response::success(h(CARD_DATA))).unwrap_err(), BacError::NonceMismatch);
    assert_eq!(
        BacTerminal::with_randoms(&keys(), &[0; 7], [0; 8], h16(K_IFD)).unwrap_err(),
        BacError::ChallengeLength(7)
    );
}

#[test]
fn random_bac_agrees_on_both_sides() {
    let keys = BacKeys::from_mrz_information("099012345999010183901016");
    let card = BacCard::new(&keys).unwrap();
    let terminal = BacTerminal::new(&keys, &card.challenge()).unwrap();
    let (answer, mut card_sm) = card.authenticate(terminal.command_data().as_slice()).unwrap();
    let mut term_sm = terminal.finish(&answer).unwrap();
    assert_eq!(term_sm.ks_enc().as_bytes(), card_sm.ks_enc().as_bytes());
    assert_eq!(term_sm.ks_mac().as_bytes(), card_sm.ks_mac().as_bytes());
    assert_eq!(term_sm.ssc(), card_sm.ssc());
    let protected = term_sm.protect(&cmd("00B0000004")).unwrap();
    assert_eq!(card_sm.unprotect_command(&protected).unwrap(), cmd("00B0000004"));
    let answer = card_sm.protect_response(&resp("60145F019000"));
    assert_eq!(term_sm.unprotect(&answer).unwrap(), resp("60145F019000"));
}

#[test]
fn d4_terminal_transcript() {
    let mut sm = d4_session();
    let sscs = [0x8870_2212_0C06_C227u64, 0x8870_2212_0C06_C229, 0x8870_2212_0C06_C22B];
    for ((plain, protected, answer, unprotected), ssc) in D4.iter().zip(sscs) {
        let wrapped = sm.protect(&cmd(plain)).unwrap();
        assert_eq!(hx(&wrapped.to_bytes()), *protected, "protect {plain}");
        assert_eq!(sm.ssc(), ssc);
        assert_eq!(sm.unprotect(&resp(answer)).unwrap(), resp(unprotected), "unprotect {answer}");
        assert_eq!(sm.ssc(), ssc + 1);
    }
    assert_eq!(sm.ssc(), 0x8870_2212_0C06_C22C);
}

#[test]
fn d4_card_transcript() {
    let mut sm = d4_session();
    for (plain, protected, answer, unprotected) in D4 {
        assert_eq!(sm.unprotect_command(&cmd(protected)).unwrap(), cmd(plain), "unprotect {protected}");
        assert_eq!(hx(&sm.protect_response(&resp(unprotected)).to_bytes()), answer, "protect {unprotected}");
    }
    assert_eq!(sm.ssc(), 0x8870_2212_0C06_C22C);
}

#[test]
fn d4_errors() {
    // A wrong MAC on the card → 6988.
    let mut sm = d4_session();
    let mut raw = h(D4[0].1);
    raw[22] ^= 1;
    let err = sm.unprotect_command(&Command::parse(&raw).unwrap()).unwrap_err();
    assert_eq!((err.clone(), err.status_word()), (SmError::BadMac, StatusWord::SM_DATA_OBJECTS_INCORRECT));
    // A plain command during SM → 6987.
    let mut sm = d4_session();
    let err = sm.unprotect_command(&cmd(D4[0].0)).unwrap_err();
    assert_eq!(err.status_word(), StatusWord::SM_DATA_OBJECTS_MISSING);
    // The terminal gets a response out of step (SSC skipped) → BadMac.
    let mut sm = d4_session();
    sm.protect(&cmd(D4[0].0)).unwrap();
    sm.protect(&cmd(D4[1].0)).unwrap();
    assert_eq!(sm.unprotect(&resp(D4[0].2)), Err(SmError::BadMac));
    // A plain error response from the card.
    let mut sm = d4_session();
    assert_eq!(sm.unprotect(&resp("6988")), Err(SmError::ResponseNotProtected(StatusWord::SM_DATA_OBJECTS_INCORRECT)));
}

//! The BSI TR-03105-5 reference passport loads as a card image, byte for byte.

use std::path::Path;

use cccd_image::{CardContents, layout, load_card_files};

#[test]
fn the_bsi_reference_passport_loads_and_decodes() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/vectors/bsi-tr03105-5");
    assert!(dir.is_dir(), "the shared vectors are beside the checkout: {}", dir.display());
    let files = load_card_files(&dir, layout()).unwrap();
    let emrtd = files.application("emrtd").unwrap();
    let names: Vec<&str> = emrtd.files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["EF.COM", "EF.SOD", "DG1", "DG2", "DG3", "DG4", "DG14", "DG15"]);
    assert_eq!(emrtd.file("DG2").unwrap().bytes, std::fs::read(dir.join("Datagroup2.bin")).unwrap());
    let contents = CardContents::decode(&files);
    let mrz = contents.emrtd.as_ref().and_then(|e| e.dg1.as_ref()).expect("DG1 decodes");
    assert_eq!(mrz.mrz.document_number, "C11T002JM");
    assert!(mrz.all_ok(), "the BSI MRZ check digits are right");
}

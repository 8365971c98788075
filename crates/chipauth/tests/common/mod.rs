//! Shared test helpers: the BSI TR-03105-5 reference data set.

use std::path::PathBuf;

/// A file of the BSI reference data set (`/work/shared/vectors/bsi-tr03105-5`).
pub fn bsi(name: &str) -> Vec<u8> {
    let path: PathBuf = [env!("CARGO_MANIFEST_DIR"), "../../../shared/vectors/bsi-tr03105-5", name].iter().collect();
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

//! LDSSecurityObject (ICAO Doc 9303-10 §4.6.2): the eContent of EF.SOD.

use const_oid::ObjectIdentifier;
use der::Sequence;
use der::asn1::{OctetString, PrintableString};
use spki::AlgorithmIdentifierOwned;

/// id-icao-mrtd-security-ldsSecurityObject.
pub const ID_LDS_SECURITY_OBJECT: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.23.136.1.1.1");

#[derive(Clone, Debug, Sequence)]
pub(crate) struct LdsSecurityObject {
    pub version: u8,
    pub hash_algorithm: AlgorithmIdentifierOwned,
    pub data_group_hash_values: Vec<DataGroupHash>,
    pub lds_version_info: Option<LdsVersionInfo>,
}

#[derive(Clone, Debug, Sequence)]
pub(crate) struct DataGroupHash {
    pub data_group_number: u8,
    pub data_group_hash_value: OctetString,
}

/// Present in LDSSecurityObject v1 only.
#[derive(Clone, Debug, Sequence)]
pub(crate) struct LdsVersionInfo {
    pub lds_version: PrintableString,
    pub unicode_version: PrintableString,
}

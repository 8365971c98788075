//! Which files an application's index file says are present, so a reader spends no APDU on absent files.

use crate::layout::AppLayout;

/// The index file of an application: EF.COM for the eMRTD, EF.DOCINDEX for the integrated documents.
pub fn index_file(app: &str) -> Option<&'static str> {
    match app {
        "emrtd" => Some("EF.COM"),
        "documents" => Some("EF.DOCINDEX"),
        _ => None,
    }
}

/// The files `index` (the bytes of the application's index file) lists, in layout order, that the layout
/// knows. Files that are never listed in an index (EF.SOD) are included when the layout has them.
pub fn listed_files<'a>(app: &'a AppLayout, index: &[u8]) -> Vec<&'a str> {
    let listed: Vec<String> = match app.name.as_str() {
        "emrtd" => tag_list(index, 0x60, 0x5C)
            .iter()
            .filter_map(|tag| cccd_lds::tags::data_group_number(*tag).map(|n| format!("DG{n}")))
            .chain(std::iter::once("EF.SOD".to_owned()))
            .collect(),
        "documents" => tag_list(index, 0x70, 0x5C)
            .iter()
            .filter_map(|code| cccd_documents::DocumentType::from_code(*code))
            .filter_map(|ty| app.file_by_fid(ty.fid()).map(|f| f.name.clone()))
            .collect(),
        _ => app.files.iter().map(|f| f.name.clone()).collect(),
    };
    app.files.iter().filter(|f| listed.contains(&f.name)).map(|f| f.name.as_str()).collect()
}

/// The value of `list_tag` inside the one-byte-tagged template `outer` (tolerant: empty on malformed input).
fn tag_list(bytes: &[u8], outer: u32, list_tag: u32) -> Vec<u8> {
    let Ok(template) = cccd_tlv::Tlv::parse_single(bytes) else { return Vec::new() };
    if template.tag() != cccd_tlv::Tag::from_u32(outer) {
        return Vec::new();
    }
    match template.find(cccd_tlv::Tag::from_u32(list_tag)) {
        Ok(Some(list)) => list.value().to_vec(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout;

    #[test]
    fn ef_com_lists_data_groups() {
        let emrtd = layout().application("emrtd").unwrap();
        let ef_com = hex::decode("60165F0104303130375F36063034303030305C0461756D6F").unwrap();
        assert_eq!(listed_files(emrtd, &ef_com), vec!["EF.SOD", "DG1", "DG2", "DG13", "DG15"]);
        assert_eq!(listed_files(emrtd, b"garbage"), vec!["EF.SOD"]);
    }

    #[test]
    fn doc_index_lists_documents() {
        let docs = layout().application("documents").unwrap();
        assert_eq!(
            listed_files(docs, &[0x70, 0x04, 0x5C, 0x02, 0x01, 0x03]),
            vec!["health_insurance", "driving_licence"]
        );
    }
}

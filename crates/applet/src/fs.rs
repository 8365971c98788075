//! The card's file tree: an MF with DFs and transparent EFs, addressed by FID, SFI and DF name.

use cccd_apdu::{Fcp, FileKind, StatusWord};

/// Index of a file in the tree; `FileSystem::MF` is the root.
pub type FileIndex = usize;

/// One file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct File {
    pub file_id: u16,
    pub parent: Option<FileIndex>,
    pub body: FileBody,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileBody {
    Df {
        name: Option<Vec<u8>>,
        children: Vec<FileIndex>,
    },
    /// A transparent EF of fixed size (its content starts as zeros). `read_only` files are written by the
    /// card itself (EF.ATR/INFO) and refuse UPDATE BINARY.
    Ef {
        short_id: Option<u8>,
        data: Vec<u8>,
        read_only: bool,
    },
}

/// A file tree without indices: what a card's persistent state holds.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum FileImage {
    Df {
        #[serde(with = "cccd_lds::serde_bin::hex_u16")]
        fid: u16,
        #[serde(default, skip_serializing_if = "Option::is_none", with = "cccd_lds::serde_bin::opt_hex_bytes")]
        name: Option<Vec<u8>>,
        children: Vec<FileImage>,
    },
    Ef {
        #[serde(with = "cccd_lds::serde_bin::hex_u16")]
        fid: u16,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        sfi: Option<u8>,
        #[serde(with = "hex")]
        data: Vec<u8>,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        read_only: bool,
    },
}

/// The whole tree with a memory budget, as a card has.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileSystem {
    files: Vec<File>,
    capacity: usize,
    used: usize,
}

/// Bytes of EEPROM a blank software card offers to files.
pub const DEFAULT_CAPACITY: usize = 1 << 20;
const MF_ID: u16 = 0x3F00;

impl Default for FileSystem {
    fn default() -> Self {
        Self::new(DEFAULT_CAPACITY)
    }
}

impl FileSystem {
    pub const MF: FileIndex = 0;

    /// A tree holding only the MF.
    pub fn new(capacity: usize) -> Self {
        let mf = File { file_id: MF_ID, parent: None, body: FileBody::Df { name: None, children: Vec::new() } };
        Self { files: vec![mf], capacity, used: 0 }
    }

    pub fn is_df(&self, index: FileIndex) -> bool {
        matches!(self.files.get(index).map(|f| &f.body), Some(FileBody::Df { .. }))
    }

    pub fn parent(&self, index: FileIndex) -> Option<FileIndex> {
        self.files.get(index).and_then(|f| f.parent)
    }

    fn children(&self, df: FileIndex) -> &[FileIndex] {
        match self.files.get(df).map(|f| &f.body) {
            Some(FileBody::Df { children, .. }) => children,
            _ => &[],
        }
    }

    /// A direct child of `df` with this FID.
    pub fn child(&self, df: FileIndex, file_id: u16) -> Option<FileIndex> {
        self.children(df).iter().copied().find(|&c| self.files[c].file_id == file_id)
    }

    /// An EF child of `df` with this short EF identifier.
    pub fn child_by_short_id(&self, df: FileIndex, sfi: u8) -> Option<FileIndex> {
        self.children(df)
            .iter()
            .copied()
            .find(|&c| matches!(self.files[c].body, FileBody::Ef { short_id: Some(s), .. } if s == sfi))
    }

    /// A DF whose name equals `name`, or else starts with it (partial DF name selection).
    pub fn df_by_name(&self, name: &[u8]) -> Option<FileIndex> {
        let named = || {
            self.files.iter().enumerate().filter_map(|(i, f)| match &f.body {
                FileBody::Df { name: Some(n), .. } => Some((i, n)),
                _ => None,
            })
        };
        named()
            .find(|(_, n)| n.as_slice() == name)
            .or_else(|| named().find(|(_, n)| n.starts_with(name)))
            .map(|(i, _)| i)
    }

    /// ISO search order for SELECT by FID: the current DF itself, its children, its parent, the parent's children.
    pub fn search_file_id(&self, current_df: FileIndex, file_id: u16) -> Option<FileIndex> {
        if self.files.get(current_df)?.file_id == file_id {
            return Some(current_df);
        }
        if let Some(c) = self.child(current_df, file_id) {
            return Some(c);
        }
        let parent = self.parent(current_df)?;
        if self.files[parent].file_id == file_id {
            return Some(parent);
        }
        self.child(parent, file_id)
    }

    /// Create a file under `df` from its FCP. Errors are the status words CREATE FILE answers.
    pub fn create(&mut self, df: FileIndex, fcp: &Fcp) -> Result<FileIndex, StatusWord> {
        if !self.is_df(df) {
            return Err(StatusWord::CONDITIONS_OF_USE_NOT_SATISFIED);
        }
        let file_id = fcp.file_id.ok_or(StatusWord::INCORRECT_DATA)?;
        if matches!(file_id, 0x0000 | MF_ID | 0x3FFF | 0xFFFF) {
            return Err(StatusWord::INCORRECT_DATA);
        }
        if self.child(df, file_id).is_some() {
            return Err(StatusWord::FILE_ALREADY_EXISTS);
        }
        let body = match fcp.kind {
            FileKind::Df => {
                if let Some(name) = &fcp.df_name
                    && self.df_by_name(name).is_some_and(|i| self.files[i].body_name() == Some(name))
                {
                    return Err(StatusWord::DF_NAME_ALREADY_EXISTS);
                }
                FileBody::Df { name: fcp.df_name.clone(), children: Vec::new() }
            }
            FileKind::TransparentEf => {
                let size = fcp.size.ok_or(StatusWord::INCORRECT_DATA)?;
                if let Some(sfi) = fcp.short_id
                    && self.child_by_short_id(df, sfi).is_some()
                {
                    return Err(StatusWord::FILE_ALREADY_EXISTS);
                }
                if size > self.capacity - self.used {
                    return Err(StatusWord::NOT_ENOUGH_MEMORY);
                }
                self.used += size;
                FileBody::Ef { short_id: fcp.short_id, data: vec![0; size], read_only: false }
            }
            FileKind::Other(_) => return Err(StatusWord::FUNCTION_NOT_SUPPORTED),
        };
        let index = self.files.len();
        self.files.push(File { file_id, parent: Some(df), body });
        if let Some(FileBody::Df { children, .. }) = self.files.get_mut(df).map(|f| &mut f.body) {
            children.push(index);
        }
        Ok(index)
    }

    /// The content of an EF.
    pub fn ef_data(&self, ef: FileIndex) -> Option<&[u8]> {
        match self.files.get(ef).map(|f| &f.body) {
            Some(FileBody::Ef { data, .. }) => Some(data),
            _ => None,
        }
    }

    /// Write `bytes` at `offset` in an EF; the EF's size is fixed at creation.
    pub fn write(&mut self, ef: FileIndex, offset: usize, bytes: &[u8]) -> Result<(), StatusWord> {
        let Some(FileBody::Ef { data, read_only, .. }) = self.files.get_mut(ef).map(|f| &mut f.body) else {
            return Err(StatusWord::INCOMPATIBLE_WITH_FILE_STRUCTURE);
        };
        if *read_only {
            return Err(StatusWord::SECURITY_STATUS_NOT_SATISFIED);
        }
        if offset > data.len() {
            return Err(StatusWord::WRONG_P1P2);
        }
        let end =
            offset.checked_add(bytes.len()).filter(|end| *end <= data.len()).ok_or(StatusWord::NOT_ENOUGH_MEMORY)?;
        data[offset..end].copy_from_slice(bytes);
        Ok(())
    }

    /// Replace the whole content of an EF, its size following (the card's own writes of documents: the old
    /// content stays until the new one is in place, within the memory budget).
    pub fn replace_content(&mut self, ef: FileIndex, bytes: &[u8]) -> Result<(), StatusWord> {
        let free = self.capacity - self.used;
        let Some(FileBody::Ef { data, .. }) = self.files.get_mut(ef).map(|f| &mut f.body) else {
            return Err(StatusWord::INCOMPATIBLE_WITH_FILE_STRUCTURE);
        };
        if bytes.len() > data.len() + free {
            return Err(StatusWord::NOT_ENOUGH_MEMORY);
        }
        let old = data.len();
        *data = bytes.to_vec();
        self.used = self.used - old + bytes.len();
        Ok(())
    }

    /// FCP of a file, as SELECT returns it.
    pub fn fcp(&self, index: FileIndex) -> Option<Fcp> {
        let file = self.files.get(index)?;
        let mut fcp = match &file.body {
            FileBody::Df { name, .. } => Fcp::df(file.file_id, name.clone()),
            FileBody::Ef { short_id, data, .. } => Fcp::transparent_ef(file.file_id, data.len(), *short_id),
        };
        fcp.life_cycle = Some(0x05);
        Some(fcp)
    }

    /// Make an EF read-only for the outside world (the card wrote it itself).
    pub fn protect(&mut self, ef: FileIndex) {
        if let Some(FileBody::Ef { read_only, .. }) = self.files.get_mut(ef).map(|f| &mut f.body) {
            *read_only = true;
        }
    }

    /// The tree as a nested, index-free image (for persistence).
    pub fn to_image(&self) -> FileImage {
        self.image_of(Self::MF)
    }

    fn image_of(&self, index: FileIndex) -> FileImage {
        let file = &self.files[index];
        match &file.body {
            FileBody::Df { name, children } => FileImage::Df {
                fid: file.file_id,
                name: name.clone(),
                children: children.iter().map(|&c| self.image_of(c)).collect(),
            },
            FileBody::Ef { short_id, data, read_only } => {
                FileImage::Ef { fid: file.file_id, sfi: *short_id, data: data.clone(), read_only: *read_only }
            }
        }
    }

    /// Rebuild a tree from an image with the same checks CREATE FILE applies, so a damaged or hand-edited
    /// image cannot produce an inconsistent tree.
    pub fn from_image(image: &FileImage, capacity: usize) -> Result<Self, String> {
        let FileImage::Df { fid: MF_ID, name: None, children } = image else {
            return Err("the root of the image is not the MF (3F00)".into());
        };
        let mut fs = Self::new(capacity);
        for child in children {
            fs.add_image(Self::MF, child)?;
        }
        Ok(fs)
    }

    fn add_image(&mut self, parent: FileIndex, image: &FileImage) -> Result<(), String> {
        let (fcp, fid) = match image {
            FileImage::Df { fid, name, .. } => (Fcp::df(*fid, name.clone()), *fid),
            FileImage::Ef { fid, sfi, data, .. } => (Fcp::transparent_ef(*fid, data.len(), *sfi), *fid),
        };
        let index = self.create(parent, &fcp).map_err(|sw| format!("file {fid:04X}: {sw}"))?;
        match image {
            FileImage::Df { children, .. } => {
                for child in children {
                    self.add_image(index, child)?;
                }
            }
            FileImage::Ef { data, read_only, .. } => {
                self.write(index, 0, data).map_err(|sw| format!("file {fid:04X}: {sw}"))?;
                if *read_only {
                    self.protect(index);
                }
            }
        }
        Ok(())
    }
}

impl File {
    fn body_name(&self) -> Option<&Vec<u8>> {
        match &self.body {
            FileBody::Df { name, .. } => name.as_ref(),
            FileBody::Ef { .. } => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const AID: [u8; 7] = [0xA0, 0x00, 0x00, 0x02, 0x47, 0x10, 0x01];

    #[test]
    fn create_find_and_write() {
        let mut fs = FileSystem::new(100);
        let app = fs.create(FileSystem::MF, &Fcp::df(0x5F00, Some(AID.to_vec()))).unwrap();
        let com = fs.create(app, &Fcp::transparent_ef(0x011E, 4, Some(0x1E))).unwrap();
        assert_eq!(fs.df_by_name(&AID), Some(app));
        assert_eq!(fs.df_by_name(&AID[..5]), Some(app), "partial DF name");
        assert_eq!(fs.child_by_short_id(app, 0x1E), Some(com));
        assert_eq!(fs.search_file_id(app, 0x011E), Some(com));
        assert_eq!(fs.search_file_id(app, 0x3F00), Some(FileSystem::MF));
        fs.write(com, 1, &[1, 2, 3]).unwrap();
        assert_eq!(fs.ef_data(com), Some(&[0, 1, 2, 3][..]));
        assert_eq!(fs.write(com, 2, &[1, 2, 3]), Err(StatusWord::NOT_ENOUGH_MEMORY));
        assert_eq!(fs.write(com, 5, &[1]), Err(StatusWord::WRONG_P1P2));
        assert_eq!(fs.create(app, &Fcp::transparent_ef(0x011E, 4, None)), Err(StatusWord::FILE_ALREADY_EXISTS));
        assert_eq!(fs.create(app, &Fcp::transparent_ef(0x0101, 4, Some(0x1E))), Err(StatusWord::FILE_ALREADY_EXISTS));
        assert_eq!(fs.create(app, &Fcp::transparent_ef(0x0102, 97, None)), Err(StatusWord::NOT_ENOUGH_MEMORY));
        assert_eq!(
            fs.create(FileSystem::MF, &Fcp::df(0x5F01, Some(AID.to_vec()))),
            Err(StatusWord::DF_NAME_ALREADY_EXISTS)
        );
        assert_eq!(
            fs.create(com, &Fcp::transparent_ef(0x0103, 1, None)),
            Err(StatusWord::CONDITIONS_OF_USE_NOT_SATISFIED)
        );
    }
}

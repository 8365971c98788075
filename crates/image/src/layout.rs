//! Applications and files of the card, read from `applet-spec/card.toml`.

use std::sync::OnceLock;

/// The spec as compiled into the toolkit.
const CARD_TOML: &str = include_str!("../../../applet-spec/card.toml");

/// Who may do something to a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Access {
    Always,
    /// Inside a secure-messaging session opened by Basic Access Control (card.toml `[access_conditions]`).
    Sm,
    /// Only while the card is not locked.
    Personalization,
    Never,
}

/// One transparent EF.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileLayout {
    pub name: String,
    pub fid: u16,
    pub sfi: Option<u8>,
    pub max_size: usize,
    pub read: Access,
    pub write: Access,
}

/// One application (DF) or the MF.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppLayout {
    pub name: String,
    pub label: Option<String>,
    pub aid: Option<Vec<u8>>,
    pub fid: u16,
    pub files: Vec<FileLayout>,
}

impl AppLayout {
    pub fn file(&self, name: &str) -> Option<&FileLayout> {
        self.files.iter().find(|f| f.name == name)
    }

    pub fn file_by_fid(&self, fid: u16) -> Option<&FileLayout> {
        self.files.iter().find(|f| f.fid == fid)
    }
}

/// The whole card.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Layout {
    pub applications: Vec<AppLayout>,
}

impl Layout {
    pub fn application(&self, name: &str) -> Option<&AppLayout> {
        self.applications.iter().find(|a| a.name == name)
    }

    /// The layout of one application alone (empty when there is no such application), to read just its files.
    pub fn only(&self, name: &str) -> Layout {
        Layout { applications: self.application(name).into_iter().cloned().collect() }
    }

    /// Parse a card spec in the format of applet-spec/card.toml.
    pub fn parse(toml_text: &str) -> Result<Self, LayoutError> {
        let raw: RawSpec = toml::from_str(toml_text).map_err(|e| LayoutError(e.to_string()))?;
        let applications = raw
            .application
            .into_iter()
            .map(|app| {
                let files = app
                    .files
                    .into_iter()
                    .map(|f| {
                        Ok(FileLayout {
                            fid: hex_u16(&f.fid, &f.name)?,
                            sfi: f.sfi.as_deref().map(|s| hex_u8(s, &f.name)).transpose()?,
                            name: f.name,
                            max_size: f.max_size,
                            read: f.read,
                            write: f.write,
                        })
                    })
                    .collect::<Result<Vec<_>, LayoutError>>()?;
                Ok(AppLayout {
                    fid: hex_u16(&app.fid, &app.name)?,
                    aid: app
                        .aid
                        .as_deref()
                        .map(|a| hex::decode(a).map_err(|e| LayoutError(format!("{}: AID: {e}", app.name))))
                        .transpose()?,
                    name: app.name,
                    label: app.label,
                    files,
                })
            })
            .collect::<Result<Vec<_>, LayoutError>>()?;
        Ok(Self { applications })
    }
}

/// The spec file does not describe a usable card.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("applet-spec/card.toml: {0}")]
pub struct LayoutError(String);

/// The card layout of this build.
pub fn layout() -> &'static Layout {
    static LAYOUT: OnceLock<Layout> = OnceLock::new();
    // The spec is compiled in and checked by this crate's tests, so parsing it cannot fail in a release.
    LAYOUT.get_or_init(|| Layout::parse(CARD_TOML).expect("applet-spec/card.toml is valid (see the layout tests)"))
}

fn hex_u16(s: &str, what: &str) -> Result<u16, LayoutError> {
    u16::from_str_radix(s, 16).map_err(|e| LayoutError(format!("{what}: FID {s:?}: {e}")))
}

fn hex_u8(s: &str, what: &str) -> Result<u8, LayoutError> {
    u8::from_str_radix(s, 16).map_err(|e| LayoutError(format!("{what}: SFI {s:?}: {e}")))
}

#[derive(serde::Deserialize)]
struct RawSpec {
    application: Vec<RawApp>,
}

#[derive(serde::Deserialize)]
struct RawApp {
    name: String,
    label: Option<String>,
    aid: Option<String>,
    fid: String,
    files: Vec<RawFile>,
}

#[derive(serde::Deserialize)]
struct RawFile {
    name: String,
    fid: String,
    sfi: Option<String>,
    max_size: usize,
    read: Access,
    write: Access,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_compiled_in_spec_is_valid_and_consistent() {
        let layout = Layout::parse(CARD_TOML).unwrap();
        let emrtd = layout.application("emrtd").unwrap();
        assert_eq!(emrtd.aid.as_deref(), Some(&[0xA0, 0x00, 0x00, 0x02, 0x47, 0x10, 0x01][..]));
        assert_eq!(emrtd.file("DG1").map(|f| (f.fid, f.sfi)), Some((0x0101, Some(0x01))));
        assert_eq!(emrtd.file("EF.COM").map(|f| (f.fid, f.sfi)), Some((0x011E, Some(0x1E))));
        for app in &layout.applications {
            let mut fids: Vec<u16> = app.files.iter().map(|f| f.fid).collect();
            let mut sfis: Vec<u8> = app.files.iter().filter_map(|f| f.sfi).collect();
            fids.sort_unstable();
            sfis.sort_unstable();
            assert!(fids.windows(2).all(|w| w[0] != w[1]), "{}: FIDs unique", app.name);
            assert!(sfis.windows(2).all(|w| w[0] != w[1]), "{}: SFIs unique", app.name);
            assert!(sfis.iter().all(|s| (1..=30).contains(s)), "{}: SFIs 1–30", app.name);
            assert!(app.files.iter().all(|f| f.max_size <= 65_000), "{}: one extended READ BINARY per file", app.name);
        }
        assert_eq!(super::layout(), &layout);
    }

    #[test]
    fn bad_specs_are_errors() {
        assert!(Layout::parse("application = 1").is_err());
        let bad_fid = r#"[[application]]
name = "x"
fid = "ZZZZ"
files = []"#;
        assert!(Layout::parse(bad_fid).unwrap_err().to_string().contains("FID"));
    }
}

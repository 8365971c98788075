//! `cccd pki init DIR`, `cccd pki import-csca --trust DIR CERT`.

use cccd_trust::{Pki, PkiParams, TrustStore};
use serde::Serialize;

use crate::args::{Cli, PkiCommand};
use crate::exit::{Failure, Outcome};
use crate::output;

#[derive(Serialize)]
struct Created {
    dir: String,
    csca: String,
    document_signer: String,
    authorities: Vec<String>,
    trust_store: String,
}

pub fn run(cli: &Cli, command: &PkiCommand) -> Outcome {
    match command {
        PkiCommand::Init { dir } => {
            let pki = Pki::generate(dir, &PkiParams::default()).map_err(|e| Failure::Usage(e.into()))?;
            let trust_dir = dir.join("trust");
            pki.export_trust_store(&trust_dir).map_err(|e| Failure::Usage(e.into()))?;
            let created = Created {
                dir: dir.display().to_string(),
                csca: pki.csca.cert.subject(),
                document_signer: pki.document_signer.cert.subject(),
                authorities: pki.authorities.values().map(|c| c.cert.subject()).collect(),
                trust_store: trust_dir.display().to_string(),
            };
            output::print(cli.format, "pki", &created, |c| {
                println!("test PKI in {}", c.dir);
                println!("  CSCA             {}", c.csca);
                println!("  document signer  {}", c.document_signer);
                for a in &c.authorities {
                    println!("  authority        {a}");
                }
                println!("trust store for verifiers: {}", c.trust_store);
            });
            Ok(())
        }
        PkiCommand::CertifyCard { pki, out, access, pin } => {
            super::sign::certify_card(cli, pki, out.as_deref(), access, pin)
        }
        PkiCommand::ImportCsca { trust, cert } => {
            let imported = TrustStore::import_csca(trust, cert).map_err(|e| Failure::Usage(e.into()))?;
            #[derive(Serialize)]
            struct Imported {
                trust_store: String,
                imported: Vec<String>,
            }
            let report = Imported {
                trust_store: trust.display().to_string(),
                imported: imported.iter().map(|c| c.subject()).collect(),
            };
            output::print(cli.format, "pki_import", &report, |r| {
                for s in &r.imported {
                    println!("imported CSCA {s} into {}", r.trust_store);
                }
            });
            Ok(())
        }
    }
}

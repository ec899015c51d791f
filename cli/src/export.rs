//! Writing a document to a folder: one `<name>.bin` per file exactly as read, and the face as
//! a displayable `face.png` or `face.jpg` once its hash matched EF.SOD.

use crate::exit::{FAILURE, Failure};
use egate_core::lds::{ElementaryFile, HashCheck, displayable_face, parse_dg2};
use std::collections::BTreeMap;
use std::path::Path;

fn io(dir: &Path) -> impl Fn(std::io::Error) -> Failure + '_ {
    move |e| Failure::new(FAILURE, format!("cannot write to {}: {e}", dir.display()))
}

/// Writes every file, and the face when DG2's hash check is `dg2`; returns the face's name.
pub(crate) fn write_document(
    dir: &Path,
    files: &BTreeMap<ElementaryFile, Vec<u8>>,
    dg2: Option<HashCheck>,
) -> Result<Option<String>, Failure> {
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    for (file, bytes) in files {
        std::fs::write(dir.join(format!("{}.bin", file.name())), bytes).map_err(io(dir))?;
    }
    let Some(face) = files
        .get(&ElementaryFile::Dg(2))
        .and_then(|bytes| parse_dg2(bytes).ok())
        .and_then(|faces| faces.into_iter().next())
    else {
        return Ok(None);
    };
    match displayable_face(&face, dg2.unwrap_or(HashCheck::NotInSod)) {
        Ok(image) => {
            let name = format!("face.{}", image.format.extension());
            std::fs::write(dir.join(&name), &image.bytes).map_err(io(dir))?;
            Ok(Some(name))
        }
        Err(why) => {
            eprintln!("egate: the face was not written: {why}");
            Ok(None)
        }
    }
}

/// Reads back a folder written by [`write_document`]: every `<name>.bin` whose name is a file.
pub(crate) fn read_document(dir: &Path) -> Result<BTreeMap<ElementaryFile, Vec<u8>>, Failure> {
    let fail =
        |e: std::io::Error| Failure::new(FAILURE, format!("cannot read {}: {e}", dir.display()));
    let mut files = BTreeMap::new();
    for entry in std::fs::read_dir(dir).map_err(fail)? {
        let path = entry.map_err(fail)?.path();
        let file = path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_suffix(".bin"))
            .and_then(ElementaryFile::from_name);
        if let Some(file) = file {
            files.insert(file, std::fs::read(&path).map_err(fail)?);
        }
    }
    if files.is_empty() {
        return Err(Failure::new(
            FAILURE,
            format!("{} holds no SOD.bin, DG1.bin, … files", dir.display()),
        ));
    }
    Ok(files)
}

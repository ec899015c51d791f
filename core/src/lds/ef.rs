//! Elementary files of the master file and the eMRTD application, with their file identifiers,
//! short file identifiers and names.

/// An elementary file this reader knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ElementaryFile {
    /// EF.ATR/INFO (MF, 2F01): the chip's extended-length information, readable without
    /// authentication.
    AtrInfo,
    /// EF.CardAccess (MF, 011C): PACE parameters, readable without authentication.
    CardAccess,
    /// EF.CardSecurity (MF, 011D): signed security infos, after PACE.
    CardSecurity,
    /// EF.COM (application, 011E): version and list of data groups.
    Com,
    /// EF.SOD (application, 011D): the document security object.
    Sod,
    /// EF.DG1 … EF.DG16 (application, 0101 … 0110).
    Dg(u8),
}

impl ElementaryFile {
    /// The file identifier.
    pub fn fid(self) -> u16 {
        match self {
            ElementaryFile::AtrInfo => 0x2F01,
            ElementaryFile::CardAccess => 0x011C,
            ElementaryFile::CardSecurity => 0x011D,
            ElementaryFile::Com => 0x011E,
            ElementaryFile::Sod => 0x011D,
            ElementaryFile::Dg(n) => 0x0100 + u16::from(n),
        }
    }

    /// The short file identifier.
    pub fn sfi(self) -> u8 {
        match self {
            ElementaryFile::AtrInfo => 0x01,
            ElementaryFile::CardAccess => 0x1C,
            ElementaryFile::CardSecurity | ElementaryFile::Sod => 0x1D,
            ElementaryFile::Com => 0x1E,
            ElementaryFile::Dg(n) => n,
        }
    }

    /// Whether the file lives in the master file rather than the eMRTD application.
    pub fn in_master_file(self) -> bool {
        matches!(
            self,
            ElementaryFile::AtrInfo | ElementaryFile::CardAccess | ElementaryFile::CardSecurity
        )
    }

    /// The name used in reports and file names: `COM`, `SOD`, `DG1`, `CardAccess`, …
    pub fn name(self) -> &'static str {
        const DG_NAMES: [&str; 16] = [
            "DG1", "DG2", "DG3", "DG4", "DG5", "DG6", "DG7", "DG8", "DG9", "DG10", "DG11", "DG12",
            "DG13", "DG14", "DG15", "DG16",
        ];
        match self {
            ElementaryFile::AtrInfo => "ATRInfo",
            ElementaryFile::CardAccess => "CardAccess",
            ElementaryFile::CardSecurity => "CardSecurity",
            ElementaryFile::Com => "COM",
            ElementaryFile::Sod => "SOD",
            ElementaryFile::Dg(n) => DG_NAMES
                .get(usize::from(n).wrapping_sub(1))
                .copied()
                .unwrap_or("DG?"),
        }
    }

    /// The file named `name` as [`ElementaryFile::name`] writes it (`SOD`, `DG14`, …).
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "ATRInfo" => Some(ElementaryFile::AtrInfo),
            "CardAccess" => Some(ElementaryFile::CardAccess),
            "CardSecurity" => Some(ElementaryFile::CardSecurity),
            "COM" => Some(ElementaryFile::Com),
            "SOD" => Some(ElementaryFile::Sod),
            _ => {
                let n: u8 = name.strip_prefix("DG")?.parse().ok()?;
                (1..=16).contains(&n).then_some(ElementaryFile::Dg(n))
            }
        }
    }

    /// The data group with LDS tag `tag` (e.g. `61` → DG1, `75` → DG2), as listed in EF.COM.
    pub fn from_lds_tag(tag: u8) -> Option<Self> {
        const TAGS: [u8; 16] = [
            0x61, 0x75, 0x63, 0x76, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6A, 0x6B, 0x6C, 0x6D, 0x6E,
            0x6F, 0x70,
        ];
        TAGS.iter()
            .position(|t| *t == tag)
            .map(|i| ElementaryFile::Dg(i as u8 + 1))
    }

    /// The LDS tag of a data group, or of EF.COM (`60`) and EF.SOD (`77`).
    pub fn lds_tag(self) -> Option<u8> {
        match self {
            ElementaryFile::Com => Some(0x60),
            ElementaryFile::Sod => Some(0x77),
            ElementaryFile::Dg(n @ 1..=16) => Some(
                [
                    0x61, 0x75, 0x63, 0x76, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6A, 0x6B, 0x6C, 0x6D,
                    0x6E, 0x6F, 0x70,
                ][usize::from(n - 1)],
            ),
            _ => None,
        }
    }

    /// Data groups that only Extended Access Control (terminal authentication) opens.
    pub fn needs_terminal_authentication(self) -> bool {
        matches!(self, ElementaryFile::Dg(3 | 4))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_follow_icao_9303_10() {
        assert_eq!(ElementaryFile::Dg(2).fid(), 0x0102);
        assert_eq!(ElementaryFile::Dg(14).sfi(), 14);
        assert_eq!(ElementaryFile::Com.sfi(), 0x1E);
        assert_eq!(
            ElementaryFile::from_lds_tag(0x75),
            Some(ElementaryFile::Dg(2))
        );
        assert_eq!(
            ElementaryFile::from_lds_tag(0x6F),
            Some(ElementaryFile::Dg(15))
        );
        for n in 1..=16 {
            let dg = ElementaryFile::Dg(n);
            assert_eq!(
                ElementaryFile::from_lds_tag(dg.lds_tag().unwrap()),
                Some(dg)
            );
        }
        assert_eq!(ElementaryFile::Dg(11).name(), "DG11");
    }

    #[test]
    fn names_round_trip() {
        let mut all = vec![
            ElementaryFile::AtrInfo,
            ElementaryFile::CardAccess,
            ElementaryFile::CardSecurity,
            ElementaryFile::Com,
            ElementaryFile::Sod,
        ];
        all.extend((1..=16).map(ElementaryFile::Dg));
        for file in all {
            assert_eq!(ElementaryFile::from_name(file.name()), Some(file));
        }
        for bad in ["DG0", "DG17", "DG", "dg1", "SOD.bin", ""] {
            assert_eq!(ElementaryFile::from_name(bad), None, "{bad}");
        }
    }
}

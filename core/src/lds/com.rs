//! EF.COM: LDS version, Unicode version and the list of data groups present.

use super::ElementaryFile;
use crate::tlv;

/// The parsed EF.COM.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Com {
    /// LDS version, e.g. `0107` or `0108`.
    pub lds_version: String,
    /// Unicode version, e.g. `040000`.
    pub unicode_version: String,
    /// The data groups listed, in the order of the tag list.
    pub data_groups: Vec<ElementaryFile>,
}

impl Com {
    /// Parses EF.COM (`60` { `5F01`, `5F36`, `5C` }); unknown tags in the list are skipped.
    pub fn parse(bytes: &[u8]) -> Result<Self, tlv::TlvError> {
        let (outer, _) = tlv::split_first(bytes)?;
        if outer.tag != 0x60 {
            return Err(tlv::TlvError::Invalid);
        }
        let text = |tag| -> Result<String, tlv::TlvError> {
            Ok(tlv::find(outer.value, tag)?
                .map(|v| String::from_utf8_lossy(v).into_owned())
                .unwrap_or_default())
        };
        let list = tlv::find(outer.value, 0x5C)?.ok_or(tlv::TlvError::Invalid)?;
        Ok(Self {
            lds_version: text(0x5F01)?,
            unicode_version: text(0x5F36)?,
            data_groups: list
                .iter()
                .filter_map(|t| ElementaryFile::from_lds_tag(*t))
                .collect(),
        })
    }

    /// Encodes an EF.COM (used by the simulator and tests).
    pub fn encode(&self) -> Vec<u8> {
        let mut body = tlv::encode(0x5F01, self.lds_version.as_bytes());
        body.extend(tlv::encode(0x5F36, self.unicode_version.as_bytes()));
        let tags: Vec<u8> = self
            .data_groups
            .iter()
            .filter_map(|dg| dg.lds_tag())
            .collect();
        body.extend(tlv::encode(0x5C, &tags));
        tlv::encode(0x60, &body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hex_literal::hex;

    #[test]
    fn parses_the_icao_appendix_d4_ef_com() {
        let com = Com::parse(&hex!("60145F0104303130365F36063034303030305C026175")).unwrap();
        assert_eq!(com.lds_version, "0106");
        assert_eq!(com.unicode_version, "040000");
        assert_eq!(
            com.data_groups,
            [ElementaryFile::Dg(1), ElementaryFile::Dg(2)]
        );
        assert_eq!(Com::parse(&com.encode()).unwrap(), com);
        assert!(Com::parse(&hex!("6103010203")).is_err());
    }
}

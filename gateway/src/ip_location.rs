//! Approximate location of a client address, for the approval context: the country from an
//! IP-to-country table (the CC0 `@ip-location-db/geo-whois-asn-country` npm package, built from
//! the regional registries' data), "local network" for private ranges, "unknown location"
//! without a table or a match.

use std::net::IpAddr;
use std::path::Path;

use crate::error::GatewayError;

/// The table's file names inside the package directory.
pub const FILES: [&str; 2] = [
    "geo-whois-asn-country-ipv4.csv",
    "geo-whois-asn-country-ipv6.csv",
];

/// Address ranges and the country each belongs to, sorted by range start.
#[derive(Debug, Default)]
pub struct IpLocations {
    v4: Vec<(u32, u32, [u8; 2])>,
    v6: Vec<(u128, u128, [u8; 2])>,
}

/// Where an address is, as shown to the holder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Whereabouts {
    /// English text: a country name, "local network" or "unknown location".
    pub text: String,
    /// The ISO 3166-1 alpha-2 country code, for the app to name in its own language.
    pub country: Option<String>,
}

fn bad(line: usize, why: &str) -> GatewayError {
    GatewayError::Internal(format!("IP location table, line {line}: {why}"))
}

impl IpLocations {
    /// Loads the package directory `dir` (both files).
    ///
    /// # Errors
    /// [`GatewayError::Internal`] when a file is missing or malformed.
    pub fn load_dir(dir: &Path) -> Result<Self, GatewayError> {
        let mut table = Self::default();
        for name in FILES {
            let path = dir.join(name);
            let text = std::fs::read_to_string(&path)
                .map_err(|e| GatewayError::Internal(format!("{}: {e}", path.display())))?;
            table.add_csv(&text)?;
        }
        table.v4.sort_unstable_by_key(|range| range.0);
        table.v6.sort_unstable_by_key(|range| range.0);
        Ok(table)
    }

    /// A table of the CSV `text` (`first,last,CC` per line, IPv4 or IPv6).
    ///
    /// # Errors
    /// [`GatewayError::Internal`] naming the first malformed line.
    pub fn from_csv(text: &str) -> Result<Self, GatewayError> {
        let mut table = Self::default();
        table.add_csv(text)?;
        table.v4.sort_unstable_by_key(|range| range.0);
        table.v6.sort_unstable_by_key(|range| range.0);
        Ok(table)
    }

    fn add_csv(&mut self, text: &str) -> Result<(), GatewayError> {
        for (index, line) in text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
        {
            let mut fields = line.trim().split(',');
            let (Some(first), Some(last), Some(country), None) =
                (fields.next(), fields.next(), fields.next(), fields.next())
            else {
                return Err(bad(index + 1, "expected first,last,country"));
            };
            let country: [u8; 2] = country
                .as_bytes()
                .try_into()
                .ok()
                .filter(|c: &[u8; 2]| c.iter().all(u8::is_ascii_uppercase))
                .ok_or_else(|| bad(index + 1, "the country is two capital letters"))?;
            let parse = |text: &str| {
                text.parse::<IpAddr>()
                    .map_err(|_| bad(index + 1, "address"))
            };
            match (parse(first)?, parse(last)?) {
                (IpAddr::V4(a), IpAddr::V4(b)) if a <= b => {
                    self.v4.push((a.into(), b.into(), country));
                }
                (IpAddr::V6(a), IpAddr::V6(b)) if a <= b => {
                    self.v6.push((a.into(), b.into(), country));
                }
                _ => return Err(bad(index + 1, "a range of one family, first ≤ last")),
            }
        }
        Ok(())
    }

    /// How many ranges the table holds.
    pub fn len(&self) -> usize {
        self.v4.len() + self.v6.len()
    }

    /// Whether the table is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The country code of `ip`, if a range holds it.
    pub fn country(&self, ip: IpAddr) -> Option<[u8; 2]> {
        fn find<T: Ord + Copy>(ranges: &[(T, T, [u8; 2])], ip: T) -> Option<[u8; 2]> {
            let after = ranges.partition_point(|range| range.0 <= ip);
            let (_, last, country) = *ranges.get(after.checked_sub(1)?)?;
            (ip <= last).then_some(country)
        }
        match ip {
            IpAddr::V4(v4) => find(&self.v4, u32::from(v4)),
            IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) => find(&self.v4, u32::from(v4)),
                None => find(&self.v6, u128::from(v6)),
            },
        }
    }
}

/// The English name of country `code`, without a leading "The".
fn country_name(code: &str) -> String {
    celes::Country::from_alpha2(code).map_or_else(
        |_| code.to_owned(),
        |country| {
            let name = country.long_name;
            name.strip_prefix("The ").unwrap_or(name).to_owned()
        },
    )
}

/// Where `ip` is, by `table` when there is one.
pub fn whereabouts(ip: IpAddr, table: Option<&IpLocations>) -> Whereabouts {
    if !crate::address::is_public(ip) {
        return Whereabouts {
            text: "local network".into(),
            country: None,
        };
    }
    match table.and_then(|table| table.country(ip)) {
        Some(code) => {
            let code = String::from_utf8_lossy(&code).into_owned();
            Whereabouts {
                text: country_name(&code),
                country: Some(code),
            }
        }
        None => Whereabouts {
            text: "unknown location".into(),
            country: None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "1.0.0.0,1.0.0.255,AU\n\
        8.8.4.0,8.8.8.255,US\n\
        85.214.0.0,85.215.255.255,DE\n\
        2a00:1450::,2a00:1450:ffff:ffff:ffff:ffff:ffff:ffff,IE\n";

    #[test]
    fn finds_the_country_of_public_addresses_and_names_private_ones() {
        let table = IpLocations::from_csv(SAMPLE).unwrap();
        assert_eq!(table.len(), 4);
        let at = |ip: &str| whereabouts(ip.parse().unwrap(), Some(&table));
        assert_eq!(
            at("85.214.132.117"),
            Whereabouts {
                text: "Germany".into(),
                country: Some("DE".into())
            }
        );
        assert_eq!(at("8.8.8.8").country.as_deref(), Some("US"));
        assert_eq!(at("8.8.8.8").text, "United States Of America");
        assert_eq!(at("::ffff:1.0.0.7").country.as_deref(), Some("AU"));
        assert_eq!(at("2a00:1450:4001::1").country.as_deref(), Some("IE"));
        for unknown in ["8.8.9.0", "1.0.1.0", "9.9.9.9", "2a00:1451::1"] {
            assert_eq!(at(unknown).text, "unknown location", "{unknown}");
        }
        for local in ["192.168.1.10", "10.0.0.1", "127.0.0.1", "fd00::5"] {
            assert_eq!(at(local).text, "local network", "{local}");
        }
        assert_eq!(
            whereabouts("8.8.8.8".parse().unwrap(), None).text,
            "unknown location"
        );
    }

    #[test]
    fn malformed_tables_are_refused_with_the_line() {
        for (bad, line) in [
            ("1.0.0.0,1.0.0.255\n", "line 1"),
            ("1.0.0.0,1.0.0.255,AU\n1.0.0.9,1.0.0.1,AU\n", "line 2"),
            ("1.0.0.0,::1,AU\n", "line 1"),
            ("1.0.0.0,1.0.0.255,au\n", "line 1"),
            ("x,1.0.0.255,AU\n", "line 1"),
        ] {
            let error = IpLocations::from_csv(bad).unwrap_err().to_string();
            assert!(error.contains(line), "{bad}: {error}");
        }
    }
}

//! The registry IP-to-country table the gateway ships with (downloaded and checked by
//! scripts/test.sh): it loads whole, and names the countries of well-known public addresses
//! of both families while private ranges stay "local network".

use egate_gateway::ip_location::{IpLocations, whereabouts};

#[test]
fn the_registry_table_names_the_countries_of_well_known_addresses() {
    let Some(dir) = std::env::var_os("EGATE_IP_LOCATION") else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI runs scripts/test.sh, which sets EGATE_IP_LOCATION"
        );
        eprintln!("skipped: EGATE_IP_LOCATION is not set (scripts/test.sh sets it)");
        return;
    };
    let table = IpLocations::load_dir(std::path::Path::new(&dir)).unwrap();
    assert!(table.len() > 400_000, "{} ranges", table.len());
    for (ip, country) in [
        ("8.8.8.8", "US"),
        ("1.0.0.1", "AU"),
        ("193.0.0.1", "NL"),
        ("85.214.132.117", "DE"),
        ("2001:4860:4860::8888", "US"),
        ("2a00:1450:4001::1", "IE"),
    ] {
        let found = whereabouts(ip.parse().unwrap(), Some(&table));
        assert_eq!(found.country.as_deref(), Some(country), "{ip}");
    }
    assert_eq!(
        whereabouts("85.214.132.117".parse().unwrap(), Some(&table)).text,
        "Germany"
    );
    for private in ["10.1.2.3", "192.168.0.1", "127.0.0.1", "fd12::1"] {
        assert_eq!(
            whereabouts(private.parse().unwrap(), Some(&table)).text,
            "local network"
        );
    }
}

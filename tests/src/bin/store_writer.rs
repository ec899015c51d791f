//! Helper process for the crash-consistency test: registers devices in the local store at
//! `argv[1]` as fast as it can, one transaction each, until it is killed. Prints `ready` after
//! the first registration is committed.

use egate_core::keystore::SoftwareKeyStore;
use egate_core::login::{ProtectionLevel, PublicKey};
use egate_core::ports::KeyStore;
use egate_core::store::{LocalStore, Registration};
use std::io::Write;
use std::path::PathBuf;

fn main() {
    let path = PathBuf::from(std::env::args().nth(1).expect("the store path"));
    let keys = SoftwareKeyStore::open(&path.with_extension("keys"), &[9; 32]).expect("key store");
    let key = |label: &str| {
        let created = keys.create(label, false, None).expect("key");
        PublicKey::from_spki_der(&created.public_key_spki).expect("P-256 key")
    };
    let (possession, user, gateway_key) = (key("p"), key("u"), key("g"));
    let mut store = LocalStore::open(&path).expect("local store");
    for n in 0u64.. {
        let registration = Registration {
            gateway: format!("https://gw{}.example", n % 3),
            citizen_id: format!("{n:011}"),
            device_id: format!("device-{n}"),
            device_name: format!("phone {n}"),
            possession_label: format!("p{n}"),
            possession_key: possession.clone(),
            user_label: format!("u{n}"),
            user_key: user.clone(),
            protection_level: ProtectionLevel::Software,
            gateway_key: gateway_key.clone(),
            created_at: i64::try_from(n).unwrap_or(0),
        };
        store.save_registration(&registration).expect("save");
        if n == 0 {
            println!("ready");
            std::io::stdout().flush().expect("stdout");
        }
    }
}

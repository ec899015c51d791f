//! Replays every corpus input of each target (`fuzz/corpus/<target>/`) through its body on
//! stable Rust: the inputs campaigns found interesting, and every crash they found, stay fixed.

use std::path::Path;

fn replay(target: &str, body: fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpus")
        .join(target);
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        body(&std::fs::read(&path).unwrap());
        count += 1;
    }
    assert!(count > 0, "{target} has an empty corpus");
}

macro_rules! replays {
    ($($target:ident),* $(,)?) => {$(
        #[test]
        fn $target() {
            replay(stringify!($target), egate_fuzz::$target);
        }
    )*};
}

replays!(
    ber_tlv,
    data_groups,
    ber_to_der,
    sod,
    security_infos,
    mrz,
    sm_unwrap,
    jpeg2000,
    qr_frame
);

#[test]
fn every_target_is_replayed() {
    let replayed = [
        "ber_tlv",
        "data_groups",
        "ber_to_der",
        "sod",
        "security_infos",
        "mrz",
        "sm_unwrap",
        "jpeg2000",
        "qr_frame",
    ];
    for (target, _) in egate_fuzz::TARGETS {
        assert!(replayed.contains(&target), "{target} has no replay test");
    }
    assert_eq!(replayed.len(), egate_fuzz::TARGETS.len());
}

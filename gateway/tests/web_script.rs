//! The approve page's script (`web/approve.js`) run by Node in a stand-in page: it long-polls
//! the login's challenge, retries when offline, and moves on once the challenge is decided.

#[test]
fn the_approve_script_long_polls_retries_offline_and_moves_on_when_decided() {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/web/approve_script.mjs");
    let output = match std::process::Command::new("node").arg(script).output() {
        Ok(output) => output,
        Err(error) => {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI installs Node.js (scripts/test.sh): {error}"
            );
            eprintln!("skipped: no node ({error})");
            return;
        }
    };
    assert!(
        output.status.success(),
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&output.stdout).trim(), "ok");
}

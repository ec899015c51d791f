//! `egate demo --json`: the whole story against the embedded gateway and the simulated ID card,
//! one JSON object per step, every step succeeding with the figures that prove it.

use serde_json::Value;
use std::process::Command;

#[test]
fn the_demo_tells_the_whole_story_step_by_step() {
    let output = Command::new(env!("CARGO_BIN_EXE_egate"))
        .args(["demo", "--json"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let steps: Vec<Value> = stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    let names: Vec<&str> = steps.iter().map(|s| s["step"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        [
            "gateway",
            "web_login",
            "id_verification",
            "device_registration",
            "push_login",
            "qr_login",
            "backup_code_login",
            "device_transfer"
        ]
    );
    assert!(steps.iter().all(|s| s["ok"] == true));
    let step = |name: &str| steps.iter().find(|s| s["step"] == name).unwrap();
    assert_eq!(
        step("id_verification")["chip_presence"],
        "active_authentication"
    );
    assert_eq!(step("push_login")["browser_state"], "approved");
    assert_eq!(step("push_login")["browser"], "Firefox");
    assert_eq!(step("qr_login")["browser_state"], "approved");
    assert_eq!(step("backup_code_login")["remaining"], 9);
    assert_eq!(step("device_transfer")["devices_revoked"], 1);
    assert_eq!(step("device_transfer")["old_device"], "unknown_key");
}

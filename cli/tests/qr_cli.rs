//! `egate qr decode` on images without a usable code: a blank picture finds nothing and fails,
//! a file that is not an image is named in a clear error; neither sends anything anywhere.

use std::process::Command;

fn decode(file: &std::path::Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_egate"))
        .args(["qr", "decode"])
        .arg(file)
        .output()
        .unwrap()
}

#[test]
fn pictures_without_a_code_and_files_that_are_not_pictures_fail_clearly() {
    let dir = std::env::temp_dir().join(format!("egate-qr-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let blank = dir.join("blank.png");
    image::GrayImage::from_pixel(120, 80, image::Luma([255u8]))
        .save(&blank)
        .unwrap();
    let output = decode(&blank);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("no QR code found"));

    let notes = dir.join("notes.txt");
    std::fs::write(&notes, "not a picture").unwrap();
    let output = decode(&notes);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("notes.txt"), "{stderr}");
    std::fs::remove_dir_all(&dir).unwrap();
}

//! The registry persists across runs (DESIGN §3, issue: registry values survive two runs): one
//! winrun process writes a value, another reads it back; a third deletes the key, and a fourth
//! no longer finds it. The hives live in `WINRUN_DATA_DIR`, here a scratch directory.

use std::process::Command;
use winrun_tests::{Toolchain, build_dir, compile, root, stderr, stdout, winrun};

#[test]
fn registry_values_survive_across_runs() {
    if !Toolchain::Mingw.available() {
        println!("registry: skipped: mingw-w64 is not installed");
        return;
    }
    let dir = build_dir("registry");
    let exe = dir.join("registry_value.exe");
    let src = root()
        .join("tests")
        .join("programs")
        .join("registry_value.c");
    compile(Toolchain::Mingw, &[&src], &exe, &["-O1"]);
    let data = dir.join("data");
    let _ = std::fs::remove_dir_all(&data);

    let run = |args: &[&str]| {
        let out = Command::new(winrun())
            .arg(&exe)
            .args(args)
            .env("WINRUN_DATA_DIR", &data)
            .output()
            .expect("running winrun");
        (out.status.code(), stdout(&out), stderr(&out))
    };

    assert_eq!(
        run(&["get", "greeting"]).0,
        Some(2),
        "a fresh registry has no value"
    );
    let (code, _, err) = run(&["set", "greeting", "héllo from run one"]);
    assert_eq!(code, Some(0), "set failed: {err}");
    assert!(
        data.join("registry").join("user.reg").is_file(),
        "the user hive is saved under WINRUN_DATA_DIR"
    );
    let (code, out, err) = run(&["get", "greeting"]);
    assert_eq!(code, Some(0), "get failed: {err}");
    assert_eq!(out, "héllo from run one\r\n");
    // A second writer updates the value; the machine hive was never written.
    assert_eq!(run(&["set", "greeting", "two"]).0, Some(0));
    assert_eq!(run(&["get", "greeting"]).1, "two\r\n");
    assert!(!data.join("registry").join("machine.reg").exists());
    assert_eq!(run(&["delete"]).0, Some(0));
    assert_eq!(run(&["get", "greeting"]).0, Some(2));
    assert_eq!(run(&["delete"]).0, Some(2));
}

//! A Rust guest (tests/programs/rust/guest.rs) built with Debian's rustc for
//! x86_64-pc-windows-gnu, run under winrun. The expected output is what Wine 8.0 prints.

use std::path::{Path, PathBuf};
use std::process::Command;
use winrun_tests::{build_dir, root, run, stderr, stdout};

/// Debian's rustc, whose std for windows-gnu comes from libstd-rust-dev-windows.
const RUSTC: &str = "/usr/bin/rustc";

/// Builds tests/programs/rust/`name`.rs; None (with the reason printed) when the compiler or
/// the Windows std is missing, which tests/run installs.
fn build_guest(name: &str) -> Option<PathBuf> {
    if !Path::new(RUSTC).exists() || !Path::new("/usr/lib/rustlib/x86_64-pc-windows-gnu").exists() {
        eprintln!("skipped: {RUSTC} with the x86_64-pc-windows-gnu std is not installed");
        return None;
    }
    let out = build_dir("rust").join(format!("{name}.exe"));
    let source = root().join(format!("tests/programs/rust/{name}.rs"));
    let output = Command::new(RUSTC)
        .args([
            "--edition",
            "2021",
            "-O",
            "--target",
            "x86_64-pc-windows-gnu",
        ])
        .args(["-C", "linker=x86_64-w64-mingw32-gcc", "-o"])
        .arg(&out)
        .arg(&source)
        .output()
        .expect("running rustc");
    assert!(
        output.status.success(),
        "building the Rust guest failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    Some(out)
}

/// std::fs, threads and channels, a caught panic, HashMap seeding from the system RNG, clocks,
/// arguments and the exit code; stdout goes through NtWriteFile.
#[test]
fn rust_guest_std() {
    let Some(guest) = build_guest("guest") else {
        return;
    };
    let o = run(&guest, &["7", "a b"]);
    let expected = concat!(
        "args: [\"7\", \"a b\"]\n",
        "read 18 bytes: \"line one\\nline two\\n\"\n",
        "metadata len: 18\n",
        "dir entries: [\"renamed.txt\"]\n",
        "old name exists: false\n",
        "dir removed: true\n",
        "thread results: [(0, 499500), (1, 1499500), (2, 2499500), (3, 3499500)] joined 6\n",
        "caught panic: index out of bounds: the len is 0 but the index is 3\n",
        "word counts: [(\"alpha\", 2), (\"beta\", 3), (\"gamma\", 1)]\n",
        "slept at least 20ms: true\n",
        "after 2020: true\n",
    );
    assert_eq!(stdout(&o), expected, "stderr:\n{}", stderr(&o));
    assert_eq!(o.status.code(), Some(7), "stderr:\n{}", stderr(&o));
}

/// Symbolic links through std::fs as on NTFS: symlink_metadata and read_dir see the links
/// themselves (reparse points), read_link gives their text back (relative stays relative),
/// and remove_dir_all of a tree holding links to a directory outside it removes the links and
/// leaves the outside directory alone. Wine 8 cannot run this: its CreateSymbolicLinkW is a stub
/// that creates nothing, so the expected output is what Windows' documentation gives.
#[test]
fn rust_guest_symlinks() {
    let Some(guest) = build_guest("links") else {
        return;
    };
    let dir = build_dir("rust").join("links");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let o = run(&guest, &[dir.to_str().unwrap()]);
    let expected = concat!(
        "abs: symlink true dir false file false len 0 followed dir Some(true)\n",
        "sub\\rel: symlink true dir false file false len 0 followed dir Some(true)\n",
        "file-link: symlink true dir false file false len 0 followed dir Some(false)\n",
        "dangling: symlink true dir false file false len 0 followed dir None\n",
        "a.txt: symlink false dir false file true len 1 followed dir Some(false)\n",
        "read_link abs is the outside directory: true\n",
        "read_link rel: \"..\\\\..\\\\outside\"\n",
        "read_link file: \"a.txt\"\n",
        "through the link: Some(\"kept\")\n",
        "entries: [\"a.txt:file\", \"abs:link\", \"dangling:link\", \"file-link:link\", \"sub:dir\"]\n",
        "remove_dir_all: Ok(())\n",
        "tree exists: false\n",
        "outside kept: Some(\"kept\")\n",
    );
    assert_eq!(stdout(&o), expected, "stderr:\n{}", stderr(&o));
    assert_eq!(o.status.code(), Some(0), "stderr:\n{}", stderr(&o));
    assert_eq!(
        std::fs::read(dir.join("outside").join("keep.txt")).unwrap(),
        b"kept"
    );
    assert!(!dir.join("tree").exists());
}

//! `--root DIR` confinement (DESIGN §6): a program run with `--root BOX` tries every escape
//! it can think of (`..`, absolute and relative symlinks, other drives, `\\?\` and `\\.\`
//! names, links it makes itself) towards a directory beside BOX, and must reach nothing there;
//! what is inside BOX, symlinks within it included, keeps working.

use std::path::{Path, PathBuf};
use std::process::Command;
use winrun_tests::{Toolchain, build_dir, compile, root, stderr, stdout, winrun};

/// Snapshot of every file under `dir` with its contents.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("listing") {
        let path = entry.expect("entry").path();
        let meta = std::fs::symlink_metadata(&path).expect("stat");
        if meta.is_dir() {
            out.push((path.clone(), Vec::new()));
            out.extend(snapshot(&path));
        } else {
            out.push((path.clone(), std::fs::read(&path).unwrap_or_default()));
        }
    }
    out.sort();
    out
}

#[test]
fn root_confines_every_path() {
    if !Toolchain::Mingw.available() {
        println!("root: skipped: mingw-w64 is not installed");
        return;
    }
    let dir = build_dir("root");
    let exe = dir.join("root_escape.exe");
    let src = root().join("tests").join("programs").join("root_escape.c");
    let include = root().join("tests").join("conformance").join("include");
    compile(
        Toolchain::Mingw,
        &[&src],
        &exe,
        &["-O1", "-I", include.to_str().expect("UTF-8 path")],
    );

    let scratch = dir.join("scratch");
    let _ = std::fs::remove_dir_all(&scratch);
    let boxed = scratch.join("box");
    let outside = scratch.join("outside");
    std::fs::create_dir_all(&boxed).unwrap();
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("secret.txt"), b"secret").unwrap();
    std::fs::write(boxed.join("inside.txt"), b"inside").unwrap();
    let link =
        |target: &Path, name: &str| std::os::unix::fs::symlink(target, boxed.join(name)).unwrap();
    link(&outside, "abs");
    link(Path::new("../outside"), "rel");
    link(Path::new("../../../../../../../../.."), "up");
    link(&outside.join("made-through-dangling.txt"), "dangling");
    link(Path::new("inside.txt"), "inlink");
    link(Path::new("/inside.txt"), "abslink");
    let before = snapshot(&outside);

    let o = Command::new(winrun())
        .arg("--root")
        .arg(&boxed)
        .arg(&exe)
        .arg(&outside)
        .current_dir(&scratch)
        .output()
        .expect("running winrun");
    let out = stdout(&o);
    assert!(
        o.status.success() && out.contains(" passed, 0 failed"),
        "the escape attempts did not all fail ({}):\n{out}\n{}",
        o.status,
        stderr(&o)
    );
    assert_eq!(
        snapshot(&outside),
        before,
        "something outside the root changed"
    );
    assert!(!outside.join("made-through-dangling.txt").exists());
    assert_eq!(
        std::fs::read(outside.join("secret.txt")).unwrap(),
        b"secret"
    );
}

#[test]
fn drive_option_maps_a_letter() {
    if !Toolchain::Mingw.available() {
        println!("root: skipped: mingw-w64 is not installed");
        return;
    }
    let dir = build_dir("root");
    let data = dir.join("drive-d");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::write(data.join("Data.TXT"), b"on drive d").unwrap();
    let src = dir.join("drive.c");
    std::fs::write(
        &src,
        br#"#include <stdio.h>
#include <windows.h>
int main(void)
{
    char buf[32] = {0};
    DWORD n = 0;
    HANDLE h = CreateFileA("d:\\data.txt", GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    if (h == INVALID_HANDLE_VALUE)
        return 10;
    ReadFile(h, buf, sizeof buf - 1, &n, NULL);
    printf("%s|%lu|%lx\n", buf, GetDriveTypeA("D:\\"), GetLogicalDrives() & 0x0200000c);
    return 0;
}
"#,
    )
    .unwrap();
    let exe = dir.join("drive.exe");
    compile(Toolchain::Mingw, &[&src], &exe, &["-O1"]);
    let o = Command::new(winrun())
        .arg("--drive")
        .arg(format!("D={}", data.display()))
        .arg(&exe)
        .output()
        .expect("running winrun");
    assert_eq!(
        stdout(&o).trim_end(),
        "on drive d|3|200000c",
        "{}",
        stderr(&o)
    );
}

/// The loader's DLL search under `--root` looks where the program would (its directory, its
/// PATH) inside the root, and reaches no DLL outside it: not through the host's PATH, `..`,
/// or symlinks.
#[test]
fn root_confines_the_dll_search() {
    if !Toolchain::Mingw.available() {
        println!("root: skipped: mingw-w64 is not installed");
        return;
    }
    let dir = build_dir("root_dlls");
    let scratch = dir.join("scratch");
    let _ = std::fs::remove_dir_all(&scratch);
    let boxed = scratch.join("box");
    let app = boxed.join("app");
    let path_dir = boxed.join("pathdir");
    let outside = scratch.join("outside");
    for d in [&app, &path_dir, &outside] {
        std::fs::create_dir_all(d).unwrap();
    }
    let programs = root().join("tests").join("programs");
    let include = root().join("tests").join("conformance").join("include");
    let include = include.to_str().expect("UTF-8 path");
    compile(
        Toolchain::Mingw,
        &[&programs.join("root_dlls.c")],
        &app.join("root_dlls.exe"),
        &["-O1", "-I", include],
    );
    let dll_src = programs.join("root_dll.c");
    for (out, n) in [
        (app.join("near.dll"), 1),
        (path_dir.join("onpath.dll"), 2),
        (outside.join("outside.dll"), 3),
    ] {
        let define = format!("-DWHERE={n}");
        compile(Toolchain::Mingw, &[&dll_src], &out, &["-shared", &define]);
    }
    std::os::unix::fs::symlink(outside.join("outside.dll"), app.join("abslink.dll")).unwrap();
    std::os::unix::fs::symlink("../../outside/outside.dll", app.join("link.dll")).unwrap();

    // The host PATH names the outside directory and, by its path inside the root, pathdir.
    let host_path = format!(
        "{}:/pathdir:{}",
        outside.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let o = Command::new(winrun())
        .arg("--root")
        .arg(&boxed)
        .arg(app.join("root_dlls.exe"))
        .env("PATH", host_path)
        .current_dir(&app)
        .output()
        .expect("running winrun");
    let out = stdout(&o);
    assert!(
        o.status.success() && out.contains(" passed, 0 failed"),
        "the DLL search under --root ({}):\n{out}\n{}",
        o.status,
        stderr(&o)
    );
}

//! A Go program built for Windows with Debian's Go (`GOOS=windows GOARCH=amd64 go build`) runs
//! under winrun: the Go runtime's threads, timers, exception handlers, and its asynchronous
//! preemption through SuspendThread/GetThreadContext/SetThreadContext/ResumeThread.
//! The program is tests/programs/go/main.go; its output is deterministic.

use std::path::PathBuf;
use std::process::Command;
use winrun_tests::{build_dir, root, run, stderr, stdout};

/// Builds tests/programs/`program` into a Windows executable; None (with the reason printed)
/// when there is no Go toolchain (tests/run installs Debian's golang-go).
fn build(program: &str) -> Option<PathBuf> {
    let exe = build_dir("go").join(format!("{program}.exe"));
    let built = Command::new("go")
        .args(["build", "-o"])
        .arg(&exe)
        .arg(".")
        .current_dir(root().join("tests").join("programs").join(program))
        .env("GOOS", "windows")
        .env("GOARCH", "amd64")
        .env("CGO_ENABLED", "0")
        .output();
    match built {
        Err(e) => {
            println!("skipped: no Go toolchain ({e}); tests/run installs golang-go");
            None
        }
        Ok(o) => {
            assert!(
                o.status.success(),
                "go build failed:\n{}",
                String::from_utf8_lossy(&o.stderr)
            );
            Some(exe)
        }
    }
}

#[test]
fn go_program_runs() {
    let Some(exe) = build("go") else { return };
    let dir = build_dir("go").join("files");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let dir_arg = dir.to_str().unwrap();
    let o = run(&exe, &[dir_arg, "two words"]);
    let err = stderr(&o);
    let expected = format!(
        "args: {dir_arg}|two words\n\
         sum of squares: 338350\n\
         slept enough: true afterfunc timer ticks: 3\n\
         select timeout\n\
         read 29 bytes, 3 lines, err=<nil>\n\
         stat: gocheck.txt 29 <nil>\n\
         dir: gocheck.txt\n\
         missing is not-exist: true\n\
         remove: <nil>\n\
         recovered: assignment to entry in nil map\n\
         recovered: runtime error: invalid memory address or nil pointer dereference\n\
         gc ran: true kept: 20\n\
         spinner preempted: true\n\
         goroutines at end: 1\n"
    );
    assert_eq!(stdout(&o), expected, "stderr:\n{err}");
    assert_eq!(o.status.code(), Some(7), "stderr:\n{err}");
    // The runtime's long-path probe (an over-long name in the system directory) gets the
    // error Windows gives when long paths work, so it warns about nothing.
    assert!(
        !err.contains("IsLongPathAwareProcess failed"),
        "the long-path probe failed:\n{err}"
    );
}

/// Symbolic links as Go's os package sees them (tests/programs/golinks): os.Lstat reports the
/// links (FILE_ATTRIBUTE_REPARSE_POINT and the symlink tag), os.Readlink their text, and
/// os.RemoveAll takes the links of a tree, never the directory outside it they point at.
/// Wine 8 cannot run this: its CreateSymbolicLinkW creates nothing.
#[test]
fn go_symlinks() {
    let Some(exe) = build("golinks") else { return };
    let dir = build_dir("go").join("links");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let o = run(&exe, &[dir.to_str().unwrap()]);
    let expected = "abs: lstat link stat dir\n\
         sub\\rel: lstat link stat dir\n\
         file-link: lstat link stat file\n\
         a.txt: lstat file stat file\n\
         readlink abs is the outside directory: true\n\
         readlink rel: ..\\..\\outside\n\
         entries: a.txt:file abs:link file-link:link sub:dir\n\
         removeall: <nil>\n\
         tree gone: true\n\
         outside kept: \"kept\" <nil>\n";
    assert_eq!(stdout(&o), expected, "stderr:\n{}", stderr(&o));
    assert_eq!(o.status.code(), Some(0), "stderr:\n{}", stderr(&o));
    assert_eq!(
        std::fs::read(dir.join("outside").join("keep.txt")).unwrap(),
        b"kept"
    );
}

//! Brotli 1.2.1 built from its sources (the PyPI `brotli` sdist carries the C library, the
//! `brotli` command-line tool and upstream's test data) with mingw-w64 (msvcrt.dll) and with zig
//! (the UCRT), running upstream's own tests under winrun:
//! - the compatibility test: every `tests/testdata/*.compressed*` file decompresses, to a file
//!   and through a pipe, to exactly the original beside it;
//! - the round-trip test: upstream's inputs (four texts, three of brotli's own sources and the
//!   tool itself) compressed at qualities 1, 6, 9 and 11 and decompressed again, to files and
//!   (but for quality 11) through pipes, give back the same bytes;
//! - the tool's own handling of files: refusing to overwrite, missing and corrupt inputs,
//!   suffixes, `--rm`, copying the input's modification time (`stat`/`_utime`), concatenated
//!   streams, verbose reports (printf of doubles, `clock`).
//!
//! Each expectation is what the same builds give under Wine 8:
//! `WINRUN_PROGRAMS_RUNNER=/usr/lib/wine/wine64` runs them there instead. A toolchain that is not
//! installed or a package that cannot be fetched skips with the reason printed.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;
use winrun_tests::source_build::{Built, SourceProgram, built};
use winrun_tests::targets::{Package, Registry};
use winrun_tests::{Toolchain, build_dir, winrun};

const BROTLI: SourceProgram = SourceProgram {
    package: Package {
        registry: Registry::PyPISource,
        name: "brotli",
        version: "1.2.1",
        file: "brotli-1.2.1.tar.gz",
        sha256: "02b2f7b5a83485efe448a44ddf7983def05c3bb1dcf917d4f7154070260e13de",
    },
    dir: "brotli-1.2.1",
    sources: &["c/common", "c/dec", "c/enc", "c/tools/brotli.c"],
    flags: &["-O2", "-Ic/include"],
    exe: "brotli.exe",
};

/// Time limit of one run of the tool.
const RUN_TIMEOUT_SECS: u32 = 120;

/// The build for `toolchain`, made once per test process (both toolchains' builds run in
/// parallel when their tests do); `None` (skipped) when it cannot be had.
fn brotli(toolchain: Toolchain) -> Option<&'static Built> {
    static MINGW: OnceLock<Option<Built>> = OnceLock::new();
    static ZIG: OnceLock<Option<Built>> = OnceLock::new();
    let cell = match toolchain {
        Toolchain::Mingw => &MINGW,
        Toolchain::Zig => &ZIG,
    };
    let build = cell.get_or_init(|| match built(&BROTLI, toolchain) {
        Ok(b) => Some(b),
        Err(reason) => {
            eprintln!("skipped brotli ({}): {reason}", toolchain.name());
            None
        }
    });
    build.as_ref()
}

/// A fresh working directory for one test.
fn work_dir(test: &str, toolchain: Toolchain) -> PathBuf {
    let dir = build_dir("brotli").join(format!("{test}-{}", toolchain.name()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("creating the work directory");
    dir
}

/// Runs the tool in `dir` under winrun (or `WINRUN_PROGRAMS_RUNNER`), feeding `stdin`.
fn run(exe: &Path, dir: &Path, args: &[&str], stdin: &[u8]) -> Output {
    let mut cmd = Command::new("timeout");
    cmd.args(["-k", "5", &RUN_TIMEOUT_SECS.to_string()]);
    match std::env::var_os("WINRUN_PROGRAMS_RUNNER") {
        Some(r) => {
            cmd.arg(r).env("WINEDEBUG", "-all");
        }
        None => {
            cmd.arg(winrun()).env_remove("WINRUN_LOG");
        }
    }
    let mut child = cmd
        .arg(exe)
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starting the tool");
    let mut pipe = child.stdin.take().expect("stdin pipe");
    let input = stdin.to_vec();
    // A writer thread: the tool may fill its stdout before it has read all of its stdin.
    let writer = std::thread::spawn(move || {
        let _ = pipe.write_all(&input);
    });
    let out = child.wait_with_output().expect("running the tool");
    writer.join().expect("the stdin writer");
    out
}

/// Runs the tool and requires exit code 0 with nothing on stderr; returns its stdout.
fn run_ok(exe: &Path, dir: &Path, args: &[&str], stdin: &[u8]) -> Vec<u8> {
    let out = run(exe, dir, args, stdin);
    assert!(
        out.status.success() && out.stderr.is_empty(),
        "`brotli {}` in {}: {:?}, stderr: {}",
        args.join(" "),
        dir.display(),
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Requires exit code 1 and exactly `message` (one line, written in text mode) on stderr.
fn run_fails(exe: &Path, dir: &Path, args: &[&str], message: &str) {
    let out = run(exe, dir, args, b"");
    assert_eq!(
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).as_ref()
        ),
        (Some(1), format!("{message}\r\n").as_str()),
        "`brotli {}`",
        args.join(" ")
    );
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

/// Upstream's compatibility test: each `.compressed*` file decompresses to the file named
/// before `.compressed`, written to a file and streamed from stdin to stdout.
fn compatibility(toolchain: Toolchain) {
    let Some(brotli) = brotli(toolchain) else {
        return;
    };
    let dir = work_dir("compatibility", toolchain);
    let testdata = brotli.tree.join("tests/testdata");
    let mut cases: Vec<(PathBuf, PathBuf)> = std::fs::read_dir(&testdata)
        .expect("listing the test data")
        .map(|e| e.expect("a test data entry").path())
        .filter_map(|path| {
            let name = path.file_name()?.to_str()?.to_string();
            let (original, _) = name.split_once(".compressed")?;
            Some((path.clone(), testdata.join(original)))
        })
        .collect();
    cases.sort();
    assert!(
        cases.len() >= 40,
        "only {} compressed test files",
        cases.len()
    );
    let mut failures = Vec::new();
    for (compressed, original) in &cases {
        let expected = read(original);
        let compressed_arg = compressed.to_str().expect("a UTF-8 path");
        run_ok(&brotli.exe, &dir, &[compressed_arg, "-fdo", "out"], b"");
        if read(&dir.join("out")) != expected {
            failures.push(format!("{} (to a file)", compressed.display()));
        }
        if run_ok(&brotli.exe, &dir, &["-dc"], &read(compressed)) != expected {
            failures.push(format!("{} (streamed)", compressed.display()));
        }
    }
    assert!(
        failures.is_empty(),
        "wrong decompression: {}",
        failures.join(", ")
    );
}

/// Upstream's round-trip test: its inputs at qualities 1, 6, 9 and 11, compressed and
/// decompressed through files and through pipes.
fn roundtrip(toolchain: Toolchain) {
    let Some(brotli) = brotli(toolchain) else {
        return;
    };
    let dir = work_dir("roundtrip", toolchain);
    let inputs = [
        brotli.tree.join("tests/testdata/alice29.txt"),
        brotli.tree.join("tests/testdata/asyoulik.txt"),
        brotli.tree.join("tests/testdata/lcet10.txt"),
        brotli.tree.join("tests/testdata/plrabn12.txt"),
        brotli.tree.join("c/enc/encode.c"),
        brotli.tree.join("c/common/dictionary.h"),
        brotli.tree.join("c/dec/decode.c"),
        brotli.exe.clone(),
    ];
    let mut failures = Vec::new();
    for input in &inputs {
        let original = read(input);
        let input_arg = input.to_str().expect("a UTF-8 path");
        for quality in ["1", "6", "9", "11"] {
            run_ok(
                &brotli.exe,
                &dir,
                &["-fq", quality, input_arg, "-o", "file.br"],
                b"",
            );
            run_ok(&brotli.exe, &dir, &["file.br", "-fdo", "file.unbr"], b"");
            if read(&dir.join("file.unbr")) != original {
                failures.push(format!("{} at {quality} (files)", input.display()));
            }
            // Quality 11 takes seconds a file: it goes through files only, to keep the test
            // within its time; streaming is exercised at the other three.
            if quality == "11" {
                continue;
            }
            let compressed = run_ok(&brotli.exe, &dir, &["-cq", quality], &original);
            if run_ok(&brotli.exe, &dir, &["-cd"], &compressed) != original {
                failures.push(format!("{} at {quality} (pipes)", input.display()));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "round trip broken: {}",
        failures.join(", ")
    );
}

/// The tool's file handling and messages, exactly as under Wine.
fn command_line(toolchain: Toolchain) {
    let Some(brotli) = brotli(toolchain) else {
        return;
    };
    let exe = &brotli.exe;
    let dir = work_dir("command-line", toolchain);
    let original = read(&brotli.tree.join("tests/testdata/alice29.txt"));
    let text = dir.join("alice29.txt");
    std::fs::write(&text, &original).expect("writing the input");
    // 2020-01-02 03:04:05 UTC, to be copied onto the output.
    let mtime = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_577_934_245);
    std::fs::File::options()
        .write(true)
        .open(&text)
        .and_then(|f| f.set_modified(mtime))
        .expect("setting the input's time");

    assert_eq!(run_ok(exe, &dir, &["-V"], b""), b"brotli 1.2.1\r\n");
    run_ok(exe, &dir, &["-q", "5", "alice29.txt"], b"");
    let compressed = dir.join("alice29.txt.br");
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    assert_eq!(
        modified(&compressed),
        Some(mtime),
        "the input's time copied"
    );
    assert!(text.is_file(), "the input is kept by default");
    run_fails(
        exe,
        &dir,
        &["-q", "5", "alice29.txt"],
        "failed to open output file [alice29.txt.br]: File exists",
    );
    run_fails(
        exe,
        &dir,
        &["-d", "missing.br"],
        "failed to open input file [missing.br]: No such file or directory",
    );
    run_fails(
        exe,
        &dir,
        &["-d", "alice29.txt"],
        "input file [alice29.txt] suffix mismatch",
    );
    let truncated = &read(&compressed)[..1000];
    std::fs::write(dir.join("cut.br"), truncated).expect("writing a truncated stream");
    run_fails(exe, &dir, &["-t", "cut.br"], "corrupt input [cut.br]");
    assert_eq!(run_ok(exe, &dir, &["-t", "alice29.txt.br"], b""), b"");

    // -v reports sizes with %0.3f and the time taken (clock) with %1.2f.
    let out = run(exe, &dir, &["-tv", "alice29.txt.br"], b"");
    let report = String::from_utf8_lossy(&out.stderr);
    let (head, tail) = report
        .split_once(" in ")
        .unwrap_or_else(|| panic!("no time in the report {report:?}"));
    assert_eq!(
        (out.status.code(), head),
        (
            Some(0),
            "Decompressed [alice29.txt.br]: 51.571 KiB -> 148.524 KiB"
        )
    );
    let seconds = tail
        .strip_suffix(" sec\r\n")
        .unwrap_or_else(|| panic!("report ends {tail:?}"));
    assert!(
        seconds.parse::<f64>().is_ok_and(|s| s < 60.0)
            && seconds
                .split_once('.')
                .is_some_and(|(_, hundredths)| hundredths.len() == 2),
        "time {seconds:?}"
    );

    // Decompression with --rm removes the input and restores the original and its time.
    std::fs::remove_file(&text).expect("removing the input");
    run_ok(exe, &dir, &["-d", "--rm", "alice29.txt.br"], b"");
    assert_eq!(read(&text), original);
    assert!(!compressed.exists(), "--rm removed the compressed file");
    assert_eq!(modified(&text), Some(mtime));

    // Another suffix, and concatenated streams (-K) read from a pipe.
    run_ok(exe, &dir, &["-S", ".bro", "-q", "3", "alice29.txt"], b"");
    let stream = read(&dir.join("alice29.txt.bro"));
    let twice = [stream.as_slice(), stream.as_slice()].concat();
    let both = [original.as_slice(), original.as_slice()].concat();
    assert_eq!(run_ok(exe, &dir, &["-dcK"], &twice), both);
}

#[test]
fn compatibility_mingw() {
    compatibility(Toolchain::Mingw);
}

#[test]
fn compatibility_zig() {
    compatibility(Toolchain::Zig);
}

#[test]
fn roundtrip_mingw() {
    roundtrip(Toolchain::Mingw);
}

#[test]
fn roundtrip_zig() {
    roundtrip(Toolchain::Zig);
}

#[test]
fn command_line_mingw() {
    command_line(Toolchain::Mingw);
}

#[test]
fn command_line_zig() {
    command_line(Toolchain::Zig);
}

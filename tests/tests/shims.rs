//! Shims end to end (DESIGN §9, shims/README.md): the example shims in `shims/examples` and the
//! test shims in `tests/shims` loaded with `--preload`/`WINRUN_PRELOAD` into small programs
//! built here with mingw-w64, each checked by its observable effect; chains; bad shims; and
//! `--override`.
//!
//! The Rust shims are built with cargo on first use, the C ones with the host `cc`. Tests that
//! need mingw-w64 are skipped, with a message, where it is not installed.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Mutex, OnceLock};
use winrun_tests::{Toolchain, build_dir, compile, root, sample, stderr, stdout, winrun};

/// winrun's exit status for an unusable shim (loader/src/exit.rs).
const BAD_SHIM: i32 = 122;
const DLL_ERROR: i32 = 125;

// ---------------------------------------------------------------------------------------------
// Helpers

/// A Rust example shim (`faketime`, `fsaudit`, `deny_network`), built on first use.
fn rust_shim(name: &str) -> PathBuf {
    static BUILT: OnceLock<()> = OnceLock::new();
    BUILT.get_or_init(|| {
        let profile = winrun().parent().expect("profile directory").to_path_buf();
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let mut cmd = Command::new(cargo);
        cmd.current_dir(root()).args([
            "build",
            "-q",
            "-p",
            "winrun-shim-faketime",
            "-p",
            "winrun-shim-fsaudit",
            "-p",
            "winrun-shim-deny-network",
        ]);
        if profile.file_name().is_some_and(|n| n == "release") {
            cmd.arg("--release");
        }
        assert!(
            cmd.status().expect("running cargo build").success(),
            "building the example shims failed"
        );
    });
    let lib = winrun()
        .parent()
        .expect("profile directory")
        .join(format!("lib{name}_shim.so"));
    assert!(lib.is_file(), "{} was not built", lib.display());
    lib
}

/// `build()`'s output, made once per `key` even when tests run in parallel (they share files).
fn once(key: &str, build: impl FnOnce() -> PathBuf) -> PathBuf {
    static BUILT: Mutex<BTreeMap<String, PathBuf>> = Mutex::new(BTreeMap::new());
    let mut built = BUILT.lock().unwrap_or_else(|e| e.into_inner());
    built.entry(key.to_string()).or_insert_with(build).clone()
}

/// A C shim built with the host compiler from `source` (relative to the workspace) with extra
/// flags, as `lib<name>.so`.
fn c_shim(name: &str, source: &str, flags: &[&str]) -> PathBuf {
    once(name, || build_c_shim(name, source, flags))
}

fn build_c_shim(name: &str, source: &str, flags: &[&str]) -> PathBuf {
    let out = build_dir("shims").join(format!("lib{name}.so"));
    let include = root().join("shims/include");
    let output = Command::new(std::env::var_os("CC").unwrap_or_else(|| "cc".into()))
        .args(["-shared", "-fPIC", "-Wall", "-Wextra", "-Werror", "-I"])
        .arg(&include)
        .args(flags)
        .arg("-o")
        .arg(&out)
        .arg(root().join(source))
        .output()
        .expect("running the host C compiler (cc)");
    assert!(
        output.status.success(),
        "building {source} failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    out
}

/// A test program from tests/shims, built with mingw-w64; `None` (the test is skipped) where
/// mingw-w64 is not installed.
fn program(name: &str, libs: &[&str]) -> Option<PathBuf> {
    if !Toolchain::Mingw.available() {
        eprintln!("skipped: x86_64-w64-mingw32-gcc is not installed");
        return None;
    }
    Some(once(&format!("{name}.exe"), || {
        let out = build_dir("shims").join(format!("{name}.exe"));
        let source = root().join("tests/shims").join(format!("{name}.c"));
        compile(Toolchain::Mingw, &[&source], &out, libs);
        out
    }))
}

/// Runs winrun with `args` and extra environment variables (WINRUN_LOG and WINRUN_PRELOAD of
/// the caller removed, so only what the test sets counts).
fn winrun_with(args: &[&dyn AsRef<std::ffi::OsStr>], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(winrun());
    cmd.env_remove("WINRUN_LOG").env_remove("WINRUN_PRELOAD");
    for a in args {
        cmd.arg(a);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("running winrun")
}

fn assert_exit(o: &Output, want: i32) {
    assert_eq!(
        o.status.code(),
        Some(want),
        "exit status; stdout:\n{}\nstderr:\n{}",
        stdout(o),
        stderr(o)
    );
}

/// What the program printed with stdio, with "\r\n" line ends (stdout is a text-mode stream,
/// as on Windows) read as "\n".
fn printed(o: &Output) -> String {
    stdout(o).replace("\r\n", "\n")
}

/// The line of `winrun check` output about `import` (e.g. "KERNEL32.dll!GetLocalTime").
fn check_line(out: &str, import: &str) -> String {
    out.lines()
        .find(|l| l.contains(&format!(": {import}:")))
        .unwrap_or_else(|| panic!("no line for {import} in:\n{out}"))
        .to_string()
}

// ---------------------------------------------------------------------------------------------
// faketime

#[test]
fn faketime_freezes_the_clock() {
    let exe = sample("clock.exe");
    let shim = rust_shim("faketime");
    let o = winrun_with(
        &[&"--preload", &shim, &exe],
        &[("FAKETIME", "2001-02-03 04:05:06")],
    );
    assert_exit(&o, 0);
    // 2001-02-03T04:05:06Z is Unix time 981173106, FILETIME 126256467060000000; it was a
    // Saturday (day 6).
    assert_eq!(
        printed(&o),
        "GetSystemTime: 2001-02-03 04:05:06.000 day 6\n\
         GetLocalTime: 2001-02-03 04:05:06\n\
         GetSystemTimeAsFileTime: 126256467060000000\n\
         time: 981173106\n\
         NtQuerySystemTime: 0 126256467060000000\n\
         RtlGetSystemTimePrecise: 126256467060000000\n\
         QueryPerformanceCounter advanced: no\n"
    );
}

#[test]
fn faketime_running_clock_starts_at_the_date() {
    let exe = sample("clock.exe");
    let shim = rust_shim("faketime");
    let o = winrun_with(
        &[&"--preload", &shim, &exe],
        &[("FAKETIME", "@2001-02-03 04:05:06")],
    );
    assert_exit(&o, 0);
    let out = printed(&o);
    assert!(
        out.starts_with("GetSystemTime: 2001-02-03 04:05:0"),
        "{out}"
    );
    assert!(out.contains("time: 98117310"), "{out}");
    assert!(
        out.ends_with("QueryPerformanceCounter advanced: yes\n"),
        "{out}"
    );
}

#[test]
fn faketime_refuses_a_malformed_date() {
    let exe = sample("clock.exe");
    let shim = rust_shim("faketime");
    let o = winrun_with(&[&"--preload", &shim, &exe], &[("FAKETIME", "yesterday")]);
    assert_exit(&o, 2);
    assert!(
        stderr(&o).contains("faketime: FAKETIME=\"yesterday\" is not a date"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn check_shows_what_a_shim_takes() {
    let exe = sample("clock.exe");
    let shim = rust_shim("faketime");
    let o = winrun_with(&[&"check", &"--preload", &shim, &exe], &[]);
    let out = stdout(&o);
    for import in [
        "KERNEL32.dll!GetSystemTime",
        "KERNEL32.dll!GetLocalTime",
        "KERNEL32.dll!QueryPerformanceCounter",
        "msvcrt.dll!_time64",
    ] {
        let line = check_line(&out, import);
        assert!(line.contains(": shim faketime (over "), "{line}");
    }
    assert!(
        check_line(&out, "KERNEL32.dll!GetSystemTime").ends_with("shim faketime (over builtin)")
    );
    // Untouched imports read as before.
    assert!(check_line(&out, "KERNEL32.dll!Sleep").ends_with(": builtin"));
}

// ---------------------------------------------------------------------------------------------
// deny-network

/// Runs the netcheck sample against `port` on 127.0.0.1, with `preload` shims.
fn netcheck(port: u16, preload: &[&Path]) -> Output {
    let port = port.to_string();
    let exe = sample("netcheck.exe");
    let mut args: Vec<&dyn AsRef<std::ffi::OsStr>> = Vec::new();
    for p in preload {
        args.push(&"--preload");
        args.push(p);
    }
    args.push(&exe);
    args.push(&"127.0.0.1");
    args.push(&port);
    winrun_with(&args, &[])
}

#[test]
fn deny_network_refuses_a_real_connection() {
    // A port that listens: netcheck connects through winrun's ws2_32, unless the shim refuses.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a loopback listener");
    let port = listener.local_addr().expect("its address").port();
    let o = netcheck(port, &[]);
    assert_exit(&o, 0);
    assert_eq!(printed(&o), format!("connect 127.0.0.1:{port}: ok\n"));
    listener.accept().expect("netcheck's connection");

    let shim = rust_shim("deny_network");
    let o = netcheck(port, &[&shim]);
    assert_exit(&o, 1);
    // WSAEACCES is 10013.
    assert_eq!(
        printed(&o),
        format!("connect 127.0.0.1:{port}: error 10013\n")
    );
    let err = stderr(&o);
    assert!(
        err.contains(&format!("connect to 127.0.0.1:{port} refused")),
        "{err}"
    );
    // Nothing reached the listener.
    listener
        .set_nonblocking(true)
        .expect("non-blocking listener");
    assert!(listener.accept().is_err(), "a connection got through");
}

#[test]
fn deny_network_covers_every_way_to_connect() {
    let Some(exe) = program("net", &["-lws2_32"]) else {
        return;
    };
    let shim = rust_shim("deny_network");
    let o = winrun_with(&[&"--preload", &shim, &exe], &[]);
    assert_exit(&o, 0);
    // GetProcAddress goes through the same binder as the import table, by name and ordinal.
    assert_eq!(
        printed(&o),
        "connect: -1, error 10013\n\
         WSAConnect: -1, error 10013\n\
         GetProcAddress(connect): the import\n\
         GetProcAddress(#4): connect\n\
         dynamic connect: -1, error 10013\n"
    );
    let err = stderr(&o);
    assert!(err.contains("connect to 127.0.0.1:80 refused"), "{err}");
    assert!(err.contains("WSAConnect to 127.0.0.1:80 refused"), "{err}");
}

#[test]
fn deny_network_wraps_the_builtin_ws2_32() {
    let shim = rust_shim("deny_network");
    let o = winrun_with(
        &[&"check", &"--preload", &shim, &sample("netcheck.exe")],
        &[],
    );
    let out = stdout(&o);
    assert!(
        check_line(&out, "WS2_32.dll!connect").ends_with(": shim deny-network (over builtin)"),
        "{out}"
    );
    assert!(
        check_line(&out, "WS2_32.dll!socket").ends_with(": builtin"),
        "{out}"
    );
}

// ---------------------------------------------------------------------------------------------
// C shims: WriteFile byte counter, chains

/// A file of `len` bytes for fcopy, and where its copy goes.
fn copy_files(name: &str, len: usize) -> (PathBuf, PathBuf) {
    let dir = build_dir("shims").join(name);
    std::fs::create_dir_all(&dir).expect("creating the copy test directory");
    let source = dir.join("source.bin");
    let data: Vec<u8> = (0..len).map(|i| (i % 251) as u8).collect();
    std::fs::write(&source, &data).expect("writing the source file");
    let dest = dir.join("dest.bin");
    let _ = std::fs::remove_file(&dest);
    (source, dest)
}

#[test]
fn c_shim_counts_written_bytes() {
    // fcopy writes the copy in 4 KiB blocks with WriteFile; its message goes through printf.
    let shim = c_shim(
        "count_writes",
        "shims/examples/count-writes/count_writes.c",
        &[],
    );
    let (source, dest) = copy_files("count", 10_000);
    let o = winrun_with(
        &[&"--preload", &shim, &sample("fcopy.exe"), &source, &dest],
        &[],
    );
    assert_exit(&o, 0);
    assert_eq!(printed(&o), "copied 10000 bytes\n");
    assert_eq!(stderr(&o), "count-writes: 10000 bytes in 3 calls\n");
    assert_eq!(
        std::fs::read(&dest).expect("the copy"),
        std::fs::read(&source).expect("the source")
    );
}

#[test]
fn shims_apply_to_imports_of_native_dlls() {
    // greet.dll, a native DLL beside usegreet.exe, writes its detach line with WriteFile; the
    // program's own output goes through msvcrt's printf, which imports no WriteFile.
    let shim = c_shim(
        "count_writes",
        "shims/examples/count-writes/count_writes.c",
        &[],
    );
    let log = build_dir("shims").join("count_writes_native.log");
    let _ = std::fs::remove_file(&log);
    let o = winrun_with(
        &[&"--preload", &shim, &sample("usegreet.exe")],
        &[("COUNT_WRITES_LOG", log.to_str().expect("UTF-8 path"))],
    );
    assert_exit(&o, 0);
    let detach = "greet.dll: detach\n";
    assert!(stdout(&o).ends_with(detach), "{}", stdout(&o));
    assert_eq!(
        std::fs::read_to_string(&log).expect("the shim's report"),
        format!("count-writes: {} bytes in 1 calls\n", detach.len())
    );
}

#[test]
fn shims_replace_native_dll_exports_by_name_and_ordinal() {
    // usegreet.exe checks what greet.dll's exports return; the shim changes two of them, one
    // imported by name, one found with GetProcAddress by ordinal (exported without a name).
    let shim = c_shim("greet_test", "tests/shims/greet_shim.c", &[]);
    let o = winrun_with(&[&"--preload", &shim, &sample("usegreet.exe")], &[]);
    assert_exit(&o, 1);
    let out = printed(&o);
    assert!(
        out.contains("greet_calls: 1002\n  ^ unexpected: greet_calls == 2\n"),
        "{out}"
    );
    assert!(
        out.contains("GetProcAddress(ordinal 7): 43\n  ^ unexpected: ordinal 7 returns 42\n"),
        "{out}"
    );
    // Everything else is as without the shim.
    assert!(out.contains("greet: Hello, winrun! (14)\n"), "{out}");
    let o = winrun_with(
        &[&"check", &"--preload", &shim, &sample("usegreet.exe")],
        &[],
    );
    let out = stdout(&o);
    assert!(
        check_line(&out, "greet.dll!greet_calls").ends_with(": shim greet-test (over native)"),
        "{out}"
    );
    assert!(
        check_line(&out, "greet.dll!greet").ends_with(": native"),
        "{out}"
    );
}

#[test]
fn shims_apply_to_delay_loaded_imports() {
    if !Toolchain::Mingw.available() {
        eprintln!("skipped: x86_64-w64-mingw32-gcc is not installed");
        return;
    }
    // delay.exe reaches greet_calls through mingw's delay-load import library, whose helper
    // resolves the function on first call (LoadLibrary + GetProcAddress).
    let dir = build_dir("shims").join("delay");
    std::fs::create_dir_all(&dir).expect("creating the delay-load test directory");
    std::fs::copy(sample("greet.dll"), dir.join("greet.dll")).expect("copying greet.dll");
    let delaylib = dir.join("libgreet_delay.a");
    let status = Command::new("x86_64-w64-mingw32-dlltool")
        .arg("--input-def")
        .arg(root().join("samples/greet/greet.def"))
        .arg("--output-delaylib")
        .arg(&delaylib)
        .args(["--dllname", "greet.dll"])
        .status()
        .expect("running x86_64-w64-mingw32-dlltool");
    assert!(status.success(), "dlltool failed");
    let exe = dir.join("delay.exe");
    compile(
        Toolchain::Mingw,
        &[&root().join("tests/shims/delay.c"), &delaylib],
        &exe,
        &[],
    );
    let o = winrun_with(&[&exe], &[]);
    assert_exit(&o, 0);
    assert_eq!(printed(&o), "greet_calls: 0\ngreet.dll: detach\n");
    let shim = c_shim("greet_test", "tests/shims/greet_shim.c", &[]);
    let o = winrun_with(&[&"--preload", &shim, &exe], &[]);
    assert_exit(&o, 0);
    assert_eq!(printed(&o), "greet_calls: 1000\ngreet.dll: detach\n");
}

fn tag_shim(tag: &str) -> PathBuf {
    c_shim(
        &format!("tag_{tag}"),
        "tests/shims/tag_shim.c",
        &[&format!("-DTAG=\"{tag}\"")],
    )
}

#[test]
fn chained_shims_run_in_preload_order() {
    let Some(exe) = program("writes", &[]) else {
        return;
    };
    let (a, b) = (tag_shim("a"), tag_shim("b"));
    let once = |first: &str, second: &str| {
        format!("enter {first}\nenter {second}\nleave {second}\nleave {first}\n")
    };
    // The earlier preload wins; its `next` is the later one, whose `next` is the builtin.
    let o = winrun_with(&[&"--preload", &a, &"--preload", &b, &exe], &[]);
    assert_exit(&o, 0);
    assert_eq!(stdout(&o), "hello\nworld!!\n");
    assert_eq!(stderr(&o), once("a", "b").repeat(2));

    let o = winrun_with(&[&"--preload", &b, &"--preload", &a, &exe], &[]);
    assert_exit(&o, 0);
    assert_eq!(stderr(&o), once("b", "a").repeat(2));

    // WINRUN_PRELOAD (colon-separated, like LD_PRELOAD) comes after --preload.
    let env = format!("{}:{}", a.display(), b.display());
    let o = winrun_with(&[&exe], &[("WINRUN_PRELOAD", &env)]);
    assert_exit(&o, 0);
    assert_eq!(stderr(&o), once("a", "b").repeat(2));
    let o = winrun_with(
        &[&"--preload", &b, &exe],
        &[("WINRUN_PRELOAD", a.to_str().expect("UTF-8 path"))],
    );
    assert_eq!(stderr(&o), once("b", "a").repeat(2));
}

#[test]
fn fsaudit_logs_the_files_a_program_opens() {
    let fsaudit = rust_shim("fsaudit");
    let (source, dest) = copy_files("fsaudit", 100);
    let log = build_dir("shims").join("fsaudit.jsonl");
    let _ = std::fs::remove_file(&log);
    let missing = source.with_file_name("missing.bin");
    for from in [&source, &missing] {
        winrun_with(
            &[&"--preload", &fsaudit, &sample("fcopy.exe"), from, &dest],
            &[("FSAUDIT_LOG", log.to_str().expect("UTF-8 path"))],
        );
    }
    let lines = std::fs::read_to_string(&log).expect("fsaudit's log");
    let lines: Vec<&str> = lines.lines().collect();
    assert_eq!(lines.len(), 3, "{lines:?}");
    // winrun's CreateFileW opened the files: real handles, the paths as the program gave them.
    let json_path = |p: &Path| p.display().to_string().replace('\\', "\\\\");
    let opened = |line: &str, path: &Path, access: &str, disposition: &str| {
        let head = format!(
            r#"{{"api":"CreateFileW","path":"{}","access":["{access}"],"#,
            json_path(path)
        );
        assert!(line.starts_with(&head), "{line}");
        assert!(
            line.contains(&format!(
                r#""disposition":"{disposition}","ok":true,"handle":"0x"#
            )),
            "{line}"
        );
    };
    opened(lines[0], &source, "read", "open_existing");
    opened(lines[1], &dest, "write", "create_always");
    assert_eq!(
        lines[2],
        format!(
            r#"{{"api":"CreateFileW","path":"{}","access":["read"],"access_mask":"0x80000000","disposition":"open_existing","ok":false,"error":2}}"#,
            json_path(&missing)
        )
    );
}

#[test]
fn rust_and_c_shims_chain_on_one_function() {
    // fsaudit (Rust) logs after the call it wraps returns; open-tag (C) says when it is entered
    // and left. Both wrap CreateFileW, in preload order, over winrun's own.
    let fsaudit = rust_shim("fsaudit");
    let tag = c_shim("open_tag", "tests/shims/open_tag_shim.c", &[]);
    let (source, dest) = copy_files("chain", 10);
    let fcopy = sample("fcopy.exe");
    let audit = |path: &Path| format!(r#"{{"api":"CreateFileW","path":"{}""#, path.display());

    let o = winrun_with(
        &[
            &"--preload",
            &fsaudit,
            &"--preload",
            &tag,
            &fcopy,
            &source,
            &dest,
        ],
        &[],
    );
    assert_exit(&o, 0);
    assert_eq!(printed(&o), "copied 10 bytes\n");
    let err: Vec<String> = stderr(&o).lines().map(str::to_string).collect();
    assert_eq!(err.len(), 6, "{err:?}");
    for (i, path) in [&source, &dest].iter().enumerate() {
        assert_eq!(err[3 * i], "enter open-tag");
        assert_eq!(err[3 * i + 1], "leave open-tag");
        assert!(
            err[3 * i + 2].starts_with(&audit(path)),
            "{}",
            err[3 * i + 2]
        );
    }

    let o = winrun_with(
        &[
            &"--preload",
            &tag,
            &"--preload",
            &fsaudit,
            &fcopy,
            &source,
            &dest,
        ],
        &[],
    );
    assert_exit(&o, 0);
    let err: Vec<String> = stderr(&o).lines().map(str::to_string).collect();
    assert_eq!(err.len(), 6, "{err:?}");
    for (i, path) in [&source, &dest].iter().enumerate() {
        assert_eq!(err[3 * i], "enter open-tag");
        assert!(
            err[3 * i + 1].starts_with(&audit(path)),
            "{}",
            err[3 * i + 1]
        );
        assert_eq!(err[3 * i + 2], "leave open-tag");
    }
}

// ---------------------------------------------------------------------------------------------
// Bad shims: one clear line naming the shim (and entry), exit BAD_SHIM, the program not started

fn assert_refused(shim: &Path, want: &str) {
    let o = winrun_with(&[&"--preload", &shim, &sample("hello.exe")], &[]);
    assert_exit(&o, BAD_SHIM);
    assert!(o.stdout.is_empty(), "the program ran: {}", stdout(&o));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("winrun: shim "), "{err}");
    assert!(err.contains(want), "expected {want:?} in {err}");
}

#[test]
fn missing_shim_file_is_refused() {
    let missing = build_dir("shims").join("no-such-shim.so");
    assert_refused(
        &missing,
        "no-such-shim.so: cannot open shared object file: No such file or directory",
    );
}

#[test]
fn library_without_entry_is_refused() {
    let lib = c_shim("not_a_shim", "tests/shims/not_a_shim.c", &[]);
    assert_refused(
        &lib,
        "not a winrun shim (it exports no `winrun_shim` function)",
    );
}

#[test]
fn wrong_abi_version_is_refused() {
    let lib = c_shim("bad_version", "tests/shims/bad_shim.c", &["-DBAD_VERSION"]);
    assert_refused(
        &lib,
        "built for shim ABI version 99, but this winrun reads version 1",
    );
}

#[test]
fn unknown_dll_is_refused() {
    let lib = c_shim("bad_dll", "tests/shims/bad_shim.c", &["-DBAD_DLL"]);
    assert_refused(&lib, "shim bad (");
    assert_refused(&lib, "entry kernel33!GetTickCount: no DLL kernel33");
}

#[test]
fn duplicate_entry_is_refused() {
    let lib = c_shim("duplicate", "tests/shims/bad_shim.c", &["-DDUPLICATE"]);
    // "kernel32" and "KERNEL32.dll" are one DLL.
    assert_refused(
        &lib,
        "entry KERNEL32.dll!WriteFile: listed twice in this shim",
    );
}

#[test]
fn misspelt_function_is_refused() {
    let lib = c_shim("bad_case", "tests/shims/bad_shim.c", &["-DBAD_CASE"]);
    assert_refused(
        &lib,
        "entry kernel32!writefile: KERNEL32.dll has no export writefile; did you mean WriteFile?",
    );
}

#[test]
fn entry_without_name_or_ordinal_is_refused() {
    let lib = c_shim("no_name", "tests/shims/bad_shim.c", &["-DNO_NAME"]);
    assert_refused(
        &lib,
        "entry #0: kernel32: neither a function name nor an ordinal",
    );
}

#[test]
fn implausible_entry_count_is_refused() {
    let lib = c_shim("huge_count", "tests/shims/bad_shim.c", &["-DHUGE_COUNT"]);
    assert_refused(&lib, "malformed table: 100000 entries (at most 4096)");
}

#[test]
fn one_bad_shim_refuses_the_whole_set() {
    let Some(exe) = program("writes", &[]) else {
        return;
    };
    let good = tag_shim("a");
    let bad = c_shim("bad_version", "tests/shims/bad_shim.c", &["-DBAD_VERSION"]);
    let o = winrun_with(&[&"--preload", &good, &"--preload", &bad, &exe], &[]);
    assert_exit(&o, BAD_SHIM);
    assert!(o.stdout.is_empty(), "{}", stdout(&o));
    assert!(!stderr(&o).contains("enter a"), "{}", stderr(&o));
    // `check` refuses the same way.
    let o = winrun_with(&[&"check", &"--preload", &bad, &exe], &[]);
    assert_exit(&o, BAD_SHIM);
}

// ---------------------------------------------------------------------------------------------
// --override

/// A directory with `argc.exe` (prints what CommandLineToArgvW counts) and a native
/// `shell32.dll` of our own whose CommandLineToArgvW always counts 99.
fn override_setup() -> Option<PathBuf> {
    if !Toolchain::Mingw.available() {
        eprintln!("skipped: x86_64-w64-mingw32-gcc is not installed");
        return None;
    }
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    Some(
        DIR.get_or_init(|| {
            let dir = build_dir("shims").join("override");
            std::fs::create_dir_all(&dir).expect("creating the override test directory");
            let src = root().join("tests/shims");
            compile(
                Toolchain::Mingw,
                &[&src.join("fake_shell32.c")],
                &dir.join("shell32.dll"),
                &["-shared"],
            );
            compile(
                Toolchain::Mingw,
                &[&src.join("argc.c")],
                &dir.join("argc.exe"),
                &["-lshell32"],
            );
            dir
        })
        .clone(),
    )
}

#[test]
fn override_chooses_native_or_builtin() {
    let Some(dir) = override_setup() else { return };
    let exe = dir.join("argc.exe");
    // The builtin SHELL32 wins by default, even with a shell32.dll beside the program.
    let o = winrun_with(&[&exe, &"x", &"y"], &[]);
    assert_exit(&o, 0);
    assert_eq!(printed(&o), "argc 3\n");
    let o = winrun_with(&[&"--override", &"shell32=native", &exe, &"x", &"y"], &[]);
    assert_exit(&o, 0);
    assert_eq!(printed(&o), "argc 99\n");
    let o = winrun_with(
        &[&"--override", &"SHELL32.dll=builtin", &exe, &"x", &"y"],
        &[],
    );
    assert_exit(&o, 0);
    assert_eq!(printed(&o), "argc 3\n");
    // `check` reports what the override chose.
    let o = winrun_with(&[&"check", &"--override", &"shell32=native", &exe], &[]);
    assert!(
        check_line(&printed(&o), "SHELL32.dll!CommandLineToArgvW").ends_with(": native"),
        "{}",
        printed(&o)
    );
}

#[test]
fn override_native_falls_back_to_builtin() {
    // No shell32.dll beside hello.exe's imports: kernel32 native is nowhere, so builtin.
    let o = winrun_with(
        &[&"--override", &"msvcrt=native", &sample("hello.exe")],
        &[],
    );
    assert_exit(&o, 0);
    assert_eq!(o.stdout, b"Hello from winrun!\r\n");
}

#[test]
fn override_builtin_never_loads_the_native_dll() {
    // greet.dll has no builtin: forcing builtin leaves it not found.
    let o = winrun_with(
        &[&"--override", &"greet=builtin", &sample("usegreet.exe")],
        &[],
    );
    assert_exit(&o, DLL_ERROR);
    assert!(stderr(&o).contains("greet.dll not found"), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("--override greet=builtin"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn malformed_override_is_a_usage_error() {
    let o = winrun_with(&[&"--override", &"shell32", &sample("hello.exe")], &[]);
    assert_exit(&o, 2);
    assert!(
        stderr(&o).contains("expected DLL=native or DLL=builtin"),
        "{}",
        stderr(&o)
    );
    let o = winrun_with(
        &[&"--override", &"shell32=maybe", &sample("hello.exe")],
        &[],
    );
    assert_exit(&o, 2);
    assert!(
        stderr(&o).contains("neither native nor builtin"),
        "{}",
        stderr(&o)
    );
}

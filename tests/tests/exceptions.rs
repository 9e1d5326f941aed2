//! Exceptions end to end: unhandled exceptions end the process with their code and a report, and
//! MinGW g++ programs throw and catch C++ exceptions through winrun's SEH (DESIGN §8). The
//! per-API checks are the conformance program tests/conformance/ntdll/exception.c.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use winrun_tests::{Toolchain, build_dir, compile, root, run, stderr, stdout};

fn source(name: &str) -> PathBuf {
    root().join("tests").join("exceptions").join(name)
}

/// crash.exe, built once for all the tests that run it.
fn crash_exe() -> PathBuf {
    static EXE: OnceLock<PathBuf> = OnceLock::new();
    EXE.get_or_init(|| {
        let exe = build_dir("exceptions").join("crash.exe");
        compile(Toolchain::Mingw, &[&source("crash.c")], &exe, &["-O1"]);
        exe
    })
    .clone()
}

/// Runs crash.exe in `mode`; checks the exit status (the NTSTATUS; Linux keeps its low 8 bits),
/// that the line printed before the crash arrived, and the report's start.
fn check_crash(exe: &Path, mode: &str, ntstatus: u32, report: &str) {
    let o = run(exe, &[mode]);
    assert_eq!(
        o.status.code(),
        Some((ntstatus & 0xFF) as i32),
        "{mode}: stderr:\n{}",
        stderr(&o)
    );
    assert_eq!(stdout(&o), format!("before {mode}\r\n"), "{mode}");
    let err = stderr(&o);
    assert!(
        err.starts_with(report) && err.ends_with('\n') && err.lines().count() == 1,
        "{mode}: stderr {err:?}, expected a line starting {report:?}"
    );
}

#[test]
fn unhandled_exceptions_end_the_process_with_their_code() {
    if !Toolchain::Mingw.available() {
        println!("skipped: mingw-w64 gcc is not installed");
        return;
    }
    let exe = crash_exe();
    check_crash(
        &exe,
        "write",
        0xC000_0005,
        "winrun: unhandled exception 0xC0000005 (access violation writing 0x0000000000000010) at crash.exe+0x",
    );
    check_crash(
        &exe,
        "read",
        0xC000_0005,
        "winrun: unhandled exception 0xC0000005 (access violation reading 0x0000000000000020) at crash.exe+0x",
    );
    check_crash(
        &exe,
        "divide",
        0xC000_0094,
        "winrun: unhandled exception 0xC0000094 (integer division by zero) at crash.exe+0x",
    );
    check_crash(
        &exe,
        "raise",
        0xE000_0042,
        "winrun: unhandled exception 0xE0000042 (exception) at crash.exe+0x",
    );
    check_crash(
        &exe,
        "overflow",
        0xC000_00FD,
        "winrun: unhandled exception 0xC00000FD (stack overflow) at crash.exe+0x",
    );
    check_crash(
        &exe,
        "fastfail",
        0xC000_0409,
        "winrun: unhandled exception 0xC0000409 (fast fail) at crash.exe+0x",
    );
}

#[test]
fn a_fault_in_a_dll_names_the_dll_and_the_export() {
    if !Toolchain::Mingw.available() {
        println!("skipped: mingw-w64 gcc is not installed");
        return;
    }
    let exe = crash_exe();
    let dll = exe.with_file_name("crashdll.dll");
    compile(
        Toolchain::Mingw,
        &[&source("crashdll.c")],
        &dll,
        &["-O1", "-shared"],
    );
    check_crash(
        &exe,
        "dll",
        0xC000_0005,
        "winrun: unhandled exception 0xC0000005 (access violation writing 0x0000000000000040) at crashdll.dll+0x",
    );
    let o = run(&exe, &["dll"]);
    assert!(stderr(&o).contains(" (crash_in_dll"), "{}", stderr(&o));
}

#[test]
fn a_bad_pointer_given_to_an_api_is_an_access_violation_in_that_api() {
    if !Toolchain::Mingw.available() {
        println!("skipped: mingw-w64 gcc is not installed");
        return;
    }
    let o = run(&crash_exe(), &["badptr"]);
    assert_eq!(o.status.code(), Some(5), "stderr:\n{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.starts_with(
            "winrun: unhandled exception 0xC0000005 (access violation reading \
             0x0000000000000030) in msvcrt.dll!strlen called from crash.exe+0x"
        ),
        "stderr {err:?}"
    );
}

#[test]
fn a_filter_that_executes_the_handler_ends_the_process_quietly() {
    if !Toolchain::Mingw.available() {
        println!("skipped: mingw-w64 gcc is not installed");
        return;
    }
    let o = run(&crash_exe(), &["filter"]);
    assert_eq!(o.status.code(), Some(0x44), "stderr:\n{}", stderr(&o));
    assert_eq!(stdout(&o), "before filter\r\nfilter saw 0xe0000044\r\n");
    assert_eq!(stderr(&o), "");
}

#[test]
fn vectored_handlers_may_continue_noncontinuable_exceptions() {
    if !Toolchain::Mingw.available() {
        println!("skipped: mingw-w64 gcc is not installed");
        return;
    }
    let o = run(&crash_exe(), &["noncontinuable"]);
    assert_eq!(o.status.code(), Some(0), "stderr:\n{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "before noncontinuable\r\nafter noncontinuable\r\n"
    );
}

const GXX: &str = "x86_64-w64-mingw32-g++-win32";

/// Builds C++ sources with mingw-w64 g++ (win32 thread model, everything static so no
/// libstdc++/libgcc DLLs are needed) into `out` in the test build directory; `None` when g++ is
/// not installed.
fn build_cpp(sources: &[&str], out: &str, extra: &[&str]) -> Option<PathBuf> {
    if Command::new(GXX).arg("--version").output().is_err() {
        println!("skipped: {GXX} is not installed");
        return None;
    }
    let dir = build_dir("exceptions");
    let exe = dir.join(out);
    let o = Command::new(GXX)
        .args(sources.iter().map(|s| source(s)))
        .args(["-O2", "-static", "-o"])
        .arg(&exe)
        .args(extra)
        .current_dir(&dir)
        .output()
        .expect("running g++");
    assert!(o.status.success(), "g++ failed:\n{}", stderr(&o));
    Some(exe)
}

/// Runs a C++ test program; `None` (the test is skipped, saying why) when it stopped at an API
/// winrun does not implement yet: libstdc++ initialises its locks with kernel32 semaphores,
/// which come with the threads work.
fn run_cpp(exe: &Path) -> Option<std::process::Output> {
    let o = run(exe, &[]);
    let err = stderr(&o);
    if o.status.code() == Some(121) && err.starts_with("winrun: unimplemented:") {
        println!(
            "skipped: {} stopped at an unimplemented API: {err}",
            exe.display()
        );
        return None;
    }
    Some(o)
}

#[test]
fn cpp_throw_and_catch() {
    let Some(exe) = build_cpp(&["throw.cpp"], "throw.exe", &[]) else {
        return;
    };
    let Some(o) = run_cpp(&exe) else {
        return;
    };
    assert_eq!(
        o.status.code(),
        Some(0),
        "stdout:\n{}\nstderr:\n{}",
        stdout(&o),
        stderr(&o)
    );
    assert_eq!(stdout(&o), "10 passed, 0 failed\r\n");
}

#[test]
fn cpp_exceptions_cross_dll_boundaries() {
    let Some(_dll) = build_cpp(
        &["dllthrow.cpp"],
        "dllthrow.dll",
        &["-shared", "-Wl,--out-implib,libdllthrow.a"],
    ) else {
        return;
    };
    let Some(exe) = build_cpp(&["usedll.cpp"], "usedll.exe", &["-L.", "-ldllthrow"]) else {
        return;
    };
    let Some(o) = run_cpp(&exe) else {
        return;
    };
    assert_eq!(o.status.code(), Some(0), "stderr:\n{}", stderr(&o));
    assert_eq!(stdout(&o), "from dll 6\r\n");
}

/// Runs `python3 -m ziglang args` in `dir`; panics with its output on failure.
fn zig(dir: &Path, args: &[&std::ffi::OsStr]) {
    let o = Command::new("python3")
        .args(["-m", "ziglang"])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("running zig");
    assert!(o.status.success(), "zig {args:?} failed:\n{}", stderr(&o));
}

/// Builds tests/exceptions/msvc/eh.cpp and the DLL it uses, thrower.cpp, for the MSVC ABI with
/// zig's clang, linked by lld-link without a C runtime against import libraries made from the
/// .def files beside them: their C++ exceptions go through vcruntime140's `_CxxThrowException`
/// and `__CxxFrameHandler3`. `None` when zig is not installed.
fn build_msvc() -> Option<PathBuf> {
    if !Toolchain::Zig.available() {
        println!("skipped: zig is not installed");
        return None;
    }
    let dir = build_dir("exceptions-msvc");
    let src = root().join("tests").join("exceptions").join("msvc");
    for dll in ["vcruntime140", "ucrtbase", "kernel32"] {
        let def = src.join(format!("{dll}.def"));
        let lib = format!("{dll}.lib");
        zig(
            &dir,
            &[
                "dlltool".as_ref(),
                "-m".as_ref(),
                "i386:x86-64".as_ref(),
                "-d".as_ref(),
                def.as_os_str(),
                "-l".as_ref(),
                lib.as_ref(),
            ],
        );
    }
    let compile = |source: &str, extra: &[&str]| {
        let cpp = src.join(source);
        let obj = Path::new(source).with_extension("obj");
        let mut args: Vec<&std::ffi::OsStr> = [
            "c++",
            "-target",
            "x86_64-windows-msvc",
            "-fms-extensions",
            "-fexceptions",
            "-fcxx-exceptions",
            "-fno-stack-protector",
            "-O1",
            "-c",
        ]
        .iter()
        .map(|a| a.as_ref())
        .collect();
        args.extend(extra.iter().map(std::ffi::OsStr::new));
        args.extend([cpp.as_os_str(), "-o".as_ref(), obj.as_os_str()]);
        zig(&dir, &args);
    };
    let link = |args: &[&str]| {
        let mut all = vec!["lld-link", "/nodefaultlib"];
        all.extend_from_slice(args);
        let all: Vec<&std::ffi::OsStr> = all.iter().map(|a| a.as_ref()).collect();
        zig(&dir, &all);
    };
    compile("thrower.cpp", &["-fasync-exceptions"]);
    link(&[
        "/dll",
        "/noentry",
        "/out:thrower.dll",
        "/implib:thrower.lib",
        "thrower.obj",
        "vcruntime140.lib",
    ]);
    compile("eh.cpp", &[]);
    link(&[
        "/entry:start",
        "/subsystem:console",
        "/out:eh.exe",
        "eh.obj",
        "vcruntime140.lib",
        "ucrtbase.lib",
        "kernel32.lib",
        "thrower.lib",
    ]);
    compile("rtti.cpp", &[]);
    link(&[
        "/entry:start",
        "/subsystem:console",
        "/out:rtti.exe",
        "rtti.obj",
        "vcruntime140.lib",
        "ucrtbase.lib",
        "kernel32.lib",
    ]);
    Some(dir.join("eh.exe"))
}

fn msvc_eh_exe() -> Option<PathBuf> {
    static EXE: OnceLock<Option<PathBuf>> = OnceLock::new();
    EXE.get_or_init(build_msvc).clone()
}

#[test]
fn msvc_cpp_exceptions_catch_by_type_and_unwind() {
    let Some(exe) = msvc_eh_exe() else {
        return;
    };
    let o = run(&exe, &[]);
    assert_eq!(
        stdout(&o),
        "35 passed, 0 failed\r\n",
        "stderr:\n{}",
        stderr(&o)
    );
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn msvc_cpp_exceptions_terminate() {
    let Some(exe) = msvc_eh_exe() else {
        return;
    };
    // An exception leaving a noexcept function ends in std::terminate and the thread's handler,
    // even with a matching catch further out.
    let o = run(&exe, &["terminate"]);
    assert_eq!(
        stdout(&o),
        "terminate handler\r\n",
        "stderr:\n{}",
        stderr(&o)
    );
    assert_eq!(o.status.code(), Some(42));
    // `throw;` with no exception being handled terminates too. (Wine 8 crashes here instead.)
    let o = run(&exe, &["rethrow"]);
    assert_eq!(
        stdout(&o),
        "terminate handler\r\n",
        "stderr:\n{}",
        stderr(&o)
    );
    assert_eq!(o.status.code(), Some(42));
    // Nothing catches: without a C runtime's filter, the exception ends the process.
    let o = run(&exe, &["unhandled"]);
    assert_eq!(stdout(&o), "throwing\r\n");
    assert_eq!(o.status.code(), Some(0x63)); // 0xE06D7363
    assert!(
        stderr(&o)
            .starts_with("winrun: unhandled exception 0xE06D7363 (C++ exception) at eh.exe+0x"),
        "{}",
        stderr(&o)
    );
}

/// dynamic_cast and typeid through vcruntime140's RTTI functions. The same program gives the
/// same line with Microsoft's vcruntime140.dll under Wine; with Wine's own, 4 checks fail (it casts
/// to ambiguous and private bases, and its bad_typeid says "NULL pointer").
#[test]
fn msvc_rtti_casts_and_typeids() {
    let Some(exe) = msvc_eh_exe() else {
        return;
    };
    let o = run(&exe.with_file_name("rtti.exe"), &[]);
    assert_eq!(
        stdout(&o),
        "42 passed, 0 failed\r\n",
        "stderr:\n{}",
        stderr(&o)
    );
    assert_eq!(o.status.code(), Some(0));
}

/// setuptools' console launcher (an MSVC program: vcruntime140 and the UCRT) copied as demo.exe
/// without its demo-script.py: it reports the missing script and exits with 2, as under Wine
/// (which prints the same line with its Z: drive where winrun has C:). The launcher comes from
/// the downloaded targets (WINRUN_TARGETS, default /tmp/targets/x).
#[test]
fn msvc_launcher_reports_its_missing_script() {
    let targets = std::env::var_os("WINRUN_TARGETS").unwrap_or_else(|| "/tmp/targets/x".into());
    let launcher = Path::new(&targets).join("setuptools/setuptools/cli-64.exe");
    if !launcher.exists() {
        println!("skipped: {} is not there", launcher.display());
        return;
    }
    let dir = build_dir("launcher");
    let exe = dir.join("demo.exe");
    std::fs::copy(&launcher, &exe).expect("copying the launcher");
    let o = run(&exe, &[]);
    let windows_dir = dir.display().to_string().replace('/', "\\");
    assert_eq!(
        stderr(&o),
        format!("Cannot open \\\\?\\C:{windows_dir}\\demo-script.py\r\n")
    );
    assert_eq!(stdout(&o), "");
    assert_eq!(o.status.code(), Some(2));
}

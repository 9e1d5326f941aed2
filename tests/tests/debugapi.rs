//! OutputDebugString: Windows shows the string only to an attached debugger, so under winrun it
//! reaches neither stream, unless `WINRUN_LOG=debugstr` asks for it on stderr (Wine's `debugstr`
//! channel).

use std::process::Command;
use winrun_tests::{Toolchain, build_dir, compile, winrun};

const PROGRAM: &str = r#"#include <stdio.h>
#include <windows.h>
int main(void)
{
    printf("before\n");
    fflush(stdout);
    OutputDebugStringA("narrow debug text\n");
    OutputDebugStringW(L"wide debug text \x263a");
    printf("after\n");
    return 3;
}
"#;

#[test]
fn debug_strings_reach_only_the_trace() {
    if !Toolchain::Mingw.available() {
        println!("debugapi: skipped: needs mingw-w64");
        return;
    }
    let dir = build_dir("debugapi");
    let src = dir.join("debugstr.c");
    std::fs::write(&src, PROGRAM).unwrap();
    let exe = dir.join("debugstr.exe");
    compile(Toolchain::Mingw, &[&src], &exe, &["-O1"]);

    let quiet = Command::new(winrun())
        .arg(&exe)
        .env_remove("WINRUN_LOG")
        .output()
        .expect("running winrun");
    assert_eq!(quiet.status.code(), Some(3));
    assert_eq!(quiet.stdout, b"before\r\nafter\r\n");
    assert_eq!(String::from_utf8_lossy(&quiet.stderr), "");

    let traced = Command::new(winrun())
        .arg(&exe)
        .env("WINRUN_LOG", "debugstr")
        .output()
        .expect("running winrun");
    assert_eq!(traced.status.code(), Some(3));
    assert_eq!(traced.stdout, b"before\r\nafter\r\n");
    let stderr = String::from_utf8_lossy(&traced.stderr);
    let narrow = stderr
        .find("narrow debug text")
        .expect("the A string is traced");
    let wide = stderr
        .find("wide debug text \u{263a}")
        .expect("the W string is traced");
    assert!(narrow < wide, "in call order: {stderr}");
}

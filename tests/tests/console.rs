//! The console on a terminal (consoleapi*.h), through a pseudo-terminal made by script(1):
//! the screen buffer has the terminal's size, text attributes become ANSI colours, wide
//! output is UTF-8, and console input is read a line at a time with "\r\n" line ends.

use std::io::Write;
use std::process::{Command, Stdio};
use winrun_tests::{Toolchain, build_dir, compile, winrun};

const PROGRAM: &str = r#"#include <stdio.h>
#include <windows.h>
int main(void)
{
    HANDLE out = GetStdHandle(STD_OUTPUT_HANDLE), in = GetStdHandle(STD_INPUT_HANDLE);
    CONSOLE_SCREEN_BUFFER_INFO info;
    DWORD mode = 0, n = 0;
    WCHAR line[64];
    char small[3];
    if (!GetConsoleScreenBufferInfo(out, &info))
        return 10;
    printf("size %dx%d window %d,%d-%d,%d attr %x type %lu mode %d\n", info.dwSize.X, info.dwSize.Y,
           info.srWindow.Left, info.srWindow.Top, info.srWindow.Right, info.srWindow.Bottom,
           info.wAttributes, GetFileType(out), GetConsoleMode(out, &mode));
    fflush(stdout);
    SetConsoleTextAttribute(out, FOREGROUND_RED | FOREGROUND_INTENSITY);
    WriteConsoleW(out, L"red \x2713", 5, &n, NULL);
    SetConsoleTextAttribute(out, FOREGROUND_RED | FOREGROUND_GREEN | FOREGROUND_BLUE);
    printf("|wrote %lu\n", n);
    fflush(stdout);
    if (!ReadConsoleW(in, line, 64, &n, NULL))
        return 11;
    char utf8[64] = {0};
    WideCharToMultiByte(CP_UTF8, 0, line, (int)n, utf8, sizeof utf8, NULL, NULL);
    printf("read %lu [%s]\n", n, utf8);
    if (!ReadConsoleA(in, small, 3, &n, NULL))
        return 12;
    printf("readA %lu [%.3s]\n", n, small);
    if (!ReadConsoleA(in, small, 3, &n, NULL))
        return 13;
    printf("rest %lu %d %d\n", n, small[0], small[1]);
    return 0;
}
"#;

#[test]
fn console_on_a_terminal() {
    if !Toolchain::Mingw.available() || Command::new("script").arg("--version").output().is_err() {
        println!("console: skipped: needs mingw-w64 and script(1)");
        return;
    }
    let dir = build_dir("console");
    let src = dir.join("terminal.c");
    std::fs::write(&src, PROGRAM).unwrap();
    let exe = dir.join("terminal.exe");
    compile(Toolchain::Mingw, &[&src], &exe, &["-O1"]);

    let command = format!(
        "stty cols 97 rows 31 -echo; {} {}",
        winrun().display(),
        exe.display()
    );
    let mut child = Command::new("script")
        .args(["-qefc", &command, "/dev/null"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("running script");
    {
        let mut input = child.stdin.take().expect("stdin");
        // The program reads the first line whole, then the second in two pieces.
        std::thread::sleep(std::time::Duration::from_millis(1500));
        input.write_all("héllo\nab\n".as_bytes()).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(1500));
    }
    let o = child.wait_with_output().expect("waiting for script");
    // Text-mode "\r\n" from the CRT, and the terminal's own "\r" before each "\n".
    let out = String::from_utf8_lossy(&o.stdout)
        .replace("\r\r\n", "\n")
        .replace("\r\n", "\n");
    let expect = [
        "size 97x31 window 0,0-96,30 attr 7 type 2 mode 1\n",
        "\x1b[0;91;40mred \u{2713}\x1b[0m|wrote 5\n",
        "read 7 [héllo\n]\n",
        "readA 3 [ab\r]\n",
        "rest 1 10 ",
    ];
    for e in expect {
        assert!(
            out.contains(e),
            "missing {e:?} in the terminal output:\n{out:?}\n{}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
}

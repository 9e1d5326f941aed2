//! conio.h on a pseudo-terminal: keys typed at the terminal read one at a time with and without
//! echo, polled with `_kbhit`, extended keys as their two codes, a line read with `_cgets`,
//! `_cscanf` over echoed keys, and `_cprintf`/`_cputs` output on the terminal while stdout and
//! stdin are redirected away from it. Built against msvcrt (mingw-w64) and the UCRT (zig).

use std::process::Command;
use winrun_tests::pty::Pty;
use winrun_tests::{Toolchain, build_dir, compile, winrun};

const PROGRAM: &str = r#"#include <conio.h>
#include <stdio.h>
#include <windows.h>

int main(void)
{
    char line[16], word[16];
    int a = 0, c, e, lead, code;
    _cputs("[ready]");
    c = _getch();
    e = _getche();
    _cprintf("[getch %d getche %d]", c, e);
    _cprintf("[kbhit %d]", _kbhit());
    while (!_kbhit())
        Sleep(10);
    c = _getch();
    _cprintf("[then %c]", c);
    lead = _getch();
    code = _getch();
    _cprintf("[arrow %d %d]", lead, code);
    lead = _getch();
    code = _getch();
    _cprintf("[f1 %d %d]", lead, code);
    c = _getch();
    _cprintf("[ctrl-c %d]", c);
    c = _ungetch('q');
    e = _ungetch('r');
    _cprintf("[unget %d %d]", c, e);
    c = _getch();
    _cprintf("[got %c]", c);
    _cprintf("[wide %x]", (unsigned)_getwch());
    line[0] = 10;
    char *s = _cgets(line);
    _cprintf("[cgets %d %s %d]", line[1], s, s == line + 2);
    _cprintf("[scan %d", _cscanf("%d %s", &a, word));
    _cprintf(" %d %s]", a, word);
    _cputws(L"[wide \x2713]");
    _cprintf_p("[%2$s %1$d]", 7, "positional");
    _cprintf("[putch %d]", _putch('!'));
    printf("to stdout\n");
    return 0;
}
"#;

#[test]
fn conio_on_a_terminal() {
    for toolchain in [Toolchain::Mingw, Toolchain::Zig] {
        if !toolchain.available() {
            println!("conio: skipped {toolchain:?}: toolchain missing");
            continue;
        }
        let dir = build_dir("conio");
        let src = dir.join("conio.c");
        std::fs::write(&src, PROGRAM).unwrap();
        let exe = dir.join(format!("conio-{toolchain:?}.exe"));
        compile(toolchain, &[&src], &exe, &["-O1"]);
        let stdout_file = dir.join(format!("conio-{toolchain:?}.out"));

        // stdout to a file and stdin from /dev/null: conio still talks to the terminal.
        let mut command = Command::new("sh");
        command.args([
            "-c",
            r#"exec "$0" "$1" > "$2" < /dev/null"#,
            winrun().to_str().unwrap(),
            exe.to_str().unwrap(),
            stdout_file.to_str().unwrap(),
        ]);
        let mut pty = Pty::spawn(command, 80, 24, (1, 1));
        // Each key is typed once the program waits for it (a key typed ahead while the
        // terminal still edits lines would be echoed by the terminal itself).
        let settle = || std::thread::sleep(std::time::Duration::from_millis(300));
        let steps: [(&str, &[u8]); 9] = [
            ("[ready]", b"x"),
            ("[ready]", b"y"),
            ("[kbhit 0]", b"z"),
            ("[then z]", b"\x1b[A"),
            ("[arrow 224 72]", b"\x1bOP"),
            ("[f1 0 59]", b"\x03"),
            ("[got q]", "é".as_bytes()),
            ("[wide e9]", b"hello\n"),
            ("[cgets 5 hello 1]", b"42 abc\r"),
        ];
        for (i, (prompt, keys)) in steps.into_iter().enumerate() {
            pty.wait_for(prompt);
            if i == 1 {
                // The first key was read without echo.
                let shown = String::from_utf8_lossy(&pty.output()).into_owned();
                assert!(!shown.contains('x'), "_getch echoed: {shown:?}");
            }
            settle();
            pty.type_bytes(keys);
        }
        let (status, out) = pty.finish();
        let out = String::from_utf8_lossy(&out).into_owned();
        assert!(status.success(), "{toolchain:?}: {status:?}\n{out:?}");
        let expected = [
            "[ready]y[getch 120 getche 121]",
            "[kbhit 0]",
            "[then z]",
            "[arrow 224 72]",
            "[f1 0 59]",
            "[ctrl-c 3]",
            "[unget 113 -1][got q]",
            "[wide e9]",
            // The terminal echoes the line as it is typed.
            "hello\r\n[cgets 5 hello 1]",
            // _cscanf echoes the keys it reads (its result is printed after it returns).
            "42 abc\r[scan 2 42 abc]",
            "[wide \u{2713}]",
            "[positional 7]",
            "![putch 33]",
        ];
        let mut from = 0;
        for e in expected {
            let at = out[from..]
                .find(e)
                .unwrap_or_else(|| panic!("{toolchain:?}: missing {e:?} after {from} in {out:?}"));
            from += at + e.len();
        }
        assert!(!out.contains("to stdout"), "{toolchain:?}: {out:?}");
        let redirected = std::fs::read_to_string(&stdout_file).unwrap();
        assert_eq!(redirected, "to stdout\r\n", "{toolchain:?}");
    }
}

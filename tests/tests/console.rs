//! The console on a terminal (consoleapi*.h), through a pseudo-terminal made by script(1):
//! the screen buffer has the terminal's size, text attributes become ANSI colours, wide
//! output is UTF-8, and console input is read a line at a time with "\r\n" line ends.

use std::io::Write;
use std::process::{Command, Stdio};
use winrun_tests::pty::Pty;
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

/// What the pseudo-terminal tests share: a helper that writes to the console as is.
const SAY: &str = r#"#include <stdio.h>
#include <windows.h>
static HANDLE in, out;
static char line[256];
static void say(const char *s)
{
    DWORD n;
    WriteConsoleA(out, s, lstrlenA(s), &n, NULL);
}
"#;

/// Builds `body` (after SAY) with mingw-w64; `None` when the toolchain is missing.
fn build(name: &str, body: &str) -> Option<std::path::PathBuf> {
    if !Toolchain::Mingw.available() {
        println!("{name}: skipped: needs mingw-w64");
        return None;
    }
    let dir = build_dir("console");
    let src = dir.join(format!("{name}.c"));
    std::fs::write(&src, format!("{SAY}{body}")).unwrap();
    let exe = dir.join(format!("{name}.exe"));
    compile(Toolchain::Mingw, &[&src], &exe, &["-O1"]);
    Some(exe)
}

fn on_terminal(exe: &std::path::Path, cols: u16, rows: u16) -> Pty {
    let mut command = Command::new(winrun());
    command.arg(exe);
    Pty::spawn(command, cols, rows, (5, 10))
}

const SCREEN: &str = r#"
int main(void)
{
    CONSOLE_SCREEN_BUFFER_INFO info;
    CONSOLE_CURSOR_INFO cursor = {50, FALSE};
    DWORD n;
    COORD c = {3, 2};
    WORD attrs[2] = {0x0C, 0x0A};
    CHAR_INFO cells[4] = {{{'A'}, 0x07}, {{'B'}, 0x70}, {{'C'}, 0x07}, {{'D'}, 0x07}};
    COORD cells_size = {2, 2}, cells_from = {0, 0};
    SMALL_RECT rect = {5, 3, 6, 4}, rows = {0, 1, 19, 3};
    CHAR_INFO blank = {{' '}, 0x07};
    WCHAR title[8];
    out = GetStdHandle(STD_OUTPUT_HANDLE);
    GetConsoleScreenBufferInfo(out, &info);
    sprintf(line, "[cursor %d,%d size %dx%d]", info.dwCursorPosition.X, info.dwCursorPosition.Y,
            info.dwSize.X, info.dwSize.Y);
    say(line);
    SetConsoleCursorPosition(out, c);
    say("[pos]");
    c.X = 20;
    SetLastError(0);
    n = SetConsoleCursorPosition(out, c);
    sprintf(line, "[outside %lu %lu]", n, GetLastError());
    say(line);
    c.X = 1, c.Y = 1;
    FillConsoleOutputCharacterW(out, L'x', 3, c, &n);
    sprintf(line, "[fill %lu]", n);
    say(line);
    FillConsoleOutputAttribute(out, 0x1F, 2, c, &n);
    sprintf(line, "[attr %lu]", n);
    say(line);
    c.X = 19, c.Y = 0;
    WriteConsoleOutputCharacterA(out, "hi", 2, c, &n);
    sprintf(line, "[chars %lu]", n);
    say(line);
    c.X = 18, c.Y = 9;
    WriteConsoleOutputCharacterW(out, L"abc", 3, c, &n);
    sprintf(line, "[end %lu]", n);
    say(line);
    c.X = 0, c.Y = 0;
    WriteConsoleOutputAttribute(out, attrs, 2, c, &n);
    sprintf(line, "[attrs %lu]", n);
    say(line);
    WriteConsoleOutputA(out, cells, cells_size, cells_from, &rect);
    sprintf(line, "[rect %d,%d-%d,%d]", rect.Left, rect.Top, rect.Right, rect.Bottom);
    say(line);
    ScrollConsoleScreenBufferW(out, &rows, NULL, c, &blank);
    say("[scroll]");
    SetConsoleCursorInfo(out, &cursor);
    cursor.dwSize = 0;
    GetConsoleCursorInfo(out, &cursor);
    sprintf(line, "[cursor info %lu %d]", cursor.dwSize, cursor.bVisible);
    say(line);
    SetConsoleTitleW(L"t\x00e9");
    n = GetConsoleTitleW(title, 8);
    sprintf(line, "[title %lu %x]", n, title[1]);
    say(line);
    return 0;
}
"#;

/// The screen-buffer functions draw with exact escapes, inside a cursor save/restore; the
/// cursor position comes from the terminal's answer to ESC[6n; the hidden cursor is shown
/// again when the program ends.
#[test]
fn screen_buffer_on_a_terminal() {
    let Some(exe) = build("screen", SCREEN) else {
        return;
    };
    let (status, out) = on_terminal(&exe, 20, 10).finish();
    let blank_row = " ".repeat(20);
    let expect = [
        "\x1b[6n[cursor 9,4 size 20x10]",
        "\x1b[3;4H[pos]",
        "[outside 0 87]",
        "\x1b7\x1b[2;2H\x1b[0mxxx\x1b8[fill 3]",
        "\x1b7\x1b[2;2H\x1b[0;97;44mxx\x1b8[attr 2]",
        "\x1b7\x1b[1;20H\x1b[0mh\x1b[2;1H\x1b[0mi\x1b8[chars 2]",
        "\x1b7\x1b[10;19H\x1b[0mab\x1b8[end 2]",
        "\x1b7\x1b[1;1H\x1b[0;91;40m \x1b[0;92;40m \x1b8[attrs 2]",
        "\x1b7\x1b[4;6H\x1b[0mA\x1b[0;30;47mB\x1b[5;6H\x1b[0mCD\x1b8[rect 5,3-6,4]",
        &format!("\x1b7\x1b[1;4r\x1b[1S\x1b[r\x1b[4;1H\x1b[0m{blank_row}\x1b8[scroll]"),
        "\x1b[?25l[cursor info 50 0]",
        "\x1b]0;t\u{e9}\x07[title 2 e9]",
        "\x1b[?25h",
    ]
    .concat();
    assert_eq!(String::from_utf8_lossy(&out), expect);
    assert_eq!(status.code(), Some(0));
}

const KEYS: &str = r#"
int main(void)
{
    INPUT_RECORD r[64];
    DWORD n, i, count;
    int done = 0;
    in = GetStdHandle(STD_INPUT_HANDLE);
    out = GetStdHandle(STD_OUTPUT_HANDLE);
    SetConsoleMode(in, 0);
    say("[ready]");
    while (!done && ReadConsoleInputW(in, r, 64, &n)) {
        for (i = 0; i < n; i++) {
            KEY_EVENT_RECORD *k = &r[i].Event.KeyEvent;
            if (r[i].EventType != KEY_EVENT)
                continue;
            sprintf(line, "%c%x,%x,%x,%lx ", k->bKeyDown ? 'd' : 'u', k->wVirtualKeyCode,
                    k->wVirtualScanCode, k->uChar.UnicodeChar, k->dwControlKeyState);
            say(line);
            if (!k->bKeyDown && k->uChar.UnicodeChar == 'q')
                done = 1;
        }
    }
    GetNumberOfConsoleInputEvents(in, &count);
    sprintf(line, "[left %lu", count);
    say(line);
    r[0].Event.KeyEvent.uChar.UnicodeChar = 'z';
    WriteConsoleInputW(in, r, 1, &n);
    GetNumberOfConsoleInputEvents(in, &count);
    PeekConsoleInputW(in, r + 1, 4, &n);
    sprintf(line, " written %lu peek %lu %c", count, n, r[1].Event.KeyEvent.uChar.UnicodeChar);
    say(line);
    ReadConsoleInputA(in, r + 2, 4, &n);
    GetNumberOfConsoleInputEvents(in, &count);
    sprintf(line, " read %lu %c left %lu]", n, r[2].Event.KeyEvent.uChar.AsciiChar, count);
    say(line);
    TerminateProcess(GetCurrentProcess(), 5);
    return 1;
}
"#;

/// Keys typed at the terminal arrive as the key-down/key-up records Windows gives, modifiers
/// wrapped around the keys that need them; the terminal settings come back even when the
/// program ends through TerminateProcess.
#[test]
fn typed_keys_become_input_records() {
    let Some(exe) = build("keys", KEYS) else {
        return;
    };
    let mut pty = on_terminal(&exe, 80, 25);
    pty.wait_for("[ready]");
    assert_ne!(
        pty.settings(),
        pty.initial,
        "raw input switched the terminal"
    );
    for keys in [
        &b"a"[..],
        b"Q",
        b"\x1b[A",
        b"\x03",
        b"\x1b",
        "é".as_bytes(),
        b"\x1b[1;5D",
        b"q",
    ] {
        pty.type_bytes(keys);
        std::thread::sleep(std::time::Duration::from_millis(150));
    }
    let (status, out) = pty.finish();
    let text = String::from_utf8_lossy(&out);
    let expect = [
        "[ready]",
        "d41,1e,61,0 u41,1e,61,0 ",
        "d10,2a,0,10 d51,10,51,10 u51,10,51,10 u10,2a,0,0 ",
        "d26,48,0,100 u26,48,0,100 ",
        "d11,1d,0,8 d43,2e,3,8 u43,2e,3,8 u11,1d,0,0 ",
        "d1b,1,1b,0 u1b,1,1b,0 ",
        "d0,0,e9,0 u0,0,e9,0 ",
        "d11,1d,0,8 d25,4b,0,108 u25,4b,0,108 u11,1d,0,0 ",
        "d51,10,71,0 u51,10,71,0 ",
        "[left 0 written 1 peek 1 z read 1 z left 0]",
    ]
    .concat();
    assert_eq!(text, expect);
    assert_eq!(status.code(), Some(5));
    assert_eq!(
        pty.settings(),
        pty.initial,
        "the terminal settings were restored"
    );
}

const LINES: &str = r#"
static void show(const WCHAR *w, const char *b, DWORD n)
{
    DWORD i;
    say("[got");
    for (i = 0; i < n; i++) {
        sprintf(line, " %x", w ? w[i] : (unsigned char)b[i]);
        say(line);
    }
    say("]");
}

int main(void)
{
    WCHAR buf[64];
    char bytes[64];
    DWORD n;
    in = GetStdHandle(STD_INPUT_HANDLE);
    out = GetStdHandle(STD_OUTPUT_HANDLE);
    say("[line]");
    ReadConsoleW(in, buf, 64, &n, NULL);
    show(buf, NULL, n);
    SetConsoleMode(in, ENABLE_LINE_INPUT | ENABLE_PROCESSED_INPUT);
    say("[noecho]");
    ReadConsoleW(in, buf, 64, &n, NULL);
    show(buf, NULL, n);
    SetConsoleMode(in, ENABLE_PROCESSED_INPUT);
    say("[raw]");
    ReadConsoleW(in, buf, 64, &n, NULL);
    show(buf, NULL, n);
    ReadConsoleW(in, buf, 64, &n, NULL);
    show(buf, NULL, n);
    ReadConsoleW(in, buf, 64, &n, NULL);
    show(buf, NULL, n);
    SetConsoleMode(in, ENABLE_LINE_INPUT | ENABLE_ECHO_INPUT | ENABLE_PROCESSED_INPUT);
    say("[file]");
    ReadFile(in, bytes, 64, &n, NULL);
    show(NULL, bytes, n);
    return 0;
}
"#;

/// Line input is edited and echoed by the terminal (backspace erases) and ends in "\r\n";
/// without echo nothing is shown; without line input each key is read as typed (Enter as "\r",
/// keys without a character skipped); ReadFile reads a console as ReadConsoleA does; the
/// terminal settings are restored at exit.
#[test]
fn line_input_and_echo() {
    let Some(exe) = build("lines", LINES) else {
        return;
    };
    let mut pty = on_terminal(&exe, 80, 25);
    for (prompt, keys) in [
        ("[line]", "ab\x7fc\r"),
        ("[noecho]", "xy\r"),
        ("[raw]", "k"),
        ("[got 6b]", "\x1b[Am"),
        ("[got 6d]", "\r"),
        ("[file]", "hi\r"),
    ] {
        pty.wait_for(prompt);
        pty.type_bytes(keys.as_bytes());
    }
    let (status, out) = pty.finish();
    assert_eq!(
        String::from_utf8_lossy(&out),
        concat!(
            "[line]ab\x08 \x08c\r\n[got 61 63 d a]",
            "[noecho][got 78 79 d a]",
            "[raw][got 6b][got 6d][got d]",
            "[file]hi\r\n[got 68 69 d a]"
        )
    );
    assert_eq!(status.code(), Some(0));
    assert_eq!(
        pty.settings(),
        pty.initial,
        "the terminal settings were restored"
    );
}

const CTRL_C: &str = r#"
static DWORD main_thread;
static volatile LONG hits;

static BOOL WINAPI handler(DWORD event)
{
    sprintf(line, "[handler %lu %d]", event, GetCurrentThreadId() != main_thread);
    say(line);
    InterlockedIncrement(&hits);
    return TRUE;
}

int main(void)
{
    out = GetStdHandle(STD_OUTPUT_HANDLE);
    main_thread = GetCurrentThreadId();
    SetConsoleCtrlHandler(handler, TRUE);
    say("[armed]");
    while (!hits)
        Sleep(10);
    SetConsoleCtrlHandler(handler, FALSE);
    say("[default]");
    Sleep(20000);
    say("[not ended]");
    return 1;
}
"#;

/// Ctrl+C typed at the terminal reaches the handler on a new thread; with the handler removed,
/// the default handler ends the process with STATUS_CONTROL_C_EXIT (0xC000013A, of which the
/// exit status keeps 0x3A).
#[test]
fn ctrl_c_at_the_terminal() {
    let Some(exe) = build("ctrlc", CTRL_C) else {
        return;
    };
    let mut pty = on_terminal(&exe, 80, 25);
    pty.wait_for("[armed]");
    pty.type_bytes(b"\x03");
    pty.wait_for("[handler 0 1]");
    pty.wait_for("[default]");
    pty.type_bytes(b"\x03");
    let (status, out) = pty.finish();
    let text = String::from_utf8_lossy(&out);
    assert!(!text.contains("[not ended]"), "{text:?}");
    assert_eq!(status.code(), Some(0x3A), "{text:?}");
}

const RESIZE: &str = r#"
int main(void)
{
    INPUT_RECORD r[8];
    DWORD n, i;
    in = GetStdHandle(STD_INPUT_HANDLE);
    out = GetStdHandle(STD_OUTPUT_HANDLE);
    SetConsoleMode(in, ENABLE_WINDOW_INPUT);
    say("[ready]");
    for (;;) {
        ReadConsoleInputW(in, r, 8, &n);
        for (i = 0; i < n; i++) {
            if (r[i].EventType == WINDOW_BUFFER_SIZE_EVENT) {
                COORD size = r[i].Event.WindowBufferSizeEvent.dwSize;
                sprintf(line, "[size %dx%d]", size.X, size.Y);
                say(line);
                return 0;
            }
        }
    }
}
"#;

/// With window input on, resizing the terminal queues a WINDOW_BUFFER_SIZE_EVENT with the new
/// size.
#[test]
fn resize_becomes_an_input_record() {
    let Some(exe) = build("resize", RESIZE) else {
        return;
    };
    let mut pty = on_terminal(&exe, 80, 25);
    pty.wait_for("[ready]");
    pty.resize(100, 30);
    let (status, out) = pty.finish();
    assert_eq!(String::from_utf8_lossy(&out), "[ready][size 100x30]");
    assert_eq!(status.code(), Some(0));
}

const SCREEN_MODEL: &str = r#"
int main(void)
{
    COORD c = {0, 2};
    SMALL_RECT src = {0, 2, 4, 2};
    COORD dest = {2, 3};
    CHAR_INFO fill = {{'.'}, 0x07};
    CONSOLE_SCREEN_BUFFER_INFO info;
    char row2[21] = {0}, row3[21] = {0}, row4[21] = {0};
    WORD attrs[14];
    DWORD n, i;
    out = GetStdHandle(STD_OUTPUT_HANDLE);
    SetConsoleCursorPosition(out, c);
    say("hello ");
    SetConsoleTextAttribute(out, 0x0A);
    say("world");
    SetConsoleTextAttribute(out, 0x07);
    c.X = 6;
    FillConsoleOutputAttribute(out, 0x1F, 3, c, &n);
    ScrollConsoleScreenBufferW(out, &src, NULL, dest, &fill);
    say("\x1b[5;2H\x1b[31mab\x1b[0m");
    GetConsoleScreenBufferInfo(out, &info);
    c.X = 0;
    ReadConsoleOutputCharacterA(out, row2, 20, c, &n);
    c.Y = 3;
    ReadConsoleOutputCharacterA(out, row3, 20, c, &n);
    c.Y = 4;
    ReadConsoleOutputCharacterA(out, row4, 20, c, &n);
    c.Y = 2;
    ReadConsoleOutputAttribute(out, attrs, 12, c, &n);
    c.X = 1, c.Y = 4;
    ReadConsoleOutputAttribute(out, attrs + 12, 2, c, &n);
    c.X = 0, c.Y = 9;
    SetConsoleCursorPosition(out, c);
    sprintf(line, "[%s|%s|%s|%d,%d|", row2, row3, row4, info.dwCursorPosition.X,
            info.dwCursorPosition.Y);
    say(line);
    for (i = 0; i < 14; i++) {
        sprintf(line, "%x ", attrs[i]);
        say(line);
    }
    return 0;
}
"#;

/// Once the program places the cursor, winrun keeps the cells: text written the ordinary way
/// (escape sequences included) reads back, an attribute-only fill redraws those characters in
/// the new colours, a scroll of part of a row redraws the cells it changed, and the cursor
/// follows the text without asking the terminal.
#[test]
fn screen_cells_read_back() {
    let Some(exe) = build("model", SCREEN_MODEL) else {
        return;
    };
    let (status, out) = on_terminal(&exe, 20, 10).finish();
    let pad = |s: &str| format!("{s:<20}");
    let expect = [
        "\x1b[3;1Hhello \x1b[0;92;40mworld\x1b[0m",
        "\x1b7\x1b[3;7H\x1b[0;97;44mwor\x1b8",
        "\x1b7\x1b[3;1H\x1b[0m.....\x1b[4;3H\x1b[0mhello\x1b8",
        "\x1b[5;2H\x1b[31mab\x1b[0m",
        "\x1b[10;1H",
        &format!(
            "[{}|{}|{}|3,4|",
            pad("..... world"),
            pad("  hello"),
            pad(" ab")
        ),
        "7 7 7 7 7 7 1f 1f 1f a a 7 4 4 ",
    ]
    .concat();
    assert_eq!(String::from_utf8_lossy(&out), expect);
    assert_eq!(status.code(), Some(0));
}

const ALTERNATE: &str = r#"
int main(void)
{
    DWORD n;
    HANDLE alt;
    out = GetStdHandle(STD_OUTPUT_HANDLE);
    alt = CreateConsoleScreenBuffer(GENERIC_READ | GENERIC_WRITE, 0, NULL,
                                    CONSOLE_TEXTMODE_BUFFER, NULL);
    say("[main]");
    WriteConsoleA(alt, "alt", 3, &n, NULL);
    SetConsoleActiveScreenBuffer(alt);
    say("[x]");
    WriteConsoleA(alt, "!", 1, &n, NULL);
    SetConsoleActiveScreenBuffer(out);
    say("[back]");
    SetConsoleActiveScreenBuffer(alt);
    return 0;
}
"#;

/// A created screen buffer is drawn whole on the terminal's alternate screen when it becomes
/// active; text for the buffer not shown stays out of the terminal until it is shown again,
/// then only what changed is drawn; the main screen comes back at exit.
#[test]
fn alternate_screen_buffer() {
    let Some(exe) = build("alternate", ALTERNATE) else {
        return;
    };
    let (status, out) = on_terminal(&exe, 20, 10).finish();
    let rows = |first: &str| {
        (0..10)
            .map(|y| {
                format!(
                    "\x1b[{};1H\x1b[0m{:<20}",
                    y + 1,
                    if y == 0 { first } else { "" }
                )
            })
            .collect::<String>()
    };
    let expect = [
        "[main]\x1b[6n",
        "\x1b[?1049h\x1b[0m\x1b[2J",
        &rows("alt"),
        "\x1b[1;4H\x1b[0m!",
        "\x1b[?1049l\x1b[5;10H\x1b[0m[x]\x1b[5;13H\x1b[0m",
        "[back]",
        "\x1b[?1049h\x1b[0m\x1b[2J",
        &rows("alt!"),
        "\x1b[1;5H\x1b[0m",
        "\x1b[?1049l",
    ]
    .concat();
    assert_eq!(String::from_utf8_lossy(&out), expect);
    assert_eq!(status.code(), Some(0));
}

const SLEEPER: &str = r#"
static HANDLE handled;

static BOOL WINAPI handler(DWORD event)
{
    sprintf(line, "[parent %lu]", event);
    say(line);
    SetEvent(handled);
    return TRUE;
}

int main(int argc, char **argv)
{
    STARTUPINFOA si = {sizeof si};
    PROCESS_INFORMATION pi;
    DWORD code = 0, n;
    char command[MAX_PATH + 16];
    out = GetStdHandle(STD_OUTPUT_HANDLE);
    if (argc > 1) {
        WriteFile(out, "[child up]", 10, &n, NULL);
        Sleep(20000);
        return 1;
    }
    if (!getenv("WITH_CHILD")) {
        Sleep(20000);
        return 1;
    }
    handled = CreateEventA(NULL, TRUE, FALSE, NULL);
    SetConsoleCtrlHandler(handler, TRUE);
    sprintf(command, "\"%s\" child", argv[0]);
    if (!CreateProcessA(NULL, command, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi))
        return 2;
    WaitForSingleObject(pi.hProcess, 20000);
    /* The handler runs on a thread of its own: the process must not end before it has. */
    WaitForSingleObject(handled, 20000);
    GetExitCodeProcess(pi.hProcess, &code);
    sprintf(line, "[child %lx]", code);
    say(line);
    return 0;
}
"#;

/// Ctrl+C before the program has touched the console (no handler, no console mode set) ends it
/// as Windows' default handler does, with STATUS_CONTROL_C_EXIT (of which the exit status keeps
/// 0x3A), not with the Linux signal.
#[test]
fn ctrl_c_before_the_console_is_touched() {
    let Some(exe) = build("sleeper", SLEEPER) else {
        return;
    };
    let mut pty = on_terminal(&exe, 80, 25);
    std::thread::sleep(std::time::Duration::from_millis(700));
    pty.type_bytes(b"\x03");
    let (status, out) = pty.finish();
    assert_eq!(
        status.code(),
        Some(0x3A),
        "{:?}",
        String::from_utf8_lossy(&out)
    );
    // The terminal's own echo of the key.
    assert_eq!(String::from_utf8_lossy(&out), "^C");
}

/// A Ctrl+C reaches every process of the console: a child started by CreateProcess that has
/// not touched the console ends with STATUS_CONTROL_C_EXIT, its parent's handler runs.
#[test]
fn ctrl_c_reaches_a_child_process() {
    let Some(exe) = build("sleeper", SLEEPER) else {
        return;
    };
    let mut command = Command::new(winrun());
    command.arg(&exe).env("WITH_CHILD", "1");
    let mut pty = Pty::spawn(command, 80, 25, (1, 1));
    pty.wait_for("[child up]");
    pty.type_bytes(b"\x03");
    let (status, out) = pty.finish();
    let text = String::from_utf8_lossy(&out);
    assert_eq!(text, "[child up]^C[parent 0][child c000013a]");
    assert_eq!(status.code(), Some(0));
}

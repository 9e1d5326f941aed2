//! Winsock between two winrun processes: a server and a client program, each run under its
//! own winrun, talk over loopback TCP (tests/programs/tcppeer.c).

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use winrun_tests::{Toolchain, build_dir, compile, root, stdout, winrun};

#[test]
fn two_winrun_processes_talk_over_tcp() {
    if !Toolchain::Mingw.available() {
        eprintln!("skipped: x86_64-w64-mingw32-gcc is not installed");
        return;
    }
    let exe = build_dir("network").join("tcppeer.exe");
    let src = root().join("tests/programs/tcppeer.c");
    compile(Toolchain::Mingw, &[&src], &exe, &["-O1", "-lws2_32"]);

    let mut server = Command::new(winrun())
        .arg(&exe)
        .arg("server")
        .stdout(Stdio::piped())
        .spawn()
        .expect("starting the server");
    let mut lines = BufReader::new(server.stdout.take().expect("the server's stdout")).lines();
    let first = lines
        .next()
        .expect("the server's port line")
        .expect("reading the server's output");
    let port = first
        .trim_end()
        .strip_prefix("port ")
        .unwrap_or_else(|| panic!("not a port line: {first:?}"))
        .to_string();

    let client = Command::new(winrun())
        .arg(&exe)
        .args(["client", &port, "hello from the other process"])
        .output()
        .expect("running the client");
    assert_eq!(client.status.code(), Some(0), "{}", stdout(&client));
    assert_eq!(
        stdout(&client).replace("\r\n", "\n"),
        "answer: HELLO FROM THE OTHER PROCESS\n"
    );
    let rest: Vec<String> = lines.map(|l| l.expect("server output")).collect();
    assert_eq!(rest, ["served 29 bytes"]);
    assert_eq!(server.wait().expect("the server's exit").code(), Some(0));
}

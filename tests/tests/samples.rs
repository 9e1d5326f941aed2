//! The sample programs (samples/bin, see samples/README.md) end to end under winrun. Expected
//! output is what Windows (and Wine 8.0) gives, with `C:\` where Wine shows `Z:\`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use winrun_tests::{build_dir, run, sample, stderr, stdout, winrun};

fn code(o: &Output) -> Option<i32> {
    o.status.code()
}

/// Runs `program` with `args` and extra environment variables.
fn run_with_env(program: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(winrun());
    cmd.arg(program).args(args).env_remove("WINRUN_LOG");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("running winrun")
}

/// Asserts a clean exit 0 and returns stdout.
fn ok_stdout(o: &Output) -> String {
    assert_eq!(
        code(o),
        Some(0),
        "exit status; stdout:\n{}\nstderr:\n{}",
        stdout(o),
        stderr(o)
    );
    stdout(o)
}

// ---------------------------------------------------------------------------------------------
// hello.exe

#[test]
fn hello_prints_greeting() {
    let o = run(&sample("hello.exe"), &[]);
    assert_eq!(code(&o), Some(0), "stderr:\n{}", stderr(&o));
    // printf to a text-mode stream: "\n" becomes "\r\n", as on Windows and under Wine.
    assert_eq!(
        o.stdout,
        b"Hello from winrun!\r\n",
        "stdout {:?}",
        stdout(&o)
    );
    assert!(o.stderr.is_empty(), "stderr:\n{}", stderr(&o));
}

// ---------------------------------------------------------------------------------------------
// args.exe

/// Splits a Windows command line the way msvcrt's startup (and CommandLineToArgvW) does:
/// the program name ends at the closing quote or the first blank; after it, 2n backslashes
/// before `"` give n backslashes and toggle quoting, 2n+1 give n backslashes and a literal `"`.
fn split_command_line(cmdline: &str) -> Vec<String> {
    let mut args = Vec::new();
    let mut chars = cmdline.chars().peekable();
    let mut first = String::new();
    if chars.peek() == Some(&'"') {
        chars.next();
        for c in chars.by_ref() {
            if c == '"' {
                break;
            }
            first.push(c);
        }
    } else {
        while let Some(&c) = chars.peek() {
            if c == ' ' || c == '\t' {
                break;
            }
            first.push(c);
            chars.next();
        }
    }
    args.push(first);
    loop {
        while chars.peek().is_some_and(|&c| c == ' ' || c == '\t') {
            chars.next();
        }
        if chars.peek().is_none() {
            return args;
        }
        let mut arg = String::new();
        let mut quoted = false;
        while let Some(&c) = chars.peek() {
            match c {
                '\\' => {
                    let mut n = 0;
                    while chars.peek() == Some(&'\\') {
                        chars.next();
                        n += 1;
                    }
                    if chars.peek() == Some(&'"') {
                        arg.extend(std::iter::repeat_n('\\', n / 2));
                        if n % 2 == 1 {
                            arg.push('"');
                            chars.next();
                        }
                    } else {
                        arg.extend(std::iter::repeat_n('\\', n));
                    }
                }
                '"' => {
                    chars.next();
                    if quoted && chars.peek() == Some(&'"') {
                        // `""` inside quotes: a literal quote (msvcrt 2008 and later).
                        arg.push('"');
                        chars.next();
                    } else {
                        quoted = !quoted;
                    }
                }
                ' ' | '\t' if !quoted => break,
                _ => {
                    arg.push(c);
                    chars.next();
                }
            }
        }
        args.push(arg);
    }
}

/// The `argv[i]=[...]` values and the `cmdline=[...]` value of args.exe's output.
fn parse_args_output(out: &str) -> (Vec<String>, String) {
    let mut argv = Vec::new();
    let mut cmdline = None;
    let mut argc = None;
    for line in out.split("\r\n") {
        if let Some(n) = line.strip_prefix("argc=") {
            argc = Some(n.parse::<usize>().expect("argc"));
        } else if let Some(rest) = line.strip_prefix("argv[") {
            let (i, value) = rest.split_once("]=[").expect("argv line");
            assert_eq!(
                i.parse::<usize>().unwrap(),
                argv.len(),
                "argv lines in order"
            );
            argv.push(
                value
                    .strip_suffix(']')
                    .expect("closing bracket")
                    .to_string(),
            );
        } else if let Some(c) = line.strip_prefix("cmdline=[") {
            cmdline = Some(c.strip_suffix(']').expect("closing bracket").to_string());
        }
    }
    assert_eq!(
        argc,
        Some(argv.len()),
        "argc agrees with the argv lines:\n{out}"
    );
    (argv, cmdline.expect("a cmdline line"))
}

fn windows_path(host: &Path) -> String {
    let abs = std::path::absolute(host).unwrap();
    format!("C:{}", abs.display().to_string().replace('/', "\\"))
}

#[test]
fn args_reach_argv_exactly() {
    let args = [
        "plain",
        "a b",
        "",
        "  lead and trail  ",
        "c\"d",
        "back\\slash",
        "trail\\",
        "dir with space\\",
        "q\\\"x",
        "end\\\\ x",
        "tab\there",
        "ünïcødé ✓",
        "--flag=1",
    ];
    let program = sample("args.exe");
    let out = ok_stdout(&run(&program, &args));
    assert!(
        out.starts_with(&format!("argc={}\r\n", args.len() + 1)),
        "{out}"
    );
    let (argv, cmdline) = parse_args_output(&out);
    assert_eq!(argv[0], windows_path(&program));
    assert_eq!(&argv[1..], &args[..], "argv as the program sees it:\n{out}");

    // The Windows command line is argv quoted by the Windows rules: it splits back to the same
    // arguments, and arguments that need it are quoted the way Windows programs expect.
    assert_eq!(
        split_command_line(&cmdline)[1..],
        args[..],
        "cmdline [{cmdline}] does not split back"
    );
    for (arg, quoted) in [
        ("a b", "\"a b\""),
        ("", " \"\" "),
        ("back\\slash", " back\\slash "),
        ("trail\\", " trail\\ "),
        ("dir with space\\", "\"dir with space\\\\\""),
        ("end\\\\ x", "\"end\\\\ x\""),
        ("plain", " plain "),
    ] {
        assert!(
            cmdline.contains(quoted),
            "{arg:?} is not written as {quoted:?} in [{cmdline}]"
        );
    }
    assert!(
        cmdline.contains(" c\\\"d ") || cmdline.contains(" \"c\\\"d\" "),
        "c\"d is not written as c\\\"d in [{cmdline}]"
    );
}

#[test]
fn args_without_arguments() {
    let program = sample("args.exe");
    let out = ok_stdout(&run(&program, &[]));
    let (argv, cmdline) = parse_args_output(&out);
    assert_eq!(argv, [windows_path(&program)]);
    assert_eq!(split_command_line(&cmdline), argv);
}

#[test]
fn args_program_path_with_spaces() {
    let dir = build_dir("samples-scratch").join("dir with spaces");
    std::fs::create_dir_all(&dir).unwrap();
    let program = dir.join("args.exe");
    std::fs::copy(sample("args.exe"), &program).unwrap();
    let out = ok_stdout(&run(&program, &["x"]));
    let (argv, cmdline) = parse_args_output(&out);
    let win = windows_path(&program);
    assert_eq!(argv, [win.clone(), "x".to_string()]);
    // The program name is quoted, so the command line splits back to the same argv[0].
    assert!(
        cmdline.starts_with(&format!("\"{win}\"")),
        "cmdline [{cmdline}]"
    );
}

/// The `getenv:` and `GetEnvironmentVariableA:` lines args.exe prints for `--env NAME...`: for
/// each name, both values (None when not set), asserted to agree.
fn env_values(out: &str, names: &[&str]) -> Vec<Option<String>> {
    names
        .iter()
        .map(|name| {
            let get = |prefix: &str| -> Option<String> {
                let set = format!("{prefix}: {name}=");
                let unset = format!("{prefix}: {name} is not set");
                out.split("\r\n")
                    .find_map(|l| {
                        if let Some(v) = l.strip_prefix(&set) {
                            Some(Some(v.to_string()))
                        } else if l == unset {
                            Some(None)
                        } else {
                            None
                        }
                    })
                    .unwrap_or_else(|| panic!("no {prefix} line for {name}:\n{out}"))
            };
            let crt = get("getenv");
            let k32 = get("GetEnvironmentVariableA");
            assert_eq!(
                crt, k32,
                "getenv and GetEnvironmentVariableA disagree on {name}"
            );
            crt
        })
        .collect()
}

#[test]
fn args_env_from_host() {
    let names = [
        "WINRUN_TEST_VAR",
        "WINRUN_TEST_EMPTYISH",
        "WINRUN_NO_SUCH_VAR",
    ];
    let mut args = vec!["--env"];
    args.extend(names);
    let o = run_with_env(
        &sample("args.exe"),
        &args,
        &[
            ("WINRUN_TEST_VAR", "v a\"l\\ue ✓"),
            ("WINRUN_TEST_EMPTYISH", " "),
        ],
    );
    let out = ok_stdout(&o);
    let values = env_values(&out, &names);
    assert_eq!(values[0].as_deref(), Some("v a\"l\\ue ✓"));
    assert_eq!(values[1].as_deref(), Some(" "));
    assert_eq!(values[2], None);
}

#[test]
fn args_env_names_are_case_insensitive() {
    let o = run_with_env(
        &sample("args.exe"),
        &["--env", "winrun_test_mixed", "WINRUN_TEST_MIXED"],
        &[("Winrun_Test_Mixed", "yes")],
    );
    let out = ok_stdout(&o);
    let values = env_values(&out, &["winrun_test_mixed", "WINRUN_TEST_MIXED"]);
    assert_eq!(values, [Some("yes".to_string()), Some("yes".to_string())]);
}

#[test]
fn args_windows_environment() {
    let names = [
        "PATH",
        "TEMP",
        "TMP",
        "USERPROFILE",
        "SystemRoot",
        "windir",
        "COMSPEC",
        "PATHEXT",
        "NUMBER_OF_PROCESSORS",
        "PROCESSOR_ARCHITECTURE",
    ];
    let mut args = vec!["--env"];
    args.extend(names);
    let out = ok_stdout(&run_with_env(&sample("args.exe"), &args, &[]));
    let values = env_values(&out, &names);
    let get = |name: &str| -> String {
        let i = names.iter().position(|n| *n == name).unwrap();
        values[i]
            .clone()
            .unwrap_or_else(|| panic!("{name} is not set:\n{out}"))
    };

    let path = get("PATH");
    let entries: Vec<&str> = path.split(';').filter(|e| !e.is_empty()).collect();
    assert!(!entries.is_empty(), "PATH is empty");
    for e in &entries {
        let drive = e.as_bytes();
        assert!(
            drive.len() >= 3 && drive[0].is_ascii_alphabetic() && &drive[1..3] == b":\\",
            "PATH entry {e:?} is not a Windows path (PATH={path})"
        );
        assert!(!e.contains('/'), "PATH entry {e:?} has a forward slash");
    }
    assert!(
        entries.iter().any(|e| e.starts_with("C:\\")),
        "no C:\\ entry in PATH={path}"
    );

    for name in ["TEMP", "TMP", "USERPROFILE"] {
        let v = get(name);
        assert!(v.starts_with("C:\\") && !v.contains('/'), "{name}={v}");
    }
    assert_eq!(get("SystemRoot"), "C:\\windows");
    assert!(
        get("windir").eq_ignore_ascii_case("C:\\windows"),
        "windir={}",
        get("windir")
    );
    assert!(
        get("COMSPEC").eq_ignore_ascii_case("C:\\windows\\system32\\cmd.exe"),
        "COMSPEC={}",
        get("COMSPEC")
    );
    let pathext = get("PATHEXT").to_ascii_lowercase();
    for ext in [".com", ".exe", ".bat", ".cmd"] {
        assert!(
            pathext.split(';').any(|e| e == ext),
            "PATHEXT={pathext} lacks {ext}"
        );
    }
    let cpus: usize = get("NUMBER_OF_PROCESSORS").parse().expect("a number");
    assert!(cpus >= 1, "NUMBER_OF_PROCESSORS={cpus}");
    assert_eq!(get("PROCESSOR_ARCHITECTURE"), "AMD64");
}

#[test]
fn args_envp_count() {
    let out = ok_stdout(&run(&sample("args.exe"), &["--envp-count"]));
    let n: usize = out
        .split("\r\n")
        .find_map(|l| l.strip_prefix("envp count="))
        .unwrap_or_else(|| panic!("no envp count line:\n{out}"))
        .parse()
        .unwrap();
    // At least the Windows-shaped variables winrun adds.
    assert!(n >= 10, "envp count={n}");
}

// ---------------------------------------------------------------------------------------------
// exitcode.exe

/// (argument, what a Linux parent sees: the low 8 bits).
const EXIT_CODES: &[(&str, i32)] = &[
    ("0", 0),
    ("1", 1),
    ("42", 42),
    ("255", 255),
    ("256", 0),
    ("300", 44),
    ("4294967295", 255),
];

fn exitcode_via(how: Option<&str>) {
    let mut failures = Vec::new();
    for &(n, want) in EXIT_CODES {
        let mut args = vec![n];
        args.extend(how);
        let o = run(&sample("exitcode.exe"), &args);
        if code(&o) != Some(want) || !o.stdout.is_empty() {
            failures.push(format!(
                "exitcode.exe {}: status {:?} (want {want}), stdout {:?}, stderr {:?}",
                args.join(" "),
                o.status,
                stdout(&o),
                stderr(&o)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn exitcode_by_return() {
    exitcode_via(None);
}

#[test]
fn exitcode_by_exit() {
    exitcode_via(Some("--exit"));
}

#[test]
fn exitcode_by_exitprocess() {
    exitcode_via(Some("--exitprocess"));
}

#[test]
fn exitcode_usage() {
    let o = run(&sample("exitcode.exe"), &[]);
    assert_eq!(code(&o), Some(2), "stderr:\n{}", stderr(&o));
    assert_eq!(stderr(&o), "usage: exitcode N [--exit | --exitprocess]\r\n");
}

// ---------------------------------------------------------------------------------------------
// usegreet.exe and greet.dll

const USEGREET: &str = "greet: Hello, winrun! (14)\r\n\
greet_version: 3\r\n\
greet_attached: 1\r\n\
LoadLibraryA(greet.dll) == GetModuleHandleA(greet.dll): yes\r\n\
GetProcAddress(greet): Hello, again! (13)\r\n\
greet_calls: 2\r\n\
GetProcAddress(ordinal 7): 42\r\n\
GetProcAddress(greet_getpid) forwards to GetCurrentProcessId: yes\r\n\
GetModuleFileNameA: greet.dll\r\n\
GetProcAddress(no_such_export): NULL, error 127\r\n\
LoadLibraryA(nosuch.dll): NULL, error 126\r\n\
all as expected\r\n\
greet.dll: detach\n";

fn usegreet_from(cwd: &Path) {
    let o = Command::new(winrun())
        .arg(sample("usegreet.exe"))
        .current_dir(cwd)
        .env_remove("WINRUN_LOG")
        .output()
        .expect("running winrun");
    // The detach line comes from DllMain at exit, after everything main printed, with WriteFile
    // (so "\n", not "\r\n").
    assert_eq!(stdout(&o), USEGREET, "stderr:\n{}", stderr(&o));
    assert_eq!(code(&o), Some(0), "stderr:\n{}", stderr(&o));
}

#[test]
fn usegreet_facts() {
    usegreet_from(sample("usegreet.exe").parent().unwrap());
}

/// greet.dll is found in the program's directory, whatever the current directory is.
#[test]
fn usegreet_from_another_directory() {
    let elsewhere: PathBuf = build_dir("samples-scratch");
    usegreet_from(&elsewhere);
}

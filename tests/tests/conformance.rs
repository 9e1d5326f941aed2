//! The conformance suite (DESIGN §10): every `tests/conformance/<dll>/<family>.c` is built with
//! each cross toolchain it supports and run under winrun; a program passes when it ends by
//! printing `N passed, 0 failed` (N > 0) and exits with 0.
//!
//! All programs run even when one fails, so one failure does not hide others; the test fails
//! once at the end, with every failing program's exit status and full output.
//!
//! Environment:
//! - `WINRUN_CONFORMANCE_TOOLCHAINS`: toolchains to build with, comma-separated
//!   (`mingw`, `zig`); default both.
//! - `WINRUN_CONFORMANCE_RUNNER`: a command to run the programs with instead of winrun, to check
//!   the tests themselves against Wine: `WINRUN_CONFORMANCE_RUNNER=/usr/lib/wine/wine64`
//!   (`WINEDEBUG` defaults to `-all`).
//! - `WINRUN_CONFORMANCE_FILTER`: only the programs whose `<dll>/<family>` contains one of these
//!   comma-separated strings.
//! - `WINRUN_CONFORMANCE_TIMEOUT`: seconds a program may run before it is killed; default 60.
//! - `WINRUN_SKIP_MISSING_TOOLCHAINS=1`: skip, rather than fail, the builds of a toolchain that
//!   is not installed (`tests/run` installs them all).

use std::io::Read;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::thread;
use std::time::{Duration, Instant};

use winrun_tests::{Toolchain, build_dir, compile, root, winrun};

/// Every toolchain a conformance program can name in its `// toolchains:` line.
const TOOLCHAINS: [Toolchain; 2] = [Toolchain::Mingw, Toolchain::Zig];

/// The toolchains used when `WINRUN_CONFORMANCE_TOOLCHAINS` is unset: both, so every program
/// runs against msvcrt.dll (mingw) and the UCRT (zig, api-ms-win-crt-*).
const DEFAULT_TOOLCHAINS: &str = "mingw,zig";

const DEFAULT_TIMEOUT_SECS: u64 = 60;

/// After a program has exited, how long its output pipes may stay open (held by a process it
/// started) before the harness kills its process group and reports what it has.
const PIPE_GRACE: Duration = Duration::from_secs(5);

/// One `tests/conformance/<dll>/<family>.c`.
struct Program {
    dll: String,
    family: String,
    source: PathBuf,
    /// The toolchains the file allows (its `// toolchains:` line), or all.
    toolchains: Vec<Toolchain>,
}

impl Program {
    fn name(&self) -> String {
        format!("{}/{}", self.dll, self.family)
    }
}

/// One program built with one toolchain.
struct Build<'a> {
    program: &'a Program,
    toolchain: Toolchain,
    exe: PathBuf,
}

impl Build<'_> {
    fn label(&self) -> String {
        format!("{} [{}]", self.program.name(), self.toolchain.name())
    }
}

#[test]
fn conformance() {
    let selected = selected_toolchains();
    let programs = discover();
    assert!(
        !programs.is_empty(),
        "no conformance programs found under {} (or none match WINRUN_CONFORMANCE_FILTER)",
        conformance_dir().display()
    );

    let mut usable = Vec::new();
    let mut missing = Vec::new();
    for toolchain in selected {
        if toolchain.available() {
            usable.push(toolchain);
        } else {
            missing.push(toolchain);
        }
    }
    if !missing.is_empty() {
        let why = missing
            .iter()
            .map(|&t| install_hint(t))
            .collect::<Vec<_>>()
            .join("\n");
        if !skip_missing_toolchains() {
            panic!(
                "conformance: toolchain not installed:\n{why}\n\
                 `tests/run` installs every toolchain the tests need; \
                 WINRUN_SKIP_MISSING_TOOLCHAINS=1 skips the builds of a missing one instead."
            );
        }
        for t in &missing {
            println!(
                "conformance: skipping every {} build (WINRUN_SKIP_MISSING_TOOLCHAINS=1): {}",
                t.name(),
                install_hint(*t)
            );
        }
    }

    let out_dir = build_dir("conformance");
    let builds: Vec<Build> = programs
        .iter()
        .flat_map(|program| {
            let out_dir = &out_dir;
            usable
                .iter()
                .filter(|t| program.toolchains.contains(t))
                .map(move |&toolchain| Build {
                    program,
                    toolchain,
                    exe: out_dir.join(format!(
                        "{}-{}-{}.exe",
                        program.dll,
                        program.family,
                        toolchain.name()
                    )),
                })
        })
        .collect();
    if builds.is_empty() {
        println!("conformance: nothing to build with the installed toolchains; skipped");
        return;
    }

    let built = build_all(&builds);
    let runner = Runner::from_env();
    let mut failures = Vec::new();
    for (build, built) in builds.iter().zip(built) {
        let label = build.label();
        if let Err(error) = built {
            println!("conformance {label}: FAILED to build");
            failures.push((label, format!("build failed:\n{error}")));
            continue;
        }
        let run = runner.run(&build.exe, &out_dir);
        match run.verdict() {
            Ok((passed, failed)) => {
                println!("conformance {label}: {passed} passed, {failed} failed");
            }
            Err(why) => {
                println!("conformance {label}: FAILED: {why}");
                failures.push((label, run.report(&runner, &build.exe, &why)));
            }
        }
    }

    if !failures.is_empty() {
        let mut message = String::new();
        for (label, details) in &failures {
            message += &format!("\n===== {label} =====\n{details}\n");
        }
        message += &format!(
            "\n{} of {} conformance programs failed:\n",
            failures.len(),
            builds.len()
        );
        for (label, _) in &failures {
            message += &format!("  {label}\n");
        }
        panic!("{message}");
    }
}

fn conformance_dir() -> PathBuf {
    root().join("tests").join("conformance")
}

/// `WINRUN_CONFORMANCE_TOOLCHAINS`, or the default list.
fn selected_toolchains() -> Vec<Toolchain> {
    let list = std::env::var("WINRUN_CONFORMANCE_TOOLCHAINS")
        .ok()
        .filter(|v| !v.trim().is_empty())
        .unwrap_or_else(|| DEFAULT_TOOLCHAINS.to_string());
    let mut selected = Vec::new();
    for name in list.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        let toolchain = toolchain_named(name).unwrap_or_else(|| {
            panic!("WINRUN_CONFORMANCE_TOOLCHAINS: unknown toolchain {name:?} (known: mingw, zig)")
        });
        if !selected.contains(&toolchain) {
            selected.push(toolchain);
        }
    }
    selected
}

fn toolchain_named(name: &str) -> Option<Toolchain> {
    TOOLCHAINS.into_iter().find(|t| t.name() == name)
}

fn skip_missing_toolchains() -> bool {
    std::env::var("WINRUN_SKIP_MISSING_TOOLCHAINS").is_ok_and(|v| v == "1" || v == "true")
}

fn install_hint(toolchain: Toolchain) -> String {
    match toolchain {
        Toolchain::Mingw => "mingw: x86_64-w64-mingw32-gcc not found; install mingw-w64 \
                             (`apt-get install gcc-mingw-w64-x86-64 g++-mingw-w64-x86-64`)"
            .to_string(),
        Toolchain::Zig => "zig: `python3 -m ziglang version` failed; install zig \
                           (`python3 -m pip install ziglang`)"
            .to_string(),
    }
}

/// Every `tests/conformance/<dll>/<family>.c`, sorted, narrowed by `WINRUN_CONFORMANCE_FILTER`.
fn discover() -> Vec<Program> {
    let filter: Vec<String> = std::env::var("WINRUN_CONFORMANCE_FILTER")
        .unwrap_or_default()
        .split(',')
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    let mut programs = Vec::new();
    for dll_dir in read_dir_sorted(&conformance_dir()) {
        if !dll_dir.is_dir() {
            continue;
        }
        for source in read_dir_sorted(&dll_dir) {
            if source.extension().is_none_or(|e| e != "c") || !source.is_file() {
                continue;
            }
            let dll = file_name(&dll_dir);
            let family = source
                .file_stem()
                .expect("a .c file has a stem")
                .to_string_lossy()
                .into_owned();
            let toolchains = allowed_toolchains(&source);
            let program = Program {
                dll,
                family,
                source,
                toolchains,
            };
            let name = program.name();
            if filter.is_empty() || filter.iter().any(|f| name.contains(f.as_str())) {
                programs.push(program);
            }
        }
    }
    programs
}

fn read_dir_sorted(dir: &Path) -> Vec<PathBuf> {
    let entries =
        std::fs::read_dir(dir).unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()));
    let mut paths: Vec<PathBuf> = entries
        .map(|e| {
            e.unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
                .path()
        })
        .collect();
    paths.sort();
    paths
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .expect("a directory entry has a name")
        .to_string_lossy()
        .into_owned()
}

/// The toolchains a source allows: those its first line names (`// toolchains: mingw`), or all.
fn allowed_toolchains(source: &Path) -> Vec<Toolchain> {
    let text = std::fs::read_to_string(source)
        .unwrap_or_else(|e| panic!("reading {}: {e}", source.display()));
    let first = text.lines().next().unwrap_or("");
    let Some(list) = first
        .trim()
        .strip_prefix("//")
        .and_then(|rest| rest.trim().strip_prefix("toolchains:"))
    else {
        return TOOLCHAINS.to_vec();
    };
    list.split([',', ' ', '\t'])
        .filter(|n| !n.is_empty())
        .map(|name| {
            toolchain_named(name).unwrap_or_else(|| {
                panic!(
                    "{}: unknown toolchain {name:?} in its `// toolchains:` line (known: mingw, zig)",
                    source.display()
                )
            })
        })
        .collect()
}

/// Builds every program, in parallel on the available cores. A failed build is an `Err` with
/// the compiler's message, so the other programs still build and run.
fn build_all(builds: &[Build]) -> Vec<Result<(), String>> {
    let include = conformance_dir().join("include");
    let include = include.to_str().expect("the repository path is UTF-8");
    // The import libraries go after the source for every program: the tests of those DLLs
    // need them, and an import library nobody uses adds nothing to the executable.
    let flags = [
        "-O1",
        "-Wall",
        "-I",
        include,
        "-lshell32",
        "-lws2_32",
        "-lbcrypt",
    ];

    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Result<(), String>>>> =
        Mutex::new((0..builds.len()).map(|_| None).collect());
    let workers = thread::available_parallelism()
        .map_or(2, usize::from)
        .min(builds.len());
    thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(build) = builds.get(i) else { break };
                    // A stale executable from an earlier build must not run if this one fails.
                    let _ = std::fs::remove_file(&build.exe);
                    // `compile` reports a failed build by panicking with the compiler's output.
                    let result = catch_unwind(AssertUnwindSafe(|| {
                        compile(
                            build.toolchain,
                            &[&build.program.source],
                            &build.exe,
                            &flags,
                        )
                    }))
                    .map_err(|payload| panic_message(&*payload));
                    results.lock().unwrap_or_else(|e| e.into_inner())[i] = Some(result);
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        .map(|r| r.expect("every build ran"))
        .collect()
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else {
        "(panic without a message)".to_string()
    }
}

/// What runs the programs: winrun, or the command in `WINRUN_CONFORMANCE_RUNNER`.
struct Runner {
    /// The command and its arguments; the program's path follows them.
    command: Vec<String>,
    timeout: Duration,
}

impl Runner {
    fn from_env() -> Runner {
        let command = match std::env::var("WINRUN_CONFORMANCE_RUNNER") {
            Ok(runner) if !runner.trim().is_empty() => {
                runner.split_whitespace().map(str::to_string).collect()
            }
            _ => vec![winrun().to_string_lossy().into_owned()],
        };
        let timeout = match std::env::var("WINRUN_CONFORMANCE_TIMEOUT") {
            Ok(secs) => secs.trim().parse().unwrap_or_else(|_| {
                panic!("WINRUN_CONFORMANCE_TIMEOUT: {secs:?} is not a number of seconds")
            }),
            Err(_) => DEFAULT_TIMEOUT_SECS,
        };
        Runner {
            command,
            timeout: Duration::from_secs(timeout),
        }
    }

    fn describe(&self, exe: &Path) -> String {
        format!("{} {}", self.command.join(" "), exe.display())
    }

    /// Runs `exe` in `cwd` with no input, killing it (and anything it started) at the timeout.
    fn run(&self, exe: &Path, cwd: &Path) -> Run {
        use std::os::unix::process::CommandExt;

        let mut cmd = Command::new(&self.command[0]);
        cmd.args(&self.command[1..])
            .arg(exe)
            .current_dir(cwd)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            // Its own process group, so a timeout kills whatever the program started too.
            .process_group(0);
        if std::env::var_os("WINEDEBUG").is_none() {
            cmd.env("WINEDEBUG", "-all");
        }
        let mut child = cmd
            .spawn()
            .unwrap_or_else(|e| panic!("starting {}: {e}", self.describe(exe)));
        let stdout = Capture::start(child.stdout.take().expect("stdout is piped"));
        let stderr = Capture::start(child.stderr.take().expect("stderr is piped"));

        let started = Instant::now();
        let deadline = started + self.timeout;
        let end = loop {
            match child.try_wait() {
                Ok(Some(status)) => break End::Exited(status),
                Ok(None) if Instant::now() >= deadline => {
                    kill_group(child.id());
                    let _ = child.kill();
                    let _ = child.wait();
                    break End::TimedOut(self.timeout);
                }
                Ok(None) => thread::sleep(Duration::from_millis(10)),
                Err(e) => panic!("waiting for {}: {e}", self.describe(exe)),
            }
        };
        let elapsed = started.elapsed();
        // A process the program left running may hold the pipes open for ever: give it a
        // moment, then end it, so its output so far is still reported.
        let grace = Instant::now() + PIPE_GRACE;
        if !(stdout.wait_closed(grace) && stderr.wait_closed(grace)) {
            kill_group(child.id());
        }
        Run {
            end,
            elapsed,
            stdout: stdout.finish(),
            stderr: stderr.finish(),
        }
    }
}

fn kill_group(pid: u32) {
    // No libc in this crate; kill(1) reaches a process group by its negated id.
    let _ = Command::new("kill")
        .args(["-KILL", "--", &format!("-{pid}")])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
}

/// One output pipe, read on its own thread so neither pipe can fill up and stall the program.
struct Capture {
    data: Arc<Mutex<Vec<u8>>>,
    /// Disconnects when the reader reaches the end of the pipe.
    done: mpsc::Receiver<()>,
}

impl Capture {
    fn start(mut pipe: impl Read + Send + 'static) -> Capture {
        let data = Arc::new(Mutex::new(Vec::new()));
        let (tx, done) = mpsc::channel::<()>();
        let sink = Arc::clone(&data);
        thread::spawn(move || {
            let _tx = tx;
            let mut chunk = [0u8; 8192];
            loop {
                match pipe.read(&mut chunk) {
                    Ok(0) => break,
                    Ok(n) => sink
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .extend_from_slice(&chunk[..n]),
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    Err(_) => break,
                }
            }
        });
        Capture { data, done }
    }

    /// Whether the pipe closed by `deadline`.
    fn wait_closed(&self, deadline: Instant) -> bool {
        let left = deadline.saturating_duration_since(Instant::now());
        !matches!(
            self.done.recv_timeout(left),
            Err(mpsc::RecvTimeoutError::Timeout)
        )
    }

    /// The output, once the pipe has closed (or a little later, if something still holds it).
    fn finish(self) -> String {
        let closed = self.wait_closed(Instant::now() + Duration::from_secs(1));
        let data = self.data.lock().unwrap_or_else(|e| e.into_inner());
        let mut text = String::from_utf8_lossy(&data).into_owned();
        if !closed {
            text += "\n[harness: the pipe was still open after the program exited]\n";
        }
        text
    }
}

enum End {
    Exited(ExitStatus),
    TimedOut(Duration),
}

struct Run {
    end: End,
    elapsed: Duration,
    stdout: String,
    stderr: String,
}

impl Run {
    fn status(&self) -> String {
        use std::os::unix::process::ExitStatusExt;

        match &self.end {
            End::TimedOut(after) => format!("timed out after {} s and was killed", after.as_secs()),
            End::Exited(status) => match (status.code(), status.signal()) {
                (Some(code), _) => format!("exit code {code}"),
                (None, Some(signal)) => format!("killed by signal {signal}"),
                (None, None) => format!("{status}"),
            },
        }
    }

    /// `Ok((passed, failed))` for a passing program; otherwise why it failed.
    fn verdict(&self) -> Result<(u64, u64), String> {
        let status = self.status();
        let Some((passed, failed)) = summary(&self.stdout) else {
            return Err(format!("no `N passed, M failed` line ({status})"));
        };
        let exited_0 = matches!(&self.end, End::Exited(s) if s.success());
        if failed == 0 && passed > 0 && exited_0 {
            Ok((passed, failed))
        } else {
            Err(format!("{passed} passed, {failed} failed ({status})"))
        }
    }

    fn report(&self, runner: &Runner, exe: &Path, why: &str) -> String {
        format!(
            "command: {}\nresult: {why}, after {:.1} s\n\
             --- stdout ---\n{}\n--- stderr ---\n{}\n--- end ---",
            runner.describe(exe),
            self.elapsed.as_secs_f64(),
            self.stdout.trim_end(),
            self.stderr.trim_end()
        )
    }
}

/// The counts on the last line of `stdout` that reads exactly `N passed, M failed`. The last
/// one, because a program may print its summary late (msvcrt/startup prints it from an atexit
/// handler) and only the final count covers every check.
fn summary(stdout: &str) -> Option<(u64, u64)> {
    // lines() also drops the \r that text-mode stdio puts before each \n.
    stdout.lines().filter_map(summary_line).next_back()
}

fn summary_line(line: &str) -> Option<(u64, u64)> {
    let (passed, rest) = line.split_once(" passed, ")?;
    let failed = rest.strip_suffix(" failed")?;
    Some((count(passed)?, count(failed)?))
}

fn count(digits: &str) -> Option<u64> {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

#[test]
fn summary_is_the_last_exact_line() {
    assert_eq!(summary("ok\n3 passed, 1 failed\n"), Some((3, 1)));
    assert_eq!(summary("3 passed, 1 failed\r\n"), Some((3, 1)));
    assert_eq!(
        summary("1 passed, 0 failed\nFAIL x.c:3: late\n5 passed, 2 failed\nbye\n"),
        Some((5, 2))
    );
    assert_eq!(summary("12 passed, 0 failed"), Some((12, 0)));
    assert_eq!(summary(""), None);
    assert_eq!(summary("FAIL a.c:1: 3 passed, 0 failed\n"), None);
    assert_eq!(summary("3 passed, 0 failed.\n"), None);
    assert_eq!(summary(" 3 passed, 0 failed\n"), None);
    assert_eq!(summary("-3 passed, 0 failed\n"), None);
    assert_eq!(summary("3 passed,  0 failed\n"), None);
}

#[test]
fn toolchains_line_restricts_a_program() {
    let dir = build_dir("conformance-harness");
    let source = dir.join("restricted.c");
    std::fs::write(
        &source,
        "// toolchains: mingw\nint main(void) { return 0; }\n",
    )
    .unwrap();
    assert_eq!(allowed_toolchains(&source), vec![Toolchain::Mingw]);
    std::fs::write(&source, "/* any */\nint main(void) { return 0; }\n").unwrap();
    assert_eq!(allowed_toolchains(&source), TOOLCHAINS.to_vec());
}

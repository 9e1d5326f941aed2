//! The real programs of shared/TARGETS.md doing real jobs under winrun, compared with what they
//! do under Wine: stdout (and where it matters stderr) bytes, the files they produce, exit codes.
//! The programs and jobs are the table in `tests/src/targets.rs`; a program whose package cannot
//! be fetched is skipped with the reason printed.
//!
//! Variables:
//! - `WINRUN_PROGRAMS_RUNNER=/usr/lib/wine/wine64` runs the jobs under Wine instead (every job
//!   is then expected to pass: that is how the expectations were recorded). For esbuild and ruff
//!   the Wine prefix needs a `bcryptprimitives.dll` (see shared/TARGETS.md).
//! - `WINRUN_TARGETS_CACHE`: where packages are downloaded and extracted (see `fetch`).
//! - `WINRUN_UPDATE_README=1` rewrites README.md's compatibility table from the job table.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use winrun_tests::targets::{Expect, Input, Job, PROGRAMS, Produced, Program, Status, Step};
use winrun_tests::{Toolchain, build_dir, compile, fetch, root, winrun};

/// Time limit of one step.
const STEP_TIMEOUT_SECS: u32 = 120;

/// What winrun prints when a program calls an import it does not implement.
const UNIMPLEMENTED: &[u8] = b"winrun: unimplemented: ";

fn runner() -> Option<PathBuf> {
    std::env::var_os("WINRUN_PROGRAMS_RUNNER").map(PathBuf::from)
}

/// The job directory's path as the program sees it: `C:` is winrun's host root, Wine's is `Z:`.
fn windows_dir(dir: &Path) -> String {
    let drive = if runner().is_some() { "Z:" } else { "C:" };
    format!("{drive}{}", dir.display()).replace('/', "\\")
}

/// Text-like bytes from a fixed seed (xorshift over a small vocabulary).
fn generated(size: usize, seed: u64) -> Vec<u8> {
    const WORDS: &[&str] = &[
        "the",
        "quick",
        "brown",
        "fox",
        "jumps",
        "over",
        "lazy",
        "dog",
        "winrun",
        "maps",
        "a",
        "portable",
        "executable",
        "and",
        "binds",
        "its",
        "imports",
        "\r\n",
        "0123",
        "42",
    ];
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut out = Vec::with_capacity(size + 16);
    while out.len() < size {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        out.extend_from_slice(WORDS[(state % WORDS.len() as u64) as usize].as_bytes());
        out.push(b' ');
    }
    out.truncate(size);
    out
}

fn test_program(name: &str) -> PathBuf {
    let out = build_dir("programs").join(format!("{name}.exe"));
    if !out.is_file() {
        let src = root().join("tests/programs").join(format!("{name}.c"));
        compile(Toolchain::Mingw, &[&src], &out, &["-O2"]);
    }
    out
}

fn copy_tree(from: &Path, to: &Path) {
    if from.is_dir() {
        std::fs::create_dir_all(to).expect("creating a directory");
        for entry in std::fs::read_dir(from).expect("reading a package directory") {
            let entry = entry.expect("a directory entry");
            copy_tree(&entry.path(), &to.join(entry.file_name()));
        }
    } else {
        std::fs::copy(from, to)
            .unwrap_or_else(|e| panic!("copying {} to {}: {e}", from.display(), to.display()));
    }
}

/// Sets up the job directory: the program alone (plus what it needs beside it) and the inputs.
fn prepare(program: &Program, package: &Path, job: &Job) -> PathBuf {
    let dir = build_dir("programs")
        .join(program.name.trim_end_matches(".exe"))
        .join(job.name.replace(' ', "-"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("creating the job directory");
    copy_tree(&package.join(program.path), &dir.join(program.install_as));
    for (inside, name) in program.beside {
        copy_tree(&package.join(inside), &dir.join(name));
    }
    for (name, input) in job.inputs {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("creating an input directory");
        }
        match input {
            Input::Text(text) => std::fs::write(&path, text).expect("writing an input"),
            Input::Generated { size, seed } => {
                std::fs::write(&path, generated(*size, *seed)).expect("writing an input")
            }
            Input::TestProgram(name) => {
                std::fs::copy(test_program(name), &path).expect("copying a test program");
            }
            Input::Nested {
                prefix,
                open,
                inner,
                close,
                suffix,
                depth,
            } => {
                let (opens, closes) = (open.repeat(*depth), close.repeat(*depth));
                let text = [*prefix, &opens, *inner, &closes, *suffix];
                std::fs::write(&path, text.concat()).expect("writing an input")
            }
        }
    }
    dir
}

/// `bytes` shown with escapes, for mismatch reports.
fn show(bytes: &[u8]) -> String {
    let text = bytes.escape_ascii().to_string();
    if text.len() > 2000 {
        format!("{}... ({} bytes)", &text[..2000], bytes.len())
    } else {
        text
    }
}

fn check_stream(what: &str, expect: &Expect, got: &[u8], dir: &str, problems: &mut Vec<String>) {
    match expect {
        Expect::Any => {}
        Expect::Exact(want) => {
            let want = String::from_utf8_lossy(want).replace("{dir}", dir);
            if want.as_bytes() != got {
                problems.push(format!(
                    "{what}: expected \"{}\", got \"{}\"",
                    show(want.as_bytes()),
                    show(got)
                ));
            }
        }
        Expect::Lines(lines) => {
            let text = String::from_utf8_lossy(got);
            let mut rest = text.lines().map(str::trim_end);
            for line in *lines {
                if !rest.any(|l| l.starts_with(line)) {
                    problems.push(format!(
                        "{what}: no line starting \"{line}\" (in order) in \"{}\"",
                        show(got)
                    ));
                    return;
                }
            }
        }
    }
}

/// Runs one step; its mismatches go to `problems`.
fn run_step(program: &Program, dir: &Path, step: &Step, problems: &mut Vec<String>) {
    let exe = dir.join(program.install_as);
    let mut cmd = Command::new("timeout");
    cmd.args(["-k", "5", &STEP_TIMEOUT_SECS.to_string()]);
    match runner() {
        Some(r) => {
            cmd.arg(r).env("WINEDEBUG", "-all");
        }
        None => {
            cmd.arg(winrun()).env_remove("WINRUN_LOG");
        }
    }
    cmd.arg(&exe).args(step.args).current_dir(dir);
    cmd.stdin(match step.stdin {
        Some(file) => Stdio::from(std::fs::File::open(dir.join(file)).expect("a stdin file")),
        None => Stdio::null(),
    });
    let out = cmd.output().expect("running the program");
    let label = format!("`{} {}`", program.install_as, step.args.join(" "));
    if let Some(file) = step.stdout_to {
        std::fs::write(dir.join(file), &out.stdout).expect("saving stdout");
    }
    let mut mine = Vec::new();
    match out.status.code() {
        Some(code) if code == step.exit => {}
        code => mine.push(format!(
            "exit status {code:?}, expected {}; stderr: {}",
            step.exit,
            show(&out.stderr)
        )),
    }
    // A stub's message (loader/src/stubs.rs) in any job is a failure, whatever the job expects.
    if runner().is_none()
        && out
            .stderr
            .windows(UNIMPLEMENTED.len())
            .any(|w| w == UNIMPLEMENTED)
    {
        mine.push(format!(
            "called an unimplemented import: {}",
            show(&out.stderr)
        ));
    }
    let windows = windows_dir(dir);
    check_stream("stdout", &step.stdout, &out.stdout, &windows, &mut mine);
    check_stream("stderr", &step.stderr, &out.stderr, &windows, &mut mine);
    problems.extend(mine.into_iter().map(|p| format!("{label}: {p}")));
}

fn check_produced(dir: &Path, name: &str, want: &Produced, problems: &mut Vec<String>) {
    let Ok(got) = std::fs::read(dir.join(name)) else {
        problems.push(format!("{name} was not produced"));
        return;
    };
    let ok = match want {
        Produced::SameAs(input) => std::fs::read(dir.join(input)).is_ok_and(|i| i == got),
        Produced::Exact(bytes) => got == *bytes,
        Produced::Contains(text) => String::from_utf8_lossy(&got).contains(text),
    };
    if !ok {
        problems.push(format!("{name}: expected {want:?}, got \"{}\"", show(&got)));
    }
}

/// Runs every job of the program; panics listing the jobs whose outcome contradicts the table.
fn run_program(name: &str) {
    let program = PROGRAMS
        .iter()
        .find(|p| p.name == name)
        .expect("a program of the table");
    let package = match fetch::extracted(&program.package) {
        Ok(dir) => dir,
        Err(reason) => {
            eprintln!("skipped {name}: {reason}");
            return;
        }
    };
    let mut failures = Vec::new();
    for job in program.jobs {
        let dir = prepare(program, &package, job);
        let mut problems = Vec::new();
        for step in job.steps {
            run_step(program, &dir, step, &mut problems);
        }
        for (file, want) in job.produces {
            check_produced(&dir, file, want, &mut problems);
        }
        let status = if runner().is_some() {
            Status::Works
        } else {
            job.status
        };
        match (status, problems.is_empty()) {
            (Status::Works, true) => eprintln!("{name} / {}: works", job.name),
            (Status::Works, false) => failures.push(format!(
                "{name} / {}:\n  {}",
                job.name,
                problems.join("\n  ")
            )),
            (Status::KnownFailing(reason), false) => eprintln!(
                "{name} / {}: known failing ({reason}):\n  {}",
                job.name,
                problems.join("\n  ")
            ),
            (Status::KnownFailing(_), true) => failures.push(format!(
                "{name} / {}: passes but the table in tests/src/targets.rs says known failing; \
                 mark it Works (and refresh the README with WINRUN_UPDATE_README=1)",
                job.name
            )),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn find_exe() {
    run_program("find.exe");
}

#[test]
fn cli_64_exe() {
    run_program("cli-64.exe");
}

#[test]
fn ninja_exe() {
    run_program("ninja.exe");
}

#[test]
fn sevenza_exe() {
    run_program("7za.exe");
}

#[test]
fn protoc_exe() {
    run_program("protoc.exe");
}

#[test]
fn esbuild_exe() {
    run_program("esbuild.exe");
}

#[test]
fn ruff_exe() {
    run_program("ruff.exe");
}

/// `winrun check` resolves every import of every program (its own and those of the DLLs it
/// loads): none is MISSING. Imports implemented only in part are listed, not failed.
#[test]
fn every_import_resolves() {
    if runner().is_some() {
        return;
    }
    let mut missing = Vec::new();
    let mut partial = Vec::new();
    for program in PROGRAMS {
        let package = match fetch::extracted(&program.package) {
            Ok(dir) => dir,
            Err(reason) => {
                eprintln!("skipped {}: {reason}", program.name);
                continue;
            }
        };
        // Alone in a directory, as in the jobs.
        let dir = build_dir("programs")
            .join("check")
            .join(program.name.trim_end_matches(".exe"));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("creating the check directory");
        let exe = dir.join(program.install_as);
        copy_tree(&package.join(program.path), &exe);
        let out = Command::new(winrun())
            .arg("check")
            .arg(&exe)
            .env_remove("WINRUN_LOG")
            .output()
            .expect("running winrun check");
        let text = String::from_utf8_lossy(&out.stdout);
        for line in text.lines() {
            if line.contains(": MISSING") {
                missing.push(line.to_string());
            } else if line.ends_with("(partial)") {
                partial.push(line.to_string());
            }
        }
        let summary = text.lines().last().unwrap_or_default();
        assert!(
            summary.ends_with(" missing"),
            "`winrun check {}` printed no summary: {text}{}",
            program.name,
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(
            out.status.code(),
            Some(if text.contains(": MISSING") { 1 } else { 0 }),
            "`winrun check {}`: exit status against its report",
            program.name
        );
    }
    if !partial.is_empty() {
        eprintln!("imports implemented in part:\n  {}", partial.join("\n  "));
    }
    assert!(
        missing.is_empty(),
        "{} imports missing:\n  {}",
        missing.len(),
        missing.join("\n  ")
    );
}

/// Every program of the table has its test above.
#[test]
fn every_program_has_a_test() {
    let source = include_str!("programs.rs");
    for p in PROGRAMS {
        assert!(
            source.contains(&format!("run_program(\"{}\")", p.name)),
            "{} has no test calling run_program",
            p.name
        );
    }
}

const TABLE_BEGIN: &str = "<!-- programs table: generated from tests/src/targets.rs -->\n";
const TABLE_END: &str = "<!-- end of programs table -->\n";

/// README.md's compatibility table is the one the job table generates.
#[test]
fn readme_table_matches_the_jobs() {
    let path = root().join("README.md");
    let readme = std::fs::read_to_string(&path).expect("reading README.md");
    let start = readme
        .find(TABLE_BEGIN)
        .expect("README.md has the table's start marker")
        + TABLE_BEGIN.len();
    let end = readme[start..]
        .find(TABLE_END)
        .expect("README.md has the table's end marker")
        + start;
    let table = winrun_tests::targets::readme_table();
    if std::env::var_os("WINRUN_UPDATE_README").is_some() {
        let updated = format!("{}{table}{}", &readme[..start], &readme[end..]);
        std::fs::write(&path, updated).expect("writing README.md");
        return;
    }
    assert_eq!(
        &readme[start..end],
        table,
        "README.md's programs table is stale: run this test with WINRUN_UPDATE_README=1"
    );
}

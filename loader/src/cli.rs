//! The command line: `winrun [OPTIONS] PROGRAM [ARGS...]` runs a program; `check`, `apis`,
//! `binfmt` and `run` are subcommands.

use crate::modules::DllOverride;
use clap::{Args, Parser, Subcommand};
use std::ffi::OsString;
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "winrun",
    version,
    about = "Runs Windows x64 console programs on Linux",
    args_conflicts_with_subcommands = true,
    after_help = "Environment: WINRUN_LOG=relay traces API calls (tracing filter syntax); \
                  WINRUN_ACP sets the ANSI code page (default 65001, UTF-8); \
                  WINRUN_PRELOAD=a.so:b.so loads shims after those of --preload."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub run: RunArgs,
}

#[derive(Args, Debug, Clone)]
pub struct RunArgs {
    /// Refuse to start a program with imports that nothing implements.
    #[arg(long)]
    pub strict: bool,
    #[command(flatten)]
    pub load: LoadArgs,
    /// Map a drive letter to a host directory (C: and Z: are `/` unless --root says otherwise).
    #[arg(long = "drive", value_name = "X=DIR", value_parser = parse_drive)]
    pub drives: Vec<(char, PathBuf)>,
    /// Confine the program to DIR: C: is DIR, Z: is gone, and no path reaches outside it.
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// The Windows program (.exe) to run.
    pub program: Option<PathBuf>,
    /// Arguments for the program, passed on as its Windows command line.
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    pub args: Vec<OsString>,
}

/// How imports are bound: shims and DLL overrides (for `run` and `check`).
#[derive(Args, Debug, Clone, Default)]
pub struct LoadArgs {
    /// Load a shim library that replaces Windows APIs (repeatable; an earlier shim wraps a later
    /// one, and WINRUN_PRELOAD's come after these).
    #[arg(long = "preload", value_name = "SHIM.so")]
    pub preload: Vec<PathBuf>,
    /// Which DLL wins when winrun has a builtin and the program a native one: `native` (the
    /// program's, else the builtin) or `builtin` (never the native one). Repeatable.
    #[arg(long = "override", value_name = "DLL=native|builtin", value_parser = parse_override)]
    pub overrides: Vec<(String, DllOverride)>,
}

fn parse_override(text: &str) -> Result<(String, DllOverride), String> {
    let (dll, choice) = text
        .split_once('=')
        .ok_or_else(|| format!("expected DLL=native or DLL=builtin, got {text:?}"))?;
    if dll.trim().is_empty() {
        return Err(format!("no DLL name in {text:?}"));
    }
    let choice = match choice.trim().to_ascii_lowercase().as_str() {
        "native" | "n" => DllOverride::Native,
        "builtin" | "b" => DllOverride::Builtin,
        other => return Err(format!("{other:?} is neither native nor builtin")),
    };
    Ok((dll.trim().to_string(), choice))
}

/// Splits the command line at the program: what follows the program path belongs to the
/// program, even when it looks like one of winrun's options (`winrun tool.exe --version`
/// passes `--version` to tool.exe). Returns winrun's part (up to and including the program)
/// and the program's arguments.
pub fn split_at_program(argv: Vec<OsString>) -> (Vec<OsString>, Vec<OsString>) {
    const TAKES_VALUE: &[&str] = &["--preload", "--override", "--drive", "--root"];
    let mut i = 1;
    let mut first_positional = true;
    while i < argv.len() {
        let arg = argv[i].to_string_lossy();
        if arg == "--" {
            // `winrun -- prog.exe args`: the program is next.
            i += 1;
            break;
        }
        if arg.starts_with('-') {
            i += if TAKES_VALUE.contains(&arg.as_ref()) {
                2
            } else {
                1
            };
            continue;
        }
        if first_positional && arg == "run" {
            first_positional = false;
            i += 1;
            continue;
        }
        if first_positional && ["check", "apis", "binfmt", "help"].contains(&arg.as_ref()) {
            return (argv, Vec::new());
        }
        break;
    }
    if i >= argv.len() {
        return (argv, Vec::new());
    }
    let mut head = argv;
    let tail = head.split_off(i + 1);
    (head, tail)
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run a program (for programs whose name is also a winrun subcommand).
    Run(RunArgs),
    /// List every import of a program and how it resolves; exit 1 if any is missing.
    Check {
        #[command(flatten)]
        load: LoadArgs,
        /// The Windows program (.exe) or DLL to check.
        program: PathBuf,
    },
    /// List the exports of the builtin DLLs and their status.
    Apis {
        /// Only this DLL (e.g. kernel32).
        dll: Option<String>,
    },
    /// Register or unregister winrun with binfmt_misc, so `./prog.exe` runs directly.
    Binfmt {
        #[command(subcommand)]
        action: BinfmtAction,
    },
}

#[derive(Subcommand, Debug, Clone, Copy)]
pub enum BinfmtAction {
    /// Register winrun as the interpreter for MZ (PE) files.
    Install,
    /// Remove the registration.
    Uninstall,
    /// Show whether winrun is registered.
    Status,
}

/// `X=/dir` for `--drive`.
fn parse_drive(s: &str) -> Result<(char, PathBuf), String> {
    let (letter, dir) = s
        .split_once('=')
        .ok_or_else(|| format!("{s:?}: expected X=DIR"))?;
    let mut chars = letter.trim_end_matches(':').chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if c.is_ascii_alphabetic() => Ok((c.to_ascii_uppercase(), dir.into())),
        _ => Err(format!("{letter:?} is not a drive letter")),
    }
}

#[cfg(test)]
mod tests {
    use super::{DllOverride, parse_override};

    #[test]
    fn program_arguments_are_not_winrun_options() {
        let os = |v: &[&str]| v.iter().map(std::ffi::OsString::from).collect::<Vec<_>>();
        let split = |v: &[&str]| super::split_at_program(os(v));
        assert_eq!(
            split(&[
                "winrun",
                "--strict",
                "--root",
                "/r",
                "t.exe",
                "--version",
                "-x"
            ]),
            (
                os(&["winrun", "--strict", "--root", "/r", "t.exe"]),
                os(&["--version", "-x"])
            )
        );
        assert_eq!(
            split(&["winrun", "run", "check", "a"]),
            (os(&["winrun", "run", "check"]), os(&["a"]))
        );
        assert_eq!(
            split(&["winrun", "--", "t.exe", "--"]),
            (os(&["winrun", "--", "t.exe"]), os(&["--"]))
        );
        assert_eq!(
            split(&["winrun", "check", "t.exe"]),
            (os(&["winrun", "check", "t.exe"]), os(&[]))
        );
        assert_eq!(
            split(&["winrun", "--help"]),
            (os(&["winrun", "--help"]), os(&[]))
        );
    }

    #[test]
    fn overrides_parse() {
        assert_eq!(
            parse_override("shell32=native"),
            Ok(("shell32".into(), DllOverride::Native))
        );
        assert_eq!(
            parse_override(" SHELL32.dll = B "),
            Ok(("SHELL32.dll".into(), DllOverride::Builtin))
        );
        for bad in ["shell32", "=native", "shell32=maybe", "shell32="] {
            assert!(parse_override(bad).is_err(), "{bad}");
        }
    }
}

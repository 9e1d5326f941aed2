//! Shared pieces of winrun's test suites: finding (and building) the winrun binary, building
//! Windows test programs with the cross compilers, and running them.

pub mod fetch;
pub mod pty;
pub mod source_build;
pub mod targets;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is inside the workspace")
        .to_path_buf()
}

/// The target directory of this build (where test executables and winrun live).
pub fn target_dir() -> PathBuf {
    // Test executables run from <target>/<profile>/deps/.
    let exe = std::env::current_exe().expect("test executable path");
    exe.parent()
        .and_then(Path::parent)
        .and_then(Path::parent)
        .expect("target directory")
        .to_path_buf()
}

fn profile_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("test executable path");
    exe.parent()
        .and_then(Path::parent)
        .expect("profile directory")
        .to_path_buf()
}

/// The winrun binary of this build profile, built on first use (`WINRUN_BIN` overrides).
pub fn winrun() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        if let Some(bin) = std::env::var_os("WINRUN_BIN") {
            return PathBuf::from(bin);
        }
        let profile = profile_dir();
        let release = profile.file_name().is_some_and(|n| n == "release");
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let mut cmd = Command::new(cargo);
        cmd.current_dir(root())
            .args(["build", "-q", "-p", "winrun"]);
        if release {
            cmd.arg("--release");
        }
        let status = cmd.status().expect("running cargo build -p winrun");
        assert!(status.success(), "cargo build -p winrun failed");
        profile.join("winrun")
    })
}

/// A cross toolchain that builds Windows test programs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Toolchain {
    /// mingw-w64 gcc: msvcrt.dll.
    Mingw,
    /// zig cc: the UCRT (api-ms-win-crt-*).
    Zig,
}

impl Toolchain {
    pub fn name(self) -> &'static str {
        match self {
            Toolchain::Mingw => "mingw",
            Toolchain::Zig => "zig",
        }
    }

    /// Whether the toolchain is installed.
    pub fn available(self) -> bool {
        let probe = match self {
            Toolchain::Mingw => Command::new("x86_64-w64-mingw32-gcc")
                .arg("--version")
                .output(),
            Toolchain::Zig => Command::new("python3")
                .args(["-m", "ziglang", "version"])
                .output(),
        };
        probe.is_ok_and(|o| o.status.success())
    }

    /// The compiler command with its fixed arguments.
    pub fn compiler(self) -> Command {
        match self {
            Toolchain::Mingw => Command::new("x86_64-w64-mingw32-gcc"),
            Toolchain::Zig => {
                let mut c = Command::new("python3");
                c.args(["-m", "ziglang", "cc", "-target", "x86_64-windows-gnu"]);
                c
            }
        }
    }
}

/// Where built test programs go.
pub fn build_dir(kind: &str) -> PathBuf {
    let dir = target_dir().join("winrun-tests").join(kind);
    std::fs::create_dir_all(&dir).expect("creating the test build directory");
    dir
}

/// Compiles C sources into `out` with `toolchain`; panics with the compiler's output on failure.
pub fn compile(toolchain: Toolchain, sources: &[&Path], out: &Path, extra: &[&str]) {
    let output = toolchain
        .compiler()
        .args(sources)
        .arg("-o")
        .arg(out)
        .args(extra)
        .output()
        .expect("running the cross compiler");
    assert!(
        output.status.success(),
        "building {} with {} failed:\n{}",
        out.display(),
        toolchain.name(),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Runs `program` under winrun with `args`.
pub fn run(program: &Path, args: &[&str]) -> Output {
    Command::new(winrun())
        .arg(program)
        .args(args)
        .output()
        .expect("running winrun")
}

/// A sample's prebuilt binary.
pub fn sample(name: &str) -> PathBuf {
    root().join("samples").join("bin").join(name)
}

/// The process's stdout as text, for assertions.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

//! Third-party C programs built from their pinned source packages with both cross toolchains,
//! so that their own test suites can run under winrun against msvcrt.dll and the UCRT. The
//! executables are cached in `<fetch cache>/builds/`, keyed by the package's sha256, the
//! compiler's version and the flags: only the first run pays for the build.

use crate::Toolchain;
use crate::fetch;
use crate::targets::Package;
use std::path::{Path, PathBuf};

#[derive(Debug)]
pub struct SourceProgram {
    pub package: Package,
    /// The program's directory inside the extracted package.
    pub dir: &'static str,
    /// C sources relative to `dir`; a directory stands for every `.c` file in it.
    pub sources: &'static [&'static str],
    /// Compiler arguments (include directories relative to `dir`, optimisation, defines).
    pub flags: &'static [&'static str],
    /// The executable's file name.
    pub exe: &'static str,
}

/// A program's source tree and its executable built with one toolchain.
#[derive(Debug)]
pub struct Built {
    pub tree: PathBuf,
    pub exe: PathBuf,
}

/// Fetches, extracts and builds `program` with `toolchain`, or reuses the cached build. `Err`
/// says why it cannot be had (no toolchain, no registry): the caller skips. A failing
/// compilation panics with the compiler's output.
pub fn built(program: &SourceProgram, toolchain: Toolchain) -> Result<Built, String> {
    if !toolchain.available() {
        return Err(format!("{} is not installed", toolchain.name()));
    }
    let tree = fetch::extracted(&program.package)?.join(program.dir);
    let builds = fetch::cache_dir().join("builds").join(format!(
        "{}-{}-{}",
        program.package.name,
        program.package.version,
        toolchain.name()
    ));
    std::fs::create_dir_all(&builds).map_err(|e| format!("creating {}: {e}", builds.display()))?;
    let exe = builds.join(program.exe);
    let key = format!(
        "{}\n{:?}\n{}",
        program.package.sha256,
        program.flags,
        compiler_version(toolchain)?
    );
    let key_file = builds.join(format!("{}.key", program.exe));
    if exe.is_file() && std::fs::read_to_string(&key_file).is_ok_and(|k| k == key) {
        return Ok(Built { tree, exe });
    }
    let sources = source_files(&tree, program.sources)?;
    // Build beside, then rename into place, so a concurrent run never takes a partial file.
    let partial = builds.join(format!(".{}-{}", std::process::id(), program.exe));
    let out = toolchain
        .compiler()
        .current_dir(&tree)
        .args(program.flags)
        .args(&sources)
        .arg("-o")
        .arg(&partial)
        .output()
        .map_err(|e| format!("running {}: {e}", toolchain.name()))?;
    assert!(
        out.status.success(),
        "building {} with {} failed:\n{}",
        program.exe,
        toolchain.name(),
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::rename(&partial, &exe).map_err(|e| format!("storing {}: {e}", exe.display()))?;
    std::fs::write(&key_file, key).map_err(|e| e.to_string())?;
    // zig leaves a debug database beside the executable; the cache keeps only the program.
    let _ = std::fs::remove_file(partial.with_extension("pdb"));
    Ok(Built { tree, exe })
}

fn compiler_version(toolchain: Toolchain) -> Result<String, String> {
    let out = toolchain
        .compiler()
        .arg("--version")
        .output()
        .map_err(|e| format!("running {}: {e}", toolchain.name()))?;
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The sources relative to `tree`, directories expanded to their `.c` files in name order.
fn source_files(tree: &Path, sources: &[&str]) -> Result<Vec<PathBuf>, String> {
    let mut files = Vec::new();
    for source in sources {
        let path = tree.join(source);
        if !path.is_dir() {
            files.push(PathBuf::from(source));
            continue;
        }
        let entries =
            std::fs::read_dir(&path).map_err(|e| format!("listing {}: {e}", path.display()))?;
        let mut c_files: Vec<PathBuf> = entries
            .filter_map(|e| e.ok())
            .map(|e| Path::new(source).join(e.file_name()))
            .filter(|p| p.extension().is_some_and(|x| x == "c"))
            .collect();
        c_files.sort();
        files.extend(c_files);
    }
    Ok(files)
}

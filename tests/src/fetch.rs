//! Fetching the target programs' packages by name with each registry's ordinary client, checking
//! their sha256 and extracting them into a cache outside the repository that later runs reuse:
//! `$WINRUN_TARGETS_CACHE`, else `$XDG_CACHE_HOME/winrun/targets`, else
//! `~/.cache/winrun/targets`. A downloaded file already in `<cache>/downloads/` with the right
//! hash is used without asking the registry.

use crate::targets::{Package, Registry};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

pub fn cache_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("WINRUN_TARGETS_CACHE") {
        return PathBuf::from(dir);
    }
    let base = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .unwrap_or_else(|| {
            PathBuf::from(std::env::var_os("HOME").unwrap_or_else(|| "/tmp".into())).join(".cache")
        });
    base.join("winrun").join("targets")
}

/// The package's extracted tree. `Err` says why it could not be fetched (the caller skips);
/// a file whose hash is wrong panics: the pinned package changed, which is never fine.
pub fn extracted(package: &Package) -> Result<PathBuf, String> {
    // The scratch names below are per process: threads of one test process take turns.
    static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let cache = cache_dir();
    let dir = cache.join(format!(
        "{}-{}",
        package.name.replace('/', "_"),
        package.version
    ));
    if dir.join(".complete").is_file() {
        return Ok(dir);
    }
    let file = downloaded(&cache.join("downloads"), package)?;
    // Extract beside, then rename into place, so a concurrent run never sees half a tree.
    let tmp = cache.join(format!(
        ".extract-{}-{}",
        std::process::id(),
        package.version
    ));
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp).map_err(|e| format!("creating {}: {e}", tmp.display()))?;
    let mut cmd = match package.registry {
        Registry::PyPI => {
            let mut c = Command::new("unzip");
            c.arg("-q").arg(&file).arg("-d").arg(&tmp);
            c
        }
        Registry::Npm | Registry::PyPISource => {
            let mut c = Command::new("tar");
            c.arg("-xzf").arg(&file).arg("-C").arg(&tmp);
            c
        }
        Registry::Debian => {
            let mut c = Command::new("dpkg-deb");
            c.arg("-x").arg(&file).arg(&tmp);
            c
        }
    };
    let out = cmd
        .output()
        .map_err(|e| format!("running the extractor: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "extracting {}: {}",
            file.display(),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    std::fs::write(tmp.join(".complete"), package.sha256).map_err(|e| e.to_string())?;
    if std::fs::rename(&tmp, &dir).is_err() {
        // Another run got there first.
        let _ = std::fs::remove_dir_all(&tmp);
    }
    Ok(dir)
}

/// The package file in `downloads`, fetched with the registry's client when missing.
fn downloaded(downloads: &Path, package: &Package) -> Result<PathBuf, String> {
    let file = downloads.join(package.file);
    if file.is_file() && sha256(&file)? == package.sha256 {
        return Ok(file);
    }
    let tmp = downloads.join(format!(".fetch-{}-{}", std::process::id(), package.file));
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp).map_err(|e| format!("creating {}: {e}", tmp.display()))?;
    let spec;
    let mut cmd = match package.registry {
        Registry::PyPI => {
            spec = format!("{}=={}", package.name, package.version);
            let mut c = Command::new("python3");
            c.args(["-m", "pip", "download", "--no-deps", "--only-binary=:all:"])
                .args([
                    "--platform",
                    "win_amd64",
                    "--python-version",
                    "3.11",
                    "-q",
                    "-d",
                ])
                .arg(&tmp)
                .arg(&spec);
            c
        }
        Registry::PyPISource => {
            spec = format!("{}=={}", package.name, package.version);
            let mut c = Command::new("python3");
            c.args(["-m", "pip", "download", "--no-deps", "--no-binary=:all:"])
                .args(["-q", "-d"])
                .arg(&tmp)
                .arg(&spec);
            c
        }
        Registry::Npm => {
            spec = format!("{}@{}", package.name, package.version);
            let mut c = Command::new("npm");
            c.args(["pack", "--silent", &spec]).current_dir(&tmp);
            c
        }
        Registry::Debian => {
            spec = format!("{}={}", package.name, package.version);
            let mut c = Command::new("apt-get");
            c.args(["download", "-q", &spec]).current_dir(&tmp);
            c
        }
    };
    let out = cmd
        .output()
        .map_err(|e| format!("cannot run the client for {spec}: {e}"))?;
    let fetched = tmp.join(package.file);
    if !out.status.success() || !fetched.is_file() {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(format!(
            "{spec} could not be fetched: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    let got = sha256(&fetched)?;
    assert_eq!(
        got, package.sha256,
        "{spec}: {} has sha256 {got}, not the pinned {}",
        package.file, package.sha256
    );
    std::fs::rename(&fetched, &file).map_err(|e| format!("storing {}: {e}", file.display()))?;
    let _ = std::fs::remove_dir_all(&tmp);
    Ok(file)
}

fn sha256(file: &Path) -> Result<String, String> {
    let out = Command::new("sha256sum")
        .arg(file)
        .output()
        .map_err(|e| format!("running sha256sum: {e}"))?;
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .next()
        .map(str::to_string)
        .ok_or_else(|| format!("sha256sum {} failed", file.display()))
}

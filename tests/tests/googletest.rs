//! A C++ program of real size that uses exceptions, running its own tests: googletest's unit
//! test of itself (gtest_unittest.cc: assertions, EXPECT_THROW / ASSERT_NO_THROW, printers,
//! flags, listeners, death tests in child processes ...), built with mingw-w64 g++ from the
//! sources Debian's `googletest` package ships and run under winrun. Its summary must say every
//! test passed, as it does under Wine.
//!
//! Three death tests are filtered out: their child processes take the parent's pipe handle with
//! OpenProcess + DuplicateHandle, and winrun duplicates handles within a process only. The
//! child then cannot report its message, so the parent sees the wrong one.
//!
//! The package is fetched with apt-get at a pinned version and sha256 into the targets cache
//! (`winrun_tests::fetch`); the executable is built once per package hash and kept there.

use std::path::{Path, PathBuf};
use std::process::Command;
use winrun_tests::targets::{Package, Registry};
use winrun_tests::{fetch, run, stderr, stdout};

const GOOGLETEST: Package = Package {
    registry: Registry::Debian,
    name: "googletest",
    version: "1.12.1-0.2",
    file: "googletest_1.12.1-0.2_all.deb",
    sha256: "927be72067517da503b6538026d451455c9e860f5dbfe237f792543db7d5a928",
};

/// g++ with the posix thread model: googletest's mutexes need std::mutex.
const GXX: &str = "x86_64-w64-mingw32-g++-posix";

/// gtest_unittest.exe, built (once per package) from the extracted sources; Err says why not.
fn gtest_unittest() -> Result<PathBuf, String> {
    let tree = fetch::extracted(&GOOGLETEST)?;
    let out = fetch::cache_dir().join(format!("gtest_unittest-{}", &GOOGLETEST.sha256[..16]));
    let exe = out.join("gtest_unittest.exe");
    if exe.is_file() {
        return Ok(exe);
    }
    if Command::new(GXX).arg("--version").output().is_err() {
        return Err(format!("{GXX} is not installed"));
    }
    let src = tree.join("usr/src/googletest/googletest");
    let tmp = out.with_extension(format!("building-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).map_err(|e| e.to_string())?;
    let include = format!("-I{}", src.join("include").display());
    let root = format!("-I{}", src.display());
    // The three translation units compile side by side.
    let units = [
        "src/gtest-all.cc",
        "src/gtest_main.cc",
        "test/gtest_unittest.cc",
    ];
    let compiles: Vec<_> = units
        .iter()
        .map(|unit| {
            let obj = tmp.join(Path::new(unit).with_extension("o").file_name().unwrap());
            let child = Command::new(GXX)
                .args(["-std=c++17", "-O1", "-c", &include, &root])
                .arg(src.join(unit))
                .arg("-o")
                .arg(&obj)
                .spawn()
                .map_err(|e| format!("running {GXX}: {e}"));
            (obj, child)
        })
        .collect();
    let mut objects = Vec::new();
    for (obj, child) in compiles {
        let status = child?.wait().map_err(|e| e.to_string())?;
        assert!(status.success(), "{GXX} failed on {}", obj.display());
        objects.push(obj);
    }
    let linked = Command::new(GXX)
        .arg("-static")
        .args(&objects)
        .arg("-o")
        .arg(tmp.join("gtest_unittest.exe"))
        .status()
        .map_err(|e| e.to_string())?;
    assert!(linked.success(), "linking gtest_unittest.exe failed");
    // Into place in one step, so a concurrent run never sees half a build.
    if std::fs::rename(&tmp, &out).is_err() {
        let _ = std::fs::remove_dir_all(&tmp);
    }
    Ok(exe)
}

#[test]
fn googletest_passes_its_own_unit_tests() {
    let exe = match gtest_unittest() {
        Ok(exe) => exe,
        Err(why) => {
            println!("skipped: {why}");
            return;
        }
    };
    let filter = "--gtest_filter=-RandomDeathTest.*:ContainerUtilityDeathTest.*:\
                  EventListenerDeathTest.*";
    let o = run(&exe, &[filter]);
    let out = stdout(&o);
    assert!(
        out.contains("\r\n[==========] 430 tests from 102 test suites ran. (")
            && out.contains("\r\n[  PASSED  ] 430 tests.\r\n")
            && !out.contains("[  FAILED  ]"),
        "stdout:\n{out}\nstderr:\n{}",
        stderr(&o)
    );
    assert_eq!(o.status.code(), Some(0), "stderr:\n{}", stderr(&o));
}

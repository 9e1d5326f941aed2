//! Exports called through their table entries with raw Win64 arguments, as a guest calls them:
//! the glue the `#[dllexport]` macro generates (argument truncation, Win32Result → failure value
//! + last error, the variadic trampoline, relay wrappers) is what these check.

use apis::abi::mem;
use apis::nt::{env, process, teb};
use apis::registry::{ExportKind, find_dll};
use std::sync::Once;

/// Makes the calling test thread a guest thread: process model once, a TEB per thread.
fn guest() {
    static PROCESS: Once = Once::new();
    PROCESS.call_once(|| {
        env::init_from_host(false);
        process::init(process::ProcessStart {
            image_base: 0x1_4000_0000,
            image_path: r"C:\test\prog.exe".into(),
            command_line: r#"C:\test\prog.exe "a b" c"#.into(),
            subsystem: 3,
            subsystem_version: (6, 0),
        });
    });
    thread_local!(static TEB: std::cell::Cell<u64> = const { std::cell::Cell::new(0) });
    TEB.with(|t| {
        if t.get() == 0 {
            let teb = teb::create(0, 0, 0);
            teb::enter(teb).expect("GS base");
            t.set(teb);
        }
    });
}

fn entry(dll: &str, name: &str) -> u64 {
    match find_dll(dll).and_then(|d| d.export(name)).map(|e| e.kind) {
        Some(ExportKind::Function { entry, .. }) => entry.get(),
        other => panic!("{dll}!{name} is not a function export: {other:?}"),
    }
}

fn relay_entry(dll: &str, name: &str) -> u64 {
    match find_dll(dll).and_then(|d| d.export(name)).map(|e| e.kind) {
        Some(ExportKind::Function { relay, .. }) => relay.get(),
        other => panic!("{dll}!{name} is not a function export: {other:?}"),
    }
}

/// Calls a Win64 function with four raw integer arguments.
fn call4(addr: u64, a: u64, b: u64, c: u64, d: u64) -> u64 {
    // SAFETY: `addr` is an export entry generated as `extern "win64"`; unused argument registers
    // are ignored by the callee under the Win64 convention.
    let f: extern "win64" fn(u64, u64, u64, u64) -> u64 = unsafe { std::mem::transmute(addr) };
    f(a, b, c, d)
}

fn wide(s: &str) -> Vec<u16> {
    s.encode_utf16().chain(Some(0)).collect()
}

#[test]
fn last_error_lives_in_the_teb_and_ignores_upper_bits() {
    guest();
    let set = entry("kernel32", "SetLastError");
    let get = entry("kernel32", "GetLastError");
    // A DWORD argument: Win64 leaves the upper 32 bits of the register undefined.
    call4(set, 0xDEAD_BEEF_0000_0005, 0, 0, 0);
    assert_eq!(call4(get, 0, 0, 0, 0) as u32, 5);
    assert_eq!(mem::read::<u32>(teb::current() + 0x68), Some(5));
    mem::write(teb::current() + 0x68, 77u32);
    assert_eq!(call4(get, 0, 0, 0, 0) as u32, 77);
    // The relay entry behaves the same.
    assert_eq!(
        call4(relay_entry("kernel32", "GetLastError"), 0, 0, 0, 0) as u32,
        77
    );
}

#[test]
fn failure_sets_last_error_and_returns_the_documented_value() {
    guest();
    let set_var = entry("kernel32", "SetEnvironmentVariableW");
    let get_var = entry("kernel32", "GetEnvironmentVariableW");
    let name = wide("WINRUN_ENTRY_TEST");
    let value = wide("12345");
    assert_eq!(
        call4(set_var, name.as_ptr() as u64, value.as_ptr() as u64, 0, 0) as i32,
        1
    );
    let mut buf = [0u16; 16];
    // Too small: the size needed, including the terminator.
    let n = call4(get_var, name.as_ptr() as u64, buf.as_mut_ptr() as u64, 3, 0) as u32;
    assert_eq!(n, 6);
    let n = call4(
        get_var,
        name.as_ptr() as u64,
        buf.as_mut_ptr() as u64,
        16,
        0,
    ) as u32;
    assert_eq!(n, 5);
    assert_eq!(String::from_utf16_lossy(&buf[..5]), "12345");
    // Delete, then a lookup fails with 0 and ERROR_ENVVAR_NOT_FOUND.
    assert_eq!(call4(set_var, name.as_ptr() as u64, 0, 0, 0) as i32, 1);
    teb::set_last_error(0);
    assert_eq!(
        call4(
            get_var,
            name.as_ptr() as u64,
            buf.as_mut_ptr() as u64,
            16,
            0
        ) as u32,
        0
    );
    assert_eq!(teb::last_error(), 203);
}

#[test]
fn heap_blocks_have_exact_sizes() {
    guest();
    let heap = call4(entry("kernel32", "GetProcessHeap"), 0, 0, 0, 0);
    let alloc = entry("kernel32", "HeapAlloc");
    let size = entry("kernel32", "HeapSize");
    let p = call4(alloc, heap, 0x8 /* HEAP_ZERO_MEMORY */, 37, 0);
    assert_ne!(p, 0);
    assert_eq!(p % 16, 0);
    assert_eq!(call4(size, heap, 0, p, 0), 37);
    assert!(mem::read_slice::<u8>(p, 37).iter().all(|&b| b == 0));
    assert_eq!(
        call4(entry("kernel32", "HeapFree"), heap, 0, p, 0) as i32,
        1
    );
}

#[test]
fn variadic_entries_read_arguments_past_the_registers() {
    guest();
    let sprintf = entry("msvcrt", "sprintf");
    let mut buf = [0u8; 64];
    let fmt = b"%d-%s-%x\0";
    let s = b"mid\0";
    // SAFETY: sprintf's entry is the variadic trampoline; a Win64 varargs call passes each
    // argument in an integer register or stack slot, as this signature does.
    let f: extern "win64" fn(u64, u64, u64, u64, u64) -> i32 =
        unsafe { std::mem::transmute(sprintf) };
    let n = f(
        buf.as_mut_ptr() as u64,
        fmt.as_ptr() as u64,
        (-42i64) as u64,
        s.as_ptr() as u64,
        0xbeef,
    );
    assert_eq!(&buf[..n as usize], b"-42-mid-beef");
    assert_eq!(n, 12);
}

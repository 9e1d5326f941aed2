//! shellapi.h: CommandLineToArgvW.

use crate::abi::{GuestPtr, WStrPtr, Win32Error, Win32Result, mem};
use crate::dllexport;
use crate::nt::{cmdline, process};

/// Splits a command line by the shell's rules into one LocalAlloc block: the pointer array
/// followed by the strings, so a single LocalFree releases everything. An empty line gives the
/// program's own path as the only argument.
#[dllexport]
pub fn CommandLineToArgvW(
    lpCmdLine: WStrPtr,
    pNumArgs: GuestPtr<i32>,
) -> Win32Result<GuestPtr<u64>> {
    if pNumArgs.is_null() {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    let line = lpCmdLine.units().unwrap_or_default();
    let args = if line.is_empty() {
        vec![process::image_path().encode_utf16().collect()]
    } else {
        cmdline::split(&line, cmdline::QuoteRule::Legacy)
    };
    let table = (args.len() + 1) * 8;
    let strings: usize = args.iter().map(|a| (a.len() + 1) * 2).sum();
    let block = crate::kernel32::heapapi::process_heap_alloc(table + strings, true);
    if block == 0 {
        return Err(Win32Error::NOT_ENOUGH_MEMORY);
    }
    let mut at = block + table as u64;
    for (i, arg) in args.iter().enumerate() {
        mem::write(block + 8 * i as u64, at);
        mem::write_slice(at, arg);
        mem::write(at + 2 * arg.len() as u64, 0u16);
        at += (arg.len() as u64 + 1) * 2;
    }
    pNumArgs.write(args.len() as i32);
    Ok(GuestPtr::new(block))
}

//! fsaudit: logs every file the program opens, one JSON object per line, with the access it
//! asked for and the result.
//!
//!     FSAUDIT_LOG=opens.jsonl winrun --preload libfsaudit_shim.so prog.exe
//!
//! Lines go to the file FSAUDIT_LOG names (appended), or to stderr:
//!
//!     {"api":"CreateFileW","path":"C:\\data\\in.txt","access":["read"],"access_mask":"0x80000000","disposition":"open_existing","ok":true,"handle":"0x40"}
//!     {"api":"fopen","path":"out.txt","mode":"w","ok":false,"error":5}
//!
//! Each call goes on to the implementation the shim wraps (`next`) and is logged with its
//! result; `error` is the thread's last error after a failure. Hooked: kernel32 CreateFileW and
//! CreateFileA, msvcrt and ucrtbase `fopen` and `_wfopen`.

use shims::windows_sys::Win32::Foundation::{
    GENERIC_ALL, GENERIC_EXECUTE, GENERIC_READ, GENERIC_WRITE,
};
use shims::{CStrPtr, Handle, WStrPtr, last_error, shim};
use std::fmt::Write as _;
use std::io::Write as _;
use std::sync::OnceLock;

/// Where the lines go: the FSAUDIT_LOG file, opened once, or stderr.
fn write_line(line: &str) {
    static FILE: OnceLock<Option<std::fs::File>> = OnceLock::new();
    let file = FILE.get_or_init(|| {
        let path = std::env::var_os("FSAUDIT_LOG")?;
        match std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
        {
            Ok(f) => Some(f),
            Err(e) => {
                shims::log!(
                    Error,
                    "cannot open FSAUDIT_LOG {}: {e}; logging to stderr",
                    path.to_string_lossy()
                );
                None
            }
        }
    });
    let line = format!("{line}\n");
    // One write per line: appends of whole lines from several threads do not interleave.
    let _ = match file {
        Some(f) => (&*f).write_all(line.as_bytes()),
        None => std::io::stderr().write_all(line.as_bytes()),
    };
}

/// `s` as a JSON string literal.
fn json(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The access rights of a CreateFile call, by name (generic rights and the common file rights).
fn access_names(mask: u32) -> Vec<&'static str> {
    const FILE_READ_DATA: u32 = 0x1;
    const FILE_WRITE_DATA: u32 = 0x2;
    const FILE_APPEND_DATA: u32 = 0x4;
    const FILE_EXECUTE: u32 = 0x20;
    const DELETE: u32 = 0x10000;
    [
        (GENERIC_READ | FILE_READ_DATA, "read"),
        (GENERIC_WRITE | FILE_WRITE_DATA, "write"),
        (FILE_APPEND_DATA, "append"),
        (GENERIC_EXECUTE | FILE_EXECUTE, "execute"),
        (GENERIC_ALL, "all"),
        (DELETE, "delete"),
    ]
    .into_iter()
    .filter(|(bits, _)| mask & bits != 0)
    .map(|(_, name)| name)
    .collect()
}

fn disposition_name(disposition: u32) -> String {
    match disposition {
        1 => "create_new".into(),
        2 => "create_always".into(),
        3 => "open_existing".into(),
        4 => "open_always".into(),
        5 => "truncate_existing".into(),
        other => other.to_string(),
    }
}

/// The JSON for a finished open: `fields` are the request, `handle` the result (`None` on
/// failure, when the last error is recorded).
fn log_open(api: &str, fields: &str, handle: Option<u64>) {
    let result = match handle {
        Some(h) => format!("\"ok\":true,\"handle\":\"{h:#x}\""),
        None => format!("\"ok\":false,\"error\":{}", last_error()),
    };
    write_line(&format!("{{\"api\":{},{fields},{result}}}", json(api)));
}

fn create_file_fields(path: Option<String>, access: u32, disposition: u32) -> String {
    let names: Vec<String> = access_names(access).iter().map(|n| json(n)).collect();
    format!(
        "\"path\":{},\"access\":[{}],\"access_mask\":\"{access:#x}\",\"disposition\":{}",
        path.map_or_else(|| "null".to_string(), |p| json(&p)),
        names.join(","),
        json(&disposition_name(disposition)),
    )
}

fn fopen_fields(path: Option<String>, mode: Option<String>) -> String {
    format!(
        "\"path\":{},\"mode\":{}",
        path.map_or_else(|| "null".to_string(), |p| json(&p)),
        mode.map_or_else(|| "null".to_string(), |m| json(&m)),
    )
}

/// A CreateFile result: INVALID_HANDLE_VALUE is failure.
fn opened(handle: Handle) -> Option<u64> {
    (handle != Handle::INVALID).then_some(handle.0)
}

/// An fopen result: NULL is failure.
fn opened_stream(stream: u64) -> Option<u64> {
    (stream != 0).then_some(stream)
}

shim! {
    name: "fsaudit";
    fn kernel32!CreateFileW(name: WStrPtr, access: u32, share: u32, security: u64,
        disposition: u32, flags: u32, template: Handle) -> Handle {
        let handle = next(name, access, share, security, disposition, flags, template);
        log_open("CreateFileW", &create_file_fields(name.string(), access, disposition), opened(handle));
        handle
    }
    fn kernel32!CreateFileA(name: CStrPtr, access: u32, share: u32, security: u64,
        disposition: u32, flags: u32, template: Handle) -> Handle {
        let handle = next(name, access, share, security, disposition, flags, template);
        log_open("CreateFileA", &create_file_fields(name.string(), access, disposition), opened(handle));
        handle
    }
    fn msvcrt!fopen(name: CStrPtr, mode: CStrPtr) -> u64 {
        let stream = next(name, mode);
        log_open("fopen", &fopen_fields(name.string(), mode.string()), opened_stream(stream));
        stream
    }
    fn msvcrt!_wfopen(name: WStrPtr, mode: WStrPtr) -> u64 {
        let stream = next(name, mode);
        log_open("_wfopen", &fopen_fields(name.string(), mode.string()), opened_stream(stream));
        stream
    }
    fn ucrtbase!fopen(name: CStrPtr, mode: CStrPtr) -> u64 {
        let stream = next(name, mode);
        log_open("fopen", &fopen_fields(name.string(), mode.string()), opened_stream(stream));
        stream
    }
    fn ucrtbase!_wfopen(name: WStrPtr, mode: WStrPtr) -> u64 {
        let stream = next(name, mode);
        log_open("_wfopen", &fopen_fields(name.string(), mode.string()), opened_stream(stream));
        stream
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_strings_are_escaped() {
        assert_eq!(json(r#"C:\a "b"	"#), r#""C:\\a \"b\"\t""#);
        assert_eq!(json("\u{1}"), r#""\u0001""#);
    }

    #[test]
    fn access_masks_are_named() {
        assert_eq!(
            access_names(GENERIC_READ | GENERIC_WRITE),
            ["read", "write"]
        );
        assert_eq!(access_names(0x4), ["append"]);
        assert!(access_names(0).is_empty());
    }
}

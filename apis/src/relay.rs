//! Relay tracing: one line per API call with decoded arguments and the result, thread id first,
//! like Wine's `WINEDEBUG=+relay`.
//!
//! Which calls are traced is decided when imports are bound, not per call: the binder stores an
//! export's relay entry instead of its plain entry only when `WINRUN_LOG` enables the target
//! `relay::<dll>::<family>` (e.g. `WINRUN_LOG=relay`, `relay::kernel32`,
//! `relay::kernel32::fileapi=trace`). With tracing off, no relay code is on the call path.

use crate::abi::RelayArg;
use crate::registry::DLLS;
use std::fmt::Write as _;
use std::io::Write as _;

/// The directives of a `WINRUN_LOG` value that name relay targets, as target prefixes.
#[derive(Debug, Default, Clone)]
pub struct RelayFilter {
    prefixes: Vec<String>,
}

impl RelayFilter {
    /// Parses tracing's filter syntax (`target[=level],...`), keeping the relay directives.
    /// A directive turns relay on unless its level is `off` or coarser than `trace`... except that
    /// a bare target (no level) means every level, as in tracing's `EnvFilter`.
    pub fn parse(spec: &str) -> Self {
        let mut prefixes = Vec::new();
        for directive in spec.split(',').map(str::trim) {
            let (target, level) = match directive.split_once('=') {
                Some((t, l)) => (t.trim(), Some(l.trim().to_ascii_lowercase())),
                None => (directive, None),
            };
            let on = match level.as_deref() {
                None | Some("trace") => true,
                Some(_) => false,
            };
            if on && (target == "relay" || target.starts_with("relay::")) {
                prefixes.push(target.to_ascii_lowercase());
            }
        }
        RelayFilter { prefixes }
    }

    pub fn is_empty(&self) -> bool {
        self.prefixes.is_empty()
    }

    /// Whether calls into `dll` (short name, "kernel32") of `family` are traced.
    pub fn enabled(&self, dll: &str, family: &str) -> bool {
        let target = format!("relay::{dll}::{family}");
        self.prefixes.iter().any(|p| {
            target.starts_with(p.as_str())
                && (target.len() == p.len() || target[p.len()..].starts_with("::"))
        })
    }
}

fn thread_id() -> u32 {
    crate::nt::process::current_thread_id()
}

fn format_args(out: &mut String, args: &[(&str, &dyn RelayArg)]) {
    for (i, (name, value)) in args.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        let _ = write!(out, "{name}=");
        value.relay(out);
    }
}

fn emit(line: &str) {
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(line.as_bytes());
}

/// A call in progress: the arguments are decoded before the call (strings may be out-buffers the
/// call overwrites), the line is printed when it returns.
pub struct Call {
    line: String,
}

impl Call {
    pub fn begin(dll: u8, name: &str, args: &[(&str, &dyn RelayArg)]) -> Call {
        let mut line = format!("{:04x}:{}.{}(", thread_id(), dll_name(dll), name);
        format_args(&mut line, args);
        line.push(')');
        Call { line }
    }

    pub fn end(mut self, ret: &dyn RelayArg) {
        self.line.push_str(" -> ");
        ret.relay(&mut self.line);
        self.line.push('\n');
        emit(&self.line);
    }
}

/// For functions that never return (ExitProcess, exit): the line is printed before the call.
pub fn call_noreturn(dll: u8, name: &str, args: &[(&str, &dyn RelayArg)]) {
    let mut call = Call::begin(dll, name, args);
    call.line.push_str(" -> (no return)\n");
    emit(&call.line);
}

fn dll_name(id: u8) -> &'static str {
    // Ids are fixed per DLL, not positions in DLLS (which may have gaps).
    DLLS.iter().find(|d| d.id == id).map_or("?", |d| d.name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relay_filter_follows_tracing_targets() {
        let all = RelayFilter::parse("relay");
        assert!(all.enabled("kernel32", "fileapi"));
        let k32 = RelayFilter::parse("warn,relay::kernel32");
        assert!(k32.enabled("kernel32", "heapapi"));
        assert!(!k32.enabled("msvcrt", "stdio"));
        let fam = RelayFilter::parse("relay::kernel32::fileapi=trace");
        assert!(fam.enabled("kernel32", "fileapi"));
        assert!(!fam.enabled("kernel32", "fileapi2"));
        assert!(!fam.enabled("kernel32", "heapapi"));
        assert!(RelayFilter::parse("relay=info").is_empty());
        assert!(RelayFilter::parse("debug").is_empty());
    }
}

//! debugapi.h: breakpoints and the debugger query.

pub use crate::abi::context::DebugBreak;

/// No Windows debugger can attach to a winrun process (the PEB's BeingDebugged stays 0).
#[crate::dllexport]
pub fn IsDebuggerPresent() -> bool {
    false
}

/// Windows hands the string to an attached debugger and, without one, shows it nowhere; Wine
/// prints it on its `debugstr` channel. Here it is traced under `WINRUN_LOG=debugstr`.
/// Partial: Windows first raises DBG_PRINTEXCEPTION_C (DBG_PRINTEXCEPTION_WIDE_C for the W
/// form), which vectored handlers see; no exception is raised here.
#[crate::dllexport]
pub fn OutputDebugStringW(lpOutputString: crate::abi::WStrPtr) {
    trace(|| lpOutputString.string());
}

#[crate::dllexport]
pub fn OutputDebugStringA(lpOutputString: crate::abi::CStrPtr) {
    trace(|| lpOutputString.string());
}

/// Reads the guest's string only when the channel is on.
fn trace(text: impl FnOnce() -> Option<String>) {
    if tracing::enabled!(target: "debugstr", tracing::Level::INFO) {
        let text = text().unwrap_or_default();
        tracing::info!(target: "debugstr", "{}", text.trim_end_matches(['\r', '\n']));
    }
}

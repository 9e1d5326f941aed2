//! debugapi.h: breakpoints and the debugger query.

pub use crate::abi::context::DebugBreak;

/// No Windows debugger can attach to a winrun process (the PEB's BeingDebugged stays 0).
#[crate::dllexport]
pub fn IsDebuggerPresent() -> bool {
    false
}

//! debugapi.h: breakpoints and the debugger query.

pub use crate::abi::context::DebugBreak;

/// No Windows debugger can attach to a winrun process (the PEB's BeingDebugged stays 0).
#[crate::dllexport]
pub fn IsDebuggerPresent() -> bool {
    false
}

/// Sends a string to the debugger. None can attach to a winrun process, so nobody receives it;
/// Windows would first raise DBG_PRINTEXCEPTION_C, which vectored handlers see (not done here).
#[crate::dllexport]
pub fn OutputDebugStringA(_lpOutputString: crate::abi::CStrPtr) {}

#[crate::dllexport]
pub fn OutputDebugStringW(_lpOutputString: crate::abi::WStrPtr) {}

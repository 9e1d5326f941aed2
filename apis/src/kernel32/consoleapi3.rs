//! consoleapi3.h: console window queries. A terminal has no window a program could own.

use crate::abi::Handle;
use crate::dllexport;

#[dllexport]
pub fn GetConsoleWindow() -> Handle {
    Handle::NULL
}

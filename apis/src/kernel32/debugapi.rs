//! debugapi.h: breakpoints.

pub use crate::abi::context::DebugBreak;

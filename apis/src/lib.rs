//! Rust reimplementations of the Windows system DLLs.
//!
//! Each DLL is a module whose `mod.rs` is its export list (`dll!`); the implementations are
//! plain typed functions marked `#[dllexport]`, in one file per SDK header family. Only `abi`
//! touches raw guest memory.

#![deny(unsafe_code)]
// Exports keep the names and arities Microsoft documents.
#![allow(non_snake_case, non_upper_case_globals, clippy::too_many_arguments)]

#[allow(unsafe_code)]
pub mod abi;
pub mod advapi32;
pub mod bcrypt;
pub mod bcryptprimitives;
pub mod crt;
pub mod dbghelp;
pub mod kernel32;
pub mod msvcrt;
pub mod nt;
pub mod ntdll;
pub mod ole32;
pub mod oleaut32;
pub mod registry;
pub mod relay;
pub mod shell32;
pub mod shlwapi;
pub mod ucrtbase;
pub mod user32;
pub mod userenv;
pub mod vcruntime140;
pub mod version;
pub mod winmm;
pub mod ws2_32;

pub use winrun_macros::dllexport;

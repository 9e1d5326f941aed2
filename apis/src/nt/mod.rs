//! The Windows process model on Linux: TEB and PEB, the environment, command lines, paths and
//! the loader interface.

pub mod cmdline;
pub mod env;
pub mod file;
pub mod fs;
pub mod modules;
pub mod path;
pub mod process;
pub mod teb;

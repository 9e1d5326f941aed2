//! The Windows process model on Linux: TEB and PEB, the environment, command lines, paths and
//! the loader interface.

pub mod cmdline;
pub mod env;
pub mod exception;
pub mod file;
pub mod fls;
pub mod fs;
pub mod modules;
pub mod path;
pub mod process;
pub mod shared_data;
pub mod socket;
pub mod sync;
pub mod teb;
pub mod thread;
pub mod threadpool;
pub mod timer;

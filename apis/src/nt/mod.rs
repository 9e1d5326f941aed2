//! The Windows process model on Linux: TEB and PEB, the environment, command lines, paths and
//! the loader interface.

pub mod case;
pub mod changes;
pub mod char_types;
pub mod child;
pub mod cmd;
pub mod cmdline;
pub mod code_pages;
pub mod console;

pub mod dosattrib;
pub mod env;
pub mod exception;
pub mod fiber;
pub mod file;
pub mod fls;
pub mod fs;
pub mod io;
pub mod locale;
mod locale_data;
pub mod messages;
pub mod modules;
pub mod path;
pub mod pipe;
pub mod process;
pub mod registry;
pub mod resources;
pub mod screen;
pub mod shared_data;
pub mod socket;
pub mod sort;
mod sort_weights;
pub mod sync;
pub mod teb;
pub mod thread;
pub mod threadpool;
pub mod timer;
pub mod vt_input;

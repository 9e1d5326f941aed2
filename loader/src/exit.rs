//! winrun's own exit statuses, for failures before or outside the program (a program's own
//! exit code passes through unchanged). The README lists them.

/// The program file does not exist or cannot be read.
pub const NOT_FOUND: i32 = 127;
/// The file is not a PE image winrun can run (corrupt, 32-bit, wrong machine, unplaceable).
pub const BAD_IMAGE: i32 = 126;
/// A DLL the program needs is missing or failed to initialise, or `--strict` found missing
/// imports.
pub const DLL_ERROR: i32 = 125;
/// The program called a function winrun does not implement. (Not 124, which `timeout` uses.)
pub const UNIMPLEMENTED: i32 = 121;
/// winrun itself cannot run here (GS base not honoured, a panic).
pub const INTERNAL: i32 = 123;
/// A shim library given with --preload or WINRUN_PRELOAD cannot be used.
pub const BAD_SHIM: i32 = 122;

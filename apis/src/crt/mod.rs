//! The C runtime shared by msvcrt.dll and ucrtbase.dll. The DLL modules stay thin and list
//! which of these functions they export, differing only where the two runtimes differ.

pub mod ctype;
pub mod errno;
pub mod excpt;
pub mod heap;
pub mod io;
pub mod locale;
pub mod math;
pub mod printf;
pub mod process;
pub mod scanf;
pub mod setjmp;
pub mod startup;
pub mod stdio;
pub mod stdio_printf;
pub mod stdlib;
pub mod string;

/// Which runtime a shared function is serving (msvcrt and the UCRT differ in details).
pub use printf::Flavor;

//! The C runtime shared by msvcrt.dll and ucrtbase.dll. The DLL modules stay thin and list
//! which of these functions they export, differing only where the two runtimes differ.

pub mod complex;
pub mod conio;
pub mod ctype;
pub mod direct;
pub mod eh;
pub mod ehdata;
pub mod errno;
pub mod excpt;
pub mod fenv;
pub mod float;
pub mod heap;
pub mod io;
pub mod locale;
pub mod math;
pub mod mbctype;
pub mod mbstring;
pub mod mtdll;
pub mod printf;
pub mod process;
pub mod rtti;
pub mod scanf;
pub mod setjmp;
pub mod startup;
pub mod stat;
pub mod stdio;
pub mod stdio_printf;
pub mod stdlib;
pub mod stdlib_conv;
pub mod string;
pub mod time;
pub mod typeinfo;
pub mod wchar;
pub mod ymath;

/// Which runtime a shared function is serving (msvcrt and the UCRT differ in details).
pub use printf::Flavor;

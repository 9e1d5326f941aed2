//! The C runtime shared by msvcrt.dll and ucrtbase.dll. The DLL modules stay thin and list
//! which of these functions they export, differing only where the two runtimes differ.

pub mod errno;
pub mod excpt;
pub mod heap;
pub mod locale;
pub mod printf;
pub mod setjmp;
pub mod startup;
pub mod stdio;
pub mod stdlib;
pub mod string;

/// Which runtime a shared function is serving (msvcrt and the UCRT differ in details).
pub use printf::Flavor;

//! DBGHELP.dll: the symbol-handler calls programs make to print their own stack traces
//! (protoc's crash handler initialises it at start).

pub mod symbols;

crate::dll! {
    name: "dbghelp.dll", id: 16;
    fn symbols: SymInitialize, SymInitializeW, SymCleanup, SymSetOptions, SymGetOptions;
    partial symbols: SymFromAddr;
}

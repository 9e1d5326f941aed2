//! A shim that wraps GetLastError and only calls the next implementation: the cost of a Rust
//! shim that calls `next`, for call-cost.sh.

shims::shim! {
    name: "passthrough-rust";
    fn kernel32!GetLastError() -> u32 {
        next()
    }
}

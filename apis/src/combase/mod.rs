//! combase.dll: the COM task allocator, which frees strings that shell functions return.
// Id 30 is taken by the ruff branch (ids 30+ are unassigned).

pub mod objbase;

crate::dll! {
    name: "combase.dll", id: 30;
    fn objbase: CoTaskMemFree;
}

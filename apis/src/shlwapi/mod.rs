//! SHLWAPI.dll: the path and string helpers programs import.

// The family is named after its SDK header, which is shlwapi.h.
#[allow(clippy::module_inception)]
pub mod shlwapi;

crate::dll! {
    name: "SHLWAPI.dll", id: 10;
    fn shlwapi: PathFileExistsW, PathCombineW, PathAppendW, PathRemoveFileSpecW,
        PathFindFileNameW, PathFindExtensionW, PathIsRelativeW, StrCmpIW;
}

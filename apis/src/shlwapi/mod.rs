//! SHLWAPI.dll: the path and string helpers programs import.

pub mod shlwapi;

crate::dll! {
    name: "SHLWAPI.dll", id: 10;
    fn shlwapi: PathFileExistsW, PathCombineW, PathAppendW, PathRemoveFileSpecW,
        PathFindFileNameW, PathFindExtensionW, PathIsRelativeW, StrCmpIW;
}

//! VERSION.dll: a file's VERSIONINFO resource, read from the image file on disk.

pub mod winver;

crate::dll! {
    name: "VERSION.dll", id: 13;
    fn winver: GetFileVersionInfoSizeW, GetFileVersionInfoSizeA, GetFileVersionInfoSizeExW,
        GetFileVersionInfoW, GetFileVersionInfoA, GetFileVersionInfoExW, VerQueryValueW,
        VerQueryValueA;
}

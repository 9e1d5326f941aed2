//! SHELL32.dll: the command-line splitter and the special folders console programs use.

pub mod shellapi;
pub mod shlobj_core;

crate::dll! {
    name: "SHELL32.dll", id: 4;
    fn shellapi: CommandLineToArgvW;
    fn shlobj_core: SHGetFolderPathW, SHGetKnownFolderPath;
}

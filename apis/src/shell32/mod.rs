//! SHELL32.dll: the command-line splitter console programs use.

pub mod shellapi;

crate::dll! {
    name: "SHELL32.dll", id: 4;
    fn shellapi: CommandLineToArgvW;
}

//! USER32.dll: what console programs import from it — strings from their resources, wsprintf,
//! character case helpers, and the message box (which, without a desktop, goes to stderr).

pub mod winuser;
pub mod winuser_char;
pub mod winuser_wsprintf;

crate::dll! {
    name: "USER32.dll", id: 9;
    fn winuser: LoadStringW, LoadStringA, MessageBoxW, MessageBoxA, MessageBoxExW, MessageBoxExA,
        GetKeyState, GetAsyncKeyState;
    fn winuser_char: CharUpperW, CharUpperA, CharLowerW, CharLowerA, CharUpperBuffW,
        CharUpperBuffA, CharLowerBuffW, CharLowerBuffA, CharNextW, CharNextA, CharPrevW,
        CharPrevA, CharPrevExA, IsCharAlphaW, IsCharAlphaA, IsCharAlphaNumericW, IsCharAlphaNumericA,
        IsCharUpperW, IsCharUpperA, IsCharLowerW, IsCharLowerA;
    fn winuser_wsprintf: wsprintfW, wsprintfA, wvsprintfW, wvsprintfA;
}

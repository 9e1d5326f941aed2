//! A build tool's view of processes (DESIGN §7): one Windows program spawns Linux programs
//! found on PATH (`echo`, `printf`), the command interpreter (`cmd /c` with `&&`, `||`,
//! redirections), and itself under a second winrun, which spawns a third; it talks to each
//! through pipes on both ends and checks the bytes and exit codes.

use winrun_tests::{Toolchain, build_dir, compile, run, stdout};

const TOOL: &str = r#"#include <stdio.h>
#include <string.h>
#include <windows.h>

static WCHAR self[MAX_PATH];

/* Runs `line` with stdin, stdout and stderr on pipes; feeds it `input`; returns its exit code
 * and what it wrote. */
static DWORD run(const WCHAR *line, void *env, const char *input, char *out, DWORD size)
{
    SECURITY_ATTRIBUTES sa = {sizeof sa, NULL, TRUE};
    HANDLE out_r, out_w, in_r, in_w;
    CreatePipe(&out_r, &out_w, &sa, 0);
    CreatePipe(&in_r, &in_w, &sa, 0);
    SetHandleInformation(out_r, HANDLE_FLAG_INHERIT, 0);
    SetHandleInformation(in_w, HANDLE_FLAG_INHERIT, 0);
    STARTUPINFOW si = {sizeof si};
    si.dwFlags = STARTF_USESTDHANDLES;
    si.hStdInput = in_r;
    si.hStdOutput = out_w;
    si.hStdError = out_w;
    PROCESS_INFORMATION pi;
    WCHAR buf[1024];
    lstrcpyW(buf, line);
    if (!CreateProcessW(NULL, buf, NULL, NULL, TRUE, CREATE_UNICODE_ENVIRONMENT, env, NULL, &si,
                        &pi)) {
        snprintf(out, size, "CreateProcessW failed: %lu", GetLastError());
        return 0xdead;
    }
    CloseHandle(out_w);
    CloseHandle(in_r);
    DWORD n, total = 0;
    if (input)
        WriteFile(in_w, input, (DWORD)strlen(input), &n, NULL);
    CloseHandle(in_w);
    while (total + 1 < size && ReadFile(out_r, out + total, size - 1 - total, &n, NULL) && n)
        total += n;
    out[total] = 0;
    CloseHandle(out_r);
    DWORD code = 0xbad;
    WaitForSingleObject(pi.hProcess, INFINITE);
    GetExitCodeProcess(pi.hProcess, &code);
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);
    return code;
}

static void report(const char *name, const WCHAR *line, void *env, const char *input)
{
    char out[4096];
    DWORD code = run(line, env, input, out, sizeof out);
    printf("%s: %lu [", name, code);
    for (char *p = out; *p; p++)
        if (*p == '\r')
            printf("\\r");
        else if (*p == '\n')
            printf("\\n");
        else
            putchar(*p);
    printf("]\n");
}

int main(int argc, char **argv)
{
    if (argc >= 3 && !strcmp(argv[2], "upper")) {
        char buf[256], var[64] = "";
        DWORD n;
        GetEnvironmentVariableA("TOOL_VAR", var, sizeof var);
        while (ReadFile(GetStdHandle(STD_INPUT_HANDLE), buf, sizeof buf, &n, NULL) && n) {
            for (DWORD i = 0; i < n; i++)
                if (buf[i] >= 'a' && buf[i] <= 'z')
                    buf[i] -= 32;
            WriteFile(GetStdHandle(STD_OUTPUT_HANDLE), buf, n, &n, NULL);
        }
        WriteFile(GetStdHandle(STD_OUTPUT_HANDLE), var, (DWORD)strlen(var), &n, NULL);
        return 21;
    }
    if (argc >= 3 && !strcmp(argv[2], "grand")) {
        char out[256];
        DWORD code = run(L"cmd /c echo grand&& exit 2", NULL, NULL, out, sizeof out);
        DWORD n;
        WriteFile(GetStdHandle(STD_OUTPUT_HANDLE), out, (DWORD)strlen(out), &n, NULL);
        return (int)code + 10;
    }
    GetModuleFileNameW(NULL, self, MAX_PATH);
    setvbuf(stdout, NULL, _IONBF, 0);
    WCHAR line[1024];

    report("echo", L"echo hello   world", NULL, NULL);
    report("printf", L"printf \"[%s]\" \"a b\" c\\\"d", NULL, NULL);
    report("sh", L"sh -c \"read x; echo got $x; exit 3\"", NULL, "line\n");
    report("cmd", L"cmd /c \"echo one&& false|| echo two\"", NULL, NULL);
    report("cmd-exit", L"cmd.exe /c exit 300", NULL, NULL);

    static const WCHAR env[] = L"TOOL_VAR=from the block\0PATH=C:\\usr\\bin;C:\\bin\0";
    lstrcpyW(line, L"\"");
    lstrcatW(line, self);
    lstrcatW(line, L"\" x upper");
    report("child", line, (void *)env, "both ways");

    lstrcpyW(line, L"\"");
    lstrcatW(line, self);
    lstrcatW(line, L"\" x grand");
    report("tree", line, NULL, NULL);
    return 0;
}
"#;

#[test]
fn a_build_tool_spawns_linux_windows_and_cmd_children() {
    if !Toolchain::Mingw.available() {
        println!("process: skipped: needs mingw-w64");
        return;
    }
    let dir = build_dir("process");
    let src = dir.join("tool.c");
    std::fs::write(&src, TOOL).unwrap();
    let exe = dir.join("tool.exe");
    compile(Toolchain::Mingw, &[&src], &exe, &["-O1"]);

    let o = run(&exe, &[]);
    let expect = "\
echo: 0 [hello world\\n]
printf: 0 [[a b][c\"d]]
sh: 3 [got line\\n]
cmd: 0 [one\\r\\ntwo\\r\\n]
cmd-exit: 44 []
child: 21 [BOTH WAYSfrom the block]
tree: 12 [grand\\r\\n]
";
    // The CRT writes text mode: "\r\n" line ends.
    assert_eq!(
        stdout(&o).replace("\r\n", "\n"),
        expect,
        "stderr: {}",
        winrun_tests::stderr(&o)
    );
    assert_eq!(o.status.code(), Some(0));
}

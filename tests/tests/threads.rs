//! Thread priority and affinity reach the host: the Linux threads of a guest that lowered one
//! thread's priority and pinned it have that nice value and CPU set, and a thread it starts
//! afterwards has neither (a new Linux thread would inherit both from its creator).

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use winrun_tests::{Toolchain, build_dir, compile, winrun};

const PROGRAM: &str = r#"#include <stdio.h>
#include <windows.h>

static DWORD WINAPI idle(void *param)
{
    WaitForSingleObject((HANDLE)param, INFINITE);
    return 0;
}

int main(void)
{
    HANDLE done = CreateEventW(NULL, TRUE, FALSE, NULL);
    if (!SetThreadPriority(GetCurrentThread(), THREAD_PRIORITY_LOWEST) ||
        !SetThreadAffinityMask(GetCurrentThread(), 1))
        return 1;
    HANDLE t = CreateThread(NULL, 0, idle, done, 0, NULL);
    Sleep(100);
    printf("ready\n");
    fflush(stdout);
    char line[8];
    fgets(line, sizeof line, stdin);
    SetEvent(done);
    WaitForSingleObject(t, INFINITE);
    return 0;
}
"#;

/// The nice value (19th field of stat) of a task.
fn nice(stat: &str) -> i32 {
    let after_name = stat.rsplit_once(')').unwrap().1;
    // Fields from the 3rd on: the nice value is the 19th.
    after_name
        .split_whitespace()
        .nth(16)
        .unwrap()
        .parse()
        .unwrap()
}

fn allowed_cpus(status: &str) -> String {
    status
        .lines()
        .find_map(|l| l.strip_prefix("Cpus_allowed_list:"))
        .unwrap()
        .trim()
        .to_string()
}

/// The first CPU of a Cpus_allowed_list ("0-3,6").
fn first_cpu(list: &str) -> String {
    list.split([',', '-']).next().unwrap().to_string()
}

#[test]
fn priority_and_affinity_reach_the_host() {
    let dir = build_dir("threads");
    let src = dir.join("sched.c");
    std::fs::write(&src, PROGRAM).unwrap();
    let exe = dir.join("sched.exe");
    compile(Toolchain::Mingw, &[&src], &exe, &["-O1"]);

    let ours = std::fs::read_to_string("/proc/self/stat").unwrap();
    let base_nice = nice(&ours);
    let our_cpus = allowed_cpus(&std::fs::read_to_string("/proc/self/status").unwrap());

    let mut child = Command::new(winrun())
        .arg(&exe)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    out.read_line(&mut line).unwrap();
    assert_eq!(line, "ready\r\n");

    let mut tasks = Vec::new();
    for task in std::fs::read_dir(format!("/proc/{}/task", child.id())).unwrap() {
        let path = task.unwrap().path();
        let stat = std::fs::read_to_string(path.join("stat")).unwrap();
        let status = std::fs::read_to_string(path.join("status")).unwrap();
        tasks.push((nice(&stat), allowed_cpus(&status)));
    }
    child.stdin.take().unwrap().write_all(b"go\n").unwrap();
    assert!(child.wait().unwrap().success());

    // LOWEST is 10 below the process's nice value; processor 0 is the first CPU winrun
    // started with.
    let tuned: Vec<_> = tasks.iter().filter(|(n, _)| *n != base_nice).collect();
    assert_eq!(
        tuned,
        [&(base_nice + 10, first_cpu(&our_cpus))],
        "tasks: {tasks:?}"
    );
    let pinned = tasks.iter().filter(|(_, c)| *c != our_cpus).count();
    let expected_pinned = if first_cpu(&our_cpus) == our_cpus {
        0
    } else {
        1
    };
    assert_eq!(pinned, expected_pinned, "tasks: {tasks:?}");
}

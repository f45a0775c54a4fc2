//! Hostile input: every case generated here, at test time (nothing big is
//! committed). Each asserts the exit status, the message, no panic (the
//! helper checks stderr) and, for the families whose cost once grew with the
//! square of their size, that ten times the input costs at most a generous
//! multiple of ten times the time: a bound on the shape of the cost, not on
//! this machine's speed.

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use skill_chains_engine::bench::hostile as corpus;
use skill_chains_engine::project::check::thousands;

use crate::support::{Run, bin, temp_dir};

/// Run the binary in `dir`, killed after `limit` (a read that blocks must
/// fail the test, not hang it); `stdin` is written to its standard input.
fn run_limited(dir: &Path, args: &[&str], stdin: Option<&str>, limit: Duration) -> (Run, Duration) {
    let data = dir.join("data");
    let mut child = Command::new(bin())
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("XDG_DATA_HOME", &data)
        .env_remove("SKILL_CHAINS_DB")
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    if let Some(text) = stdin {
        let mut pipe = child.stdin.take().expect("stdin is piped");
        let text = text.to_string();
        std::thread::spawn(move || pipe.write_all(text.as_bytes()));
    }
    let started = Instant::now();
    // Drain the pipes while waiting, so a large output cannot block the child.
    let mut out = child.stdout.take().expect("stdout is piped");
    let mut err = child.stderr.take().expect("stderr is piped");
    let stdout = std::thread::spawn(move || {
        let mut s = Vec::new();
        std::io::Read::read_to_end(&mut out, &mut s).ok();
        s
    });
    let stderr = std::thread::spawn(move || {
        let mut s = Vec::new();
        std::io::Read::read_to_end(&mut err, &mut s).ok();
        s
    });
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed() > limit {
            child.kill().ok();
            child.wait().ok();
            panic!(
                "`skill-chains {}` still runs after {limit:?}",
                args.join(" ")
            );
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let took = started.elapsed();
    let run = Run {
        status: status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&stdout.join().unwrap()).into(),
        stderr: String::from_utf8_lossy(&stderr.join().unwrap()).into(),
    };
    assert!(
        status.code().is_some(),
        "`skill-chains {}` was killed by a signal ({status}); stderr:\n{}",
        args.join(" "),
        run.stderr
    );
    assert!(
        !run.stderr.contains("panicked") && !run.stderr.contains("stack overflow"),
        "`skill-chains {}` crashed:\n{}",
        args.join(" "),
        run.stderr
    );
    (run, took)
}

const LIMIT: Duration = Duration::from_secs(120);

fn sc(dir: &Path, args: &[&str]) -> Run {
    run_limited(dir, args, None, LIMIT).0
}

/// A workflow with `extra` lines in its one phase and `skills` after SRE
/// among its skills: the bench's, with its one step.
fn workflow(extra: &str, skills: &str) -> String {
    corpus::workflow(extra, skills, corpus::ONE_STEP)
}

/// The time of the worst of `command` on `make(n)` and `make(10 n)`, and a
/// check that the larger took at most `factor` times ten times the smaller
/// (linear: about 10x; the square: about 100x). A floor on the small time
/// keeps process start-up from making the ratio meaningless.
#[track_caller]
fn grows_linearly(
    name: &str,
    n: usize,
    factor: f64,
    make: impl Fn(usize) -> String,
    command: &[&str],
    expect: impl Fn(&Run, usize),
) {
    let dir = temp_dir();
    let mut times = Vec::new();
    for size in [n, 10 * n] {
        let file = dir.write(name, make(size));
        let mut args: Vec<&str> = command.to_vec();
        let file = file.to_str().unwrap().to_string();
        args.push(&file);
        let (run, took) = run_limited(dir.path(), &args, None, LIMIT);
        expect(&run, size);
        times.push(took.as_secs_f64());
    }
    let (small, large) = (times[0].max(0.05), times[1]);
    assert!(
        large <= small * 10.0 * factor,
        "`{}` on {name}: {n} took {small:.2}s, {} took {large:.2}s: more than {factor}x linear",
        command.join(" "),
        10 * n
    );
}

// --- Crashes and resource exhaustion -------------------------------------

#[test]
fn a_chain_of_a_hundred_thousand_arrows_imports_without_overflowing_the_stack() {
    let md = corpus::chain_arrows(100_000);
    let dir = temp_dir();
    let file = dir.write("chain.md", md);
    sc(dir.path(), &["import", file.to_str().unwrap()])
        .code(0)
        .stdout_has("1 workflow(s)");
}

#[test]
fn a_hundred_thousand_chained_steps_check_without_overflowing_the_stack() {
    let yaml = corpus::chained_steps(100_000);
    let dir = temp_dir();
    let file = dir.write("long.yaml", yaml);
    sc(dir.path(), &["check", file.to_str().unwrap()])
        .code(0)
        .stdout_has("1 clean");
}

#[test]
fn devices_are_refused_by_every_command_that_reads_a_file() {
    let dir = temp_dir();
    let wf = dir.write("wf.yaml", workflow("", ""));
    let wf = wf.to_str().unwrap();
    for device in ["/dev/zero", "/dev/urandom"] {
        for args in [
            vec!["check", device],
            vec!["show", device],
            vec!["timeline", device],
            vec!["schedule", device],
            vec!["import", device],
            vec!["schedule", wf, "--team", device],
        ] {
            let r = sc(dir.path(), &args);
            assert_eq!(
                r.status,
                2,
                "`{}`: {}{}",
                args.join(" "),
                r.stdout,
                r.stderr
            );
            assert!(
                (r.stdout.clone() + &r.stderr)
                    .contains("is a character device, not a regular file"),
                "`{}`: {}{}",
                args.join(" "),
                r.stdout,
                r.stderr
            );
        }
    }
    // A program whose member is a device names the member and why.
    let program = dir.write(
        "program.yaml",
        "name: P\nworkflows:\n  - {id: a, workflow: /dev/zero}\n  - {id: b, workflow: wf.yaml}\nhandoffs:\n  - sequence: {from: a, to: b}\n",
    );
    let r = sc(dir.path(), &["check", program.to_str().unwrap()]);
    assert_ne!(r.status, 0, "{}", r.stdout);
    assert!(r.stdout.contains("character device"), "{}", r.stdout);
}

#[test]
fn a_fifo_is_refused_instead_of_blocking() {
    let dir = temp_dir();
    let fifo = dir.path().join("pipe.yaml");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("no mkfifo here: skipped");
        return;
    }
    let fifo = fifo.to_str().unwrap();
    for args in [
        vec!["check", fifo],
        vec!["show", fifo],
        vec!["import", fifo],
    ] {
        let (r, _) = run_limited(dir.path(), &args, None, Duration::from_secs(30));
        assert_eq!(
            r.status,
            2,
            "`{}`: {}{}",
            args.join(" "),
            r.stdout,
            r.stderr
        );
        assert!(
            (r.stdout.clone() + &r.stderr).contains("is a named pipe (FIFO)"),
            "{}{}",
            r.stdout,
            r.stderr
        );
    }
}

#[test]
fn standard_input_is_read_by_dash_with_the_same_limit() {
    let dir = temp_dir();
    let (r, _) = run_limited(dir.path(), &["check", "-"], Some(&workflow("", "")), LIMIT);
    r.code(0).stdout_has("1 clean");
    // More than the limit through the pipe stops at the limit.
    let big = "#".repeat(17 * 1024 * 1024);
    let (r, _) = run_limited(dir.path(), &["check", "-"], Some(&big), LIMIT);
    r.code(2).stdout_has("over 16 MB");
}

// --- Input whose cost grew with the square of its size -------------------

#[test]
fn many_unknown_keys_cost_linear_time_and_are_summarised() {
    grows_linearly(
        "keys.yaml",
        2_000,
        4.0,
        corpus::unknown_keys,
        &["check"],
        |r, n| {
            r.code(0);
            let more = format!("and {} more of SC016", thousands(n - 50));
            assert!(r.stdout.contains(&more), "{more:?} missing");
            assert_eq!(r.stdout.matches("warning[SC016]").count(), 50);
        },
    );
}

#[test]
fn many_unknown_personas_cost_linear_time() {
    let make = corpus::unknown_personas;
    for command in [
        &["check"][..],
        &["show"],
        &["timeline", "--iterations", "50"],
        &["schedule"],
    ] {
        grows_linearly("personas.yaml", 3_000, 4.0, make, command, |r, _| {
            r.code(1);
            let all = r.stdout.clone() + &r.stderr;
            assert!(all.contains("SC001"), "{all}");
        });
    }
}

#[test]
fn many_headings_import_in_linear_time() {
    grows_linearly(
        "headings.md",
        3_000,
        4.0,
        corpus::headings,
        &["import"],
        |r, _| {
            r.code(1);
        },
    );
}

#[test]
fn a_long_numbered_list_under_a_chain_imports_in_linear_time() {
    grows_linearly(
        "list.md",
        3_000,
        4.0,
        corpus::chain_list,
        &["import"],
        |r, _| {
            r.code(0);
        },
    );
}

#[test]
fn a_heading_of_megabytes_gives_a_short_report_and_a_short_file_name() {
    let dir = temp_dir();
    let md = format!(
        "## {}\n\n**Timeline:** 1 week\n",
        "A".repeat(10 * 1024 * 1024)
    );
    let file = dir.write("big.md", md);
    let out = dir.path().join("out");
    let r = sc(
        dir.path(),
        &[
            "import",
            file.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert!(
        r.stdout.len() + r.stderr.len() < 64 * 1024,
        "{} bytes of output",
        r.stdout.len() + r.stderr.len()
    );
    assert!(r.stdout.contains("SC004"), "{}", r.stdout);
}

// --- Check what will run ---------------------------------------------------

#[test]
fn an_invalid_condition_is_an_error_at_check_time() {
    let dir = temp_dir();
    let yaml = workflow(
        "    decisions:\n      - {if: \"((((( a.b.c && ||\", goto: a, max_loops: 2}\n",
        "",
    );
    let file = dir.write("wf.yaml", yaml);
    let file = file.to_str().unwrap();
    sc(dir.path(), &["check", file])
        .code(1)
        .stdout_has("error[SC026]")
        .stdout_has("wf.yaml:11:");
    // A run refuses it before storing anything.
    let r = sc(
        dir.path(),
        &["run", file, "--executor", "noop", "--db", "runs.db"],
    );
    assert_eq!(r.status, 1, "{}", r.stderr);
    assert!(r.stderr.contains("SC026"), "{}", r.stderr);
}

/// A workflow whose one step runs a shell command.
const SHELL: &str = "name: Shell
phases:
  - id: a
    name: A (Week 1)
    deliverable: d
    steps:
      - {id: s, persona: SRE, action: Say hi, executor: shell, command: \"echo hi\"}
";

fn runs(dir: &Path) -> usize {
    let r = sc(dir, &["runs", "--json", "--db", "runs.db"]);
    r.json()["runs"].as_array().map_or(0, Vec::len)
}

#[test]
fn shell_consent_from_a_configuration_file_needs_the_user_s_trust() {
    let dir = temp_dir();
    let wf = dir.write("wf.yaml", SHELL);
    let wf = wf.to_str().unwrap();
    dir.write("skill-chains.yaml", "executors:\n  allow_shell: true\n");
    let run = ["run", wf, "--db", "runs.db", "--json"];

    // Untrusted: refused, naming the command that trusts it; nothing stored.
    let r = sc(dir.path(), &run);
    assert_eq!(r.status, 2, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains("skill-chains trust skill-chains.yaml"),
        "{}",
        r.stderr
    );
    assert_eq!(runs(dir.path()), 0, "a refused run stores nothing");

    // Trusted as it is: the step runs.
    sc(dir.path(), &["trust"]).code(0).stdout_has("trusted");
    let r = sc(dir.path(), &run);
    r.code(0);
    assert_eq!(r.json()["status"], "completed", "{}", r.stdout);

    // An edit needs trusting again.
    dir.write(
        "skill-chains.yaml",
        "executors:\n  allow_shell: true\n  default: shell\n",
    );
    sc(dir.path(), &run)
        .code(2)
        .stderr_has("not trusted as it is now");

    // The flag still grants consent for one run; revoking works.
    sc(dir.path(), &["run", wf, "--db", "runs.db", "--allow-shell"]).code(0);
    sc(dir.path(), &["trust", "--revoke"])
        .code(0)
        .stdout_has("no longer trusted");
}

#[test]
fn a_run_refused_for_missing_consent_stores_nothing() {
    let dir = temp_dir();
    let wf = dir.write("wf.yaml", SHELL);
    sc(
        dir.path(),
        &["run", wf.to_str().unwrap(), "--db", "runs.db"],
    )
    .code(2)
    .stderr_has("--allow-shell");
    assert_eq!(runs(dir.path()), 0);
}

//! One command reads each file once and checks each workflow once: counted
//! through the loader's read counter and the checker's check counter.

use std::path::{Path, PathBuf};

use clap::Parser;
use skill_chains_core::check::sources_checked;
use skill_chains_engine::project::source::reads_of;

use crate::commands;
use crate::context::Context;

/// A command's arguments as clap reads them.
#[derive(Parser)]
struct Command<A: clap::Args> {
    #[command(flatten)]
    args: A,
}

fn args<A: clap::Args>(argv: &[&str]) -> A {
    Command::<A>::try_parse_from(std::iter::once("skill-chains").chain(argv.iter().copied()))
        .expect("arguments parse")
        .args
}

/// A fresh directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "skill-chains-{name}-{}-{}",
        std::process::id(),
        skill_chains_engine::new_run_id()
    ));
    std::fs::create_dir_all(&dir).expect("scratch directory");
    dir
}

const WORKFLOW: &str = "name: Counted
phases:
  - id: build
    name: Build (Week 1)
    steps:
      - {id: plan, persona: SRE, action: Plan the work, outputs: [plan]}
      - {id: do, persona: SRE, action: Do the work, inputs: [plan]}
    checkpoint: {approver: Principal Engineer, text: Review}
  - id: ship
    name: Ship (Week 2)
    steps:
      - {id: ship, persona: SRE, action: Ship it}
";

const SECOND: &str = "name: Second
phases:
  - id: only
    name: Only (Week 1)
    steps:
      - {id: one, persona: SRE, action: Do one thing}
";

const PROGRAM: &str = "name: Pair
workflows:
  - {id: first, workflow: counted.yaml}
  - {id: second, workflow: second.yaml}
handoffs:
  - sequence: {from: first, to: second}
";

/// Reads of each path and workflow checks on this thread while `f` runs.
fn counted<T>(paths: &[&Path], f: impl FnOnce() -> T) -> (T, Vec<usize>, usize) {
    let before: Vec<usize> = paths.iter().map(|p| reads_of(p)).collect();
    let checks = sources_checked();
    let out = f();
    let reads = paths
        .iter()
        .zip(before)
        .map(|(p, b)| reads_of(p) - b)
        .collect();
    (out, reads, sources_checked() - checks)
}

fn utf8(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

#[test]
fn a_run_reads_its_file_once_and_checks_it_once() {
    let dir = scratch("run-once");
    let file = dir.join("counted.yaml");
    std::fs::write(&file, WORKFLOW).expect("workflow written");
    let db = dir.join("runs.db");
    let ctx = Context::load(None, true, false).expect("context");
    let argv = [utf8(&file), "--executor", "noop", "--db", utf8(&db)];
    let (reply, reads, checks) = counted(&[&file], || commands::run::exec(args(&argv), &ctx));
    reply.expect("the run starts and pauses at the gate");
    assert_eq!(
        (reads, checks),
        (vec![1], 1),
        "reads and checks of one `run`"
    );

    // Acting on the stored run checks its stored workflow once more, once.
    let approve = ["last", "--db", utf8(&db)];
    let (reply, reads, checks) =
        counted(&[&file], || commands::approve::exec(args(&approve), &ctx));
    reply.expect("the gate is approved and the run completes");
    assert_eq!(
        (reads, checks),
        (vec![0], 1),
        "reads and checks of one `approve`"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn planning_commands_read_their_file_once_and_check_it_once() {
    let dir = scratch("plan-once");
    let file = dir.join("counted.yaml");
    std::fs::write(&file, WORKFLOW).expect("workflow written");
    let db = dir.join("runs.db");
    let ctx = Context::load(None, true, false).expect("context");
    let name = utf8(&file);
    type Exec<'a> = Box<dyn Fn() -> anyhow::Result<()> + 'a>;
    let commands: Vec<(&str, Exec)> = vec![
        (
            "schedule",
            Box::new(|| commands::schedule::exec(args(&[name]), &ctx).map(drop)),
        ),
        (
            "timeline",
            Box::new(|| {
                commands::timeline::exec(args(&[name, "--iterations", "50"]), &ctx).map(drop)
            }),
        ),
        (
            "timeline --calibrated",
            Box::new(|| {
                let argv = [
                    name,
                    "--iterations",
                    "50",
                    "--calibrated",
                    "--db",
                    utf8(&db),
                ];
                commands::timeline::exec(args(&argv), &ctx).map(drop)
            }),
        ),
        (
            "show",
            Box::new(|| commands::show::exec(args(&[name]), &ctx).map(drop)),
        ),
        (
            "parallel",
            Box::new(|| commands::parallel::exec(args(&[name]), &ctx).map(drop)),
        ),
    ];
    for (command, exec) in commands {
        let (reply, reads, checks) = counted(&[&file], exec);
        reply.unwrap_or_else(|e| panic!("`{command}` fails: {e:#}"));
        assert_eq!(
            (reads, checks),
            (vec![1], 1),
            "reads and checks of one `{command}`"
        );
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_program_reads_each_file_once_and_checks_each_member_once() {
    let dir = scratch("program-once");
    let (first, second, program) = (
        dir.join("counted.yaml"),
        dir.join("second.yaml"),
        dir.join("pair.yaml"),
    );
    std::fs::write(&first, WORKFLOW).expect("workflow written");
    std::fs::write(&second, SECOND).expect("workflow written");
    std::fs::write(&program, PROGRAM).expect("program written");
    let ctx = Context::load(None, true, false).expect("context");
    let files = [program.as_path(), first.as_path(), second.as_path()];
    let name = utf8(&program);
    let (reply, reads, checks) = counted(&files, || {
        commands::timeline::exec(args(&[name, "--iterations", "50"]), &ctx)
    });
    reply.expect("the program is simulated");
    assert_eq!(
        (reads, checks),
        (vec![1, 1, 1], 2),
        "reads of the program and its members, and member checks, of one program `timeline`"
    );

    let db = dir.join("runs.db");
    let argv = [name, "--executor", "noop", "--db", utf8(&db)];
    let (reply, reads, checks) = counted(&files, || commands::run::exec(args(&argv), &ctx));
    reply.expect("the program run starts");
    assert_eq!(
        (reads, checks),
        (vec![1, 1, 1], 2),
        "reads of the program and its members, and member checks, of one program `run`"
    );
    std::fs::remove_dir_all(&dir).ok();
}

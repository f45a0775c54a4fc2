//! What every store must do, as checks that run on any backend through the
//! [`Store`] trait alone.
//!
//! A backend gives one constructor, `fresh`, that makes a new, empty store
//! and its first connection; more connections to that same store come from
//! [`Store::reopen`]. A file backend makes a file in a scratch directory, a
//! server backend a scratch schema; [`Scratch`] keeps either until the last
//! connection closes. [`store_contract_tests!`](crate::store_contract_tests)
//! turns every check into a `#[test]`:
//!
//! ```ignore
//! mod contract {
//!     skill_chains_engine::store_contract_tests!(super::fresh_store);
//! }
//! ```
//!
//! A store only one connection can see (SQLite in memory) runs the checks
//! that need no second connection: `store_contract_tests!(fresh, one_connection)`.
//!
//! The checks panic on the first property that does not hold; they know
//! nothing of any backend.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use super::{Batch, Lease, Store, StoreError, host_name};
use crate::clock::{Clock, SimClock};
use crate::event::{Actuals, Durability, Event, PauseReason, Recorded, RunOptions, Usage};

/// Makes a fresh, empty store (its first connection).
pub type Fresh<'a> = &'a dyn Fn() -> Box<dyn Store + Send>;

/// One `#[test]` per property of [`crate::store::contract`], for the store
/// `$fresh` makes (a function or closure returning a boxed store). Expand it
/// once per module. `one_connection` leaves out the properties that need
/// [`Store::reopen`].
#[macro_export]
macro_rules! store_contract_tests {
    ($fresh:expr) => {
        $crate::store_contract_tests!($fresh, one_connection);
        $crate::store_contract_tests!(@tests $fresh;
            reopen_sees_the_same_store,
            concurrent_appenders_lose_nothing,
            a_dropped_connection_keeps_exactly_what_it_committed
        );
    };
    ($fresh:expr, one_connection) => {
        $crate::store_contract_tests!(@tests $fresh;
            create_run_then_events_in_order,
            events_after_a_sequence_number,
            last_seq_of_each_run,
            runs_newest_first_with_their_fields,
            find_run_by_id_prefix_and_last,
            a_run_is_created_once,
            artifacts_by_hash_deduplicated,
            a_batch_is_all_or_nothing,
            leases_are_exclusive_until_released_or_expired,
            durability_settings_are_accepted,
            events_are_timed_by_the_store_clock,
            describe_says_where
        );
    };
    (@tests $fresh:expr; $($property:ident),* $(,)?) => {
        $(
            #[test]
            fn $property() {
                let make = $fresh;
                let fresh = move || -> ::std::boxed::Box<dyn $crate::store::Store + Send> { make() };
                $crate::store::contract::$property(&fresh);
            }
        )*
    };
}

fn created(workflow: &str) -> Event {
    Event::RunCreated {
        workflow_id: workflow.to_string(),
        workflow_name: format!("Workflow {workflow}"),
        version: 1,
        origin: "contract".into(),
        source: format!("name: {workflow}"),
        options: RunOptions::default(),
    }
}

/// An event that says who wrote it and which of theirs it is.
fn mark(writer: usize, n: u32) -> Event {
    Event::StepStarted {
        step: format!("w{writer}"),
        attempt: n,
        executor: "contract".into(),
    }
}

/// `(writer, n)` of a [`mark`].
fn marked(event: &Event) -> Option<(usize, u32)> {
    match event {
        Event::StepStarted {
            step,
            attempt,
            executor,
        } if executor == "contract" => Some((step.strip_prefix('w')?.parse().ok()?, *attempt)),
        _ => None,
    }
}

fn marks(records: &[Recorded]) -> Vec<(usize, u32)> {
    records.iter().filter_map(|r| marked(&r.event)).collect()
}

fn seqs(records: &[Recorded]) -> Vec<i64> {
    records.iter().map(|r| r.seq).collect()
}

fn assert_increasing(seqs: &[i64], what: &str) {
    assert!(
        seqs.windows(2).all(|w| w[0] < w[1]),
        "{what}: sequence numbers not strictly increasing: {seqs:?}"
    );
}

fn assert_consecutive(seqs: &[i64], what: &str) {
    assert!(
        seqs.windows(2).all(|w| w[1] == w[0] + 1),
        "{what}: sequence numbers with a gap: {seqs:?}"
    );
}

/// A lease held by `holder` in this (live) process until `expires_at`.
fn lease(holder: &str, expires_at: i64) -> Lease {
    Lease {
        holder: holder.to_string(),
        pid: std::process::id(),
        host: host_name(),
        expires_at,
    }
}

/// A batch of `events` with one artifact named after `key`.
fn with_artifact(key: &str, events: Vec<Event>) -> Batch {
    Batch {
        artifacts: vec![(
            format!("hash-{key}"),
            format!("content of {key}").into_bytes(),
        )],
        events,
    }
}

/// A run created, then batches of 1, 2 and 3 events: every event comes back
/// in order, as `append` returned it, with consecutive sequence numbers
/// (one writer, one run).
pub fn create_run_then_events_in_order(fresh: Fresh) {
    let mut s = fresh();
    let first = s.create_run("r", &created("wf")).unwrap();
    assert!(first.seq > 0, "sequence numbers start above 0");
    assert_eq!(first.event, created("wf"));
    let mut expected = vec![first];
    let mut n = 0;
    for size in [1, 2, 3] {
        let events: Vec<Event> = (0..size)
            .map(|_| {
                n += 1;
                mark(0, n)
            })
            .collect();
        let recorded = s.append("r", Batch::of(events.clone())).unwrap();
        assert_eq!(
            recorded.iter().map(|r| &r.event).collect::<Vec<_>>(),
            events.iter().collect::<Vec<_>>(),
            "append returns the events as given"
        );
        expected.extend(recorded);
    }
    let all = s.events("r", 0).unwrap();
    assert_eq!(all, expected, "the log is what was appended, in order");
    assert_consecutive(&seqs(&all), "one writer, one run");
    assert_eq!(s.last_seq("r").unwrap(), all.last().unwrap().seq);
}

/// `events(run, after)` gives exactly the events above `after`.
pub fn events_after_a_sequence_number(fresh: Fresh) {
    let mut s = fresh();
    s.create_run("r", &created("wf")).unwrap();
    s.append("r", Batch::of((1..=5).map(|n| mark(0, n)).collect()))
        .unwrap();
    let all = s.events("r", 0).unwrap();
    assert_eq!(all.len(), 6);
    for (k, rec) in all.iter().enumerate() {
        assert_eq!(s.events("r", rec.seq).unwrap(), all[k + 1..].to_vec());
    }
    assert_eq!(
        s.events("r", -1).unwrap(),
        all,
        "below every event: all of them"
    );
    assert!(s.events("r", i64::MAX).unwrap().is_empty());
    assert!(
        s.events("unknown", 0).unwrap().is_empty(),
        "an unknown run has no events"
    );
}

/// `last_seq` is a run's own last event, whatever other runs hold; 0 for an
/// unknown run.
pub fn last_seq_of_each_run(fresh: Fresh) {
    let mut s = fresh();
    let a = s.create_run("a", &created("wf")).unwrap();
    assert_eq!(s.last_seq("a").unwrap(), a.seq);
    let b = s.create_run("b", &created("wf")).unwrap();
    let a2 = s.append("a", Batch::of(vec![mark(0, 1)])).unwrap();
    let b2 = s
        .append("b", Batch::of(vec![mark(0, 1), mark(0, 2)]))
        .unwrap();
    assert!(b.seq > a.seq);
    assert_eq!(s.last_seq("a").unwrap(), a2[0].seq);
    assert_eq!(s.last_seq("b").unwrap(), b2[1].seq);
    assert_eq!(s.last_seq("unknown").unwrap(), 0);
    assert!(
        s.append("a", Batch::default()).unwrap().is_empty(),
        "an empty batch records nothing"
    );
    assert_eq!(s.last_seq("a").unwrap(), a2[0].seq);
}

/// `runs()` lists runs newest first (created in the same millisecond: the
/// one created last first), with the workflow, the status of the latest
/// event that sets one, the times, and cost and tokens summed from steps.
pub fn runs_newest_first_with_their_fields(fresh: Fresh) {
    let mut s = fresh();
    assert!(s.runs().unwrap().is_empty(), "a fresh store has no runs");
    let clock = Arc::new(SimClock::new(1_000_000));
    s.set_clock(clock.clone());
    s.create_run("run-a", &created("alpha")).unwrap();
    clock.advance(5);
    s.create_run("run-c", &created("gamma")).unwrap();
    s.create_run("run-b", &created("beta")).unwrap();
    let order =
        |s: &dyn Store| -> Vec<String> { s.runs().unwrap().into_iter().map(|r| r.id).collect() };
    assert_eq!(order(&*s), ["run-b", "run-c", "run-a"]);

    let a = s.runs().unwrap().pop().unwrap();
    assert_eq!(
        (a.workflow_id.as_str(), a.workflow_name.as_str()),
        ("alpha", "Workflow alpha")
    );
    assert_eq!(a.status, "running");
    assert_eq!((a.created_at, a.updated_at), (1_000_000, 1_000_000));
    assert_eq!((a.cost_usd, a.tokens), (0.0, 0));

    clock.advance(4);
    let completed = Event::StepCompleted {
        step: "s".into(),
        attempt: 1,
        artifact: "hash-s".into(),
        outputs: Vec::new(),
        usage: Usage {
            input_tokens: 100,
            output_tokens: 20,
            cost_usd: 0.25,
        },
        duration_ms: 10,
        metrics: BTreeMap::new(),
        by: None,
        session_id: None,
        log: None,
        actuals: Actuals::default(),
    };
    let failed = Event::StepFailed {
        step: "t".into(),
        attempt: 1,
        error: "no".into(),
        retryable: false,
        will_retry: false,
        usage: Usage {
            input_tokens: 7,
            output_tokens: 3,
            cost_usd: 0.5,
        },
        duration_ms: 10,
        log: None,
    };
    let paused = Event::Paused {
        reason: PauseReason::Gate { gate: "g".into() },
    };
    s.append("run-a", Batch::of(vec![completed, failed, paused]))
        .unwrap();
    let a = s.runs().unwrap().pop().unwrap();
    assert_eq!(a.id, "run-a");
    assert_eq!(a.status, "awaiting-approval");
    assert_eq!((a.created_at, a.updated_at), (1_000_000, 1_000_009));
    assert!((a.cost_usd - 0.75).abs() < 1e-9, "cost {}", a.cost_usd);
    assert_eq!(a.tokens, 130);
    // An event without a status keeps the one there is; the order is by creation.
    s.append("run-a", Batch::of(vec![mark(0, 1)])).unwrap();
    assert_eq!(s.runs().unwrap()[2].status, "awaiting-approval");
    s.append("run-a", Batch::of(vec![Event::Completed]))
        .unwrap();
    assert_eq!(s.runs().unwrap()[2].status, "completed");
    assert_eq!(order(&*s), ["run-b", "run-c", "run-a"]);
}

/// `find_run`: an id, a unique prefix, `last`/`latest`; unknown and
/// ambiguous names say so.
pub fn find_run_by_id_prefix_and_last(fresh: Fresh) {
    let mut s = fresh();
    assert!(
        matches!(s.find_run("last"), Err(StoreError::NoSuchRun(_))),
        "no last run in an empty store"
    );
    let clock = Arc::new(SimClock::new(1_000_000));
    s.set_clock(clock.clone());
    for id in ["run-abd2", "run-abc1", "run-x", "run-xy", "other"] {
        s.create_run(id, &created("wf")).unwrap();
    }
    assert_eq!(s.find_run("run-abc1").unwrap(), "run-abc1");
    assert_eq!(s.find_run("run-abc").unwrap(), "run-abc1");
    assert_eq!(s.find_run("o").unwrap(), "other");
    assert_eq!(
        s.find_run("run-x").unwrap(),
        "run-x",
        "an id wins over the ids it is a prefix of"
    );
    assert_eq!(s.find_run("last").unwrap(), "other");
    assert_eq!(s.find_run("latest").unwrap(), "other");
    match s.find_run("zzz") {
        Err(StoreError::NoSuchRun(name)) => assert_eq!(name, "zzz"),
        other => panic!("unknown run: {other:?}"),
    }
    match s.find_run("run-ab") {
        Err(StoreError::Ambiguous { prefix, matches }) => {
            assert_eq!(prefix, "run-ab");
            assert_eq!(matches, ["run-abc1", "run-abd2"]);
        }
        other => panic!("ambiguous prefix: {other:?}"),
    }
    clock.advance(1);
    s.create_run("run-new", &created("wf")).unwrap();
    assert_eq!(s.find_run("last").unwrap(), "run-new");
}

/// A second `create_run` with the same id fails and leaves the run as it was.
pub fn a_run_is_created_once(fresh: Fresh) {
    let mut s = fresh();
    s.create_run("r", &created("first")).unwrap();
    s.append("r", Batch::of(vec![mark(0, 1)])).unwrap();
    let before = s.events("r", 0).unwrap();
    assert!(s.create_run("r", &created("second")).is_err());
    assert_eq!(s.events("r", 0).unwrap(), before);
    let runs = s.runs().unwrap();
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0].workflow_id, "first");
}

/// Artifacts are stored by hash, once: the same hash again keeps the first
/// content; they are read without naming a run; a missing one is `None`.
pub fn artifacts_by_hash_deduplicated(fresh: Fresh) {
    let mut s = fresh();
    s.create_run("a", &created("wf")).unwrap();
    s.create_run("b", &created("wf")).unwrap();
    let batch = Batch {
        artifacts: vec![
            ("h1".into(), b"one".to_vec()),
            ("h2".into(), b"two".to_vec()),
            ("empty".into(), Vec::new()),
        ],
        events: Vec::new(),
    };
    s.append("a", batch).unwrap();
    assert_eq!(s.artifact("h1").unwrap().unwrap(), b"one");
    assert_eq!(s.artifact("h2").unwrap().unwrap(), b"two");
    assert_eq!(s.artifact("empty").unwrap().unwrap(), b"");
    let again = Batch {
        artifacts: vec![("h1".into(), b"other".to_vec())],
        events: vec![mark(0, 1)],
    };
    s.append("b", again).unwrap();
    assert_eq!(s.artifact("h1").unwrap().unwrap(), b"one");
    assert_eq!(s.artifact("missing").unwrap(), None);
    assert_eq!(s.events("b", 0).unwrap().len(), 2);
}

/// A batch is written whole or not at all: one for an unknown run fails
/// with `NoSuchRun` and leaves neither its artifacts nor its events.
pub fn a_batch_is_all_or_nothing(fresh: Fresh) {
    let mut s = fresh();
    s.create_run("r", &created("wf")).unwrap();
    let before = s.events("r", 0).unwrap();
    let batch = with_artifact("lost", vec![mark(0, 1), mark(0, 2)]);
    match s.append("missing", batch) {
        Err(StoreError::NoSuchRun(run)) => assert_eq!(run, "missing"),
        other => panic!("append to an unknown run: {other:?}"),
    }
    assert!(matches!(
        s.append("missing", Batch::default()),
        Err(StoreError::NoSuchRun(_))
    ));
    assert_eq!(s.artifact("hash-lost").unwrap(), None);
    assert!(s.events("missing", 0).unwrap().is_empty());
    assert_eq!(s.runs().unwrap().len(), 1);
    assert_eq!(s.events("r", 0).unwrap(), before);
    // The store goes on: the next batch gets the next sequence number.
    let next = s
        .append("r", with_artifact("kept", vec![mark(0, 3)]))
        .unwrap();
    assert_eq!(next[0].seq, before[0].seq + 1);
    assert!(s.artifact("hash-kept").unwrap().is_some());
}

/// Leases: one holder at a time per run; the holder renews and releases;
/// another holder is refused with `Held` until the lease is released or
/// expires by the store's clock.
pub fn leases_are_exclusive_until_released_or_expired(fresh: Fresh) {
    let mut s = fresh();
    let clock = Arc::new(SimClock::new(1_000_000));
    s.set_clock(clock.clone());
    s.create_run("r", &created("wf")).unwrap();
    s.create_run("q", &created("wf")).unwrap();
    assert_eq!(s.lease("r").unwrap(), None);
    let a = lease("a", 1_030_000);
    let b = lease("b", 1_030_000);
    s.acquire_lease("r", &a).unwrap();
    assert_eq!(s.lease("r").unwrap(), Some(a.clone()));
    match s.acquire_lease("r", &b) {
        Err(StoreError::Held { run, lease }) => {
            assert_eq!(run, "r");
            assert_eq!(lease, a, "Held names the holder");
        }
        other => panic!("a second holder: {other:?}"),
    }
    s.acquire_lease("q", &b)
        .expect("a lease holds one run only");
    s.acquire_lease("r", &a)
        .expect("the holder may take its run again");

    let renewed = Lease {
        expires_at: 1_060_000,
        ..a.clone()
    };
    s.renew_lease("r", &renewed).unwrap();
    assert_eq!(s.lease("r").unwrap(), Some(renewed.clone()));
    match s.renew_lease("r", &b) {
        Err(StoreError::LeaseLost(run)) => assert_eq!(run, "r"),
        other => panic!("renewal by a non-holder: {other:?}"),
    }
    assert_eq!(s.lease("r").unwrap(), Some(renewed.clone()));

    s.release_lease("r", &b).unwrap();
    assert_eq!(
        s.lease("r").unwrap(),
        Some(renewed.clone()),
        "a non-holder's release leaves the lease"
    );
    s.release_lease("r", &a).unwrap();
    assert_eq!(s.lease("r").unwrap(), None);
    assert!(matches!(
        s.renew_lease("r", &a),
        Err(StoreError::LeaseLost(_))
    ));
    s.acquire_lease("r", &b).unwrap();

    // b's lease on r expires at 1_030_000 by the store's clock.
    assert!(matches!(
        s.acquire_lease("r", &a),
        Err(StoreError::Held { .. })
    ));
    clock.set(1_030_001);
    s.acquire_lease("r", &a)
        .expect("an expired lease can be taken");
    assert_eq!(s.lease("r").unwrap().unwrap().holder, "a");
    assert_eq!(s.lease("unknown").unwrap(), None);
}

/// Both durability settings are accepted, and appends go on under each.
pub fn durability_settings_are_accepted(fresh: Fresh) {
    let mut s = fresh();
    s.create_run("r", &created("wf")).unwrap();
    for (n, durability) in [Durability::Full, Durability::Normal, Durability::Full]
        .into_iter()
        .enumerate()
    {
        s.set_durability(durability).unwrap();
        s.append(
            "r",
            with_artifact(&format!("d{n}"), vec![mark(0, n as u32)]),
        )
        .unwrap();
    }
    assert_eq!(marks(&s.events("r", 0).unwrap()), [(0, 0), (0, 1), (0, 2)]);
}

/// Events are timed by the clock the store was given.
pub fn events_are_timed_by_the_store_clock(fresh: Fresh) {
    let mut s = fresh();
    let clock = Arc::new(SimClock::new(1_767_000_000_000));
    s.set_clock(clock.clone());
    let first = s.create_run("r", &created("wf")).unwrap();
    assert_eq!(first.at, clock.now_ms());
    clock.advance(86_400_000);
    let next = s.append("r", Batch::of(vec![mark(0, 1)])).unwrap();
    assert_eq!(next[0].at, 1_767_086_400_000);
    let stored: Vec<i64> = s.events("r", 0).unwrap().iter().map(|r| r.at).collect();
    assert_eq!(stored, [1_767_000_000_000, 1_767_086_400_000]);
}

/// `describe` says something a person can use to find the store.
pub fn describe_says_where(fresh: Fresh) {
    let s = fresh();
    assert!(!s.describe().trim().is_empty());
}

/// A second connection sees what the first wrote and the other way round,
/// describes the same store and times events by the same clock.
pub fn reopen_sees_the_same_store(fresh: Fresh) {
    let mut a = fresh();
    let clock = Arc::new(SimClock::new(1_000_000));
    a.set_clock(clock.clone());
    a.create_run("r", &created("wf")).unwrap();
    a.append("r", with_artifact("x", vec![mark(0, 1)])).unwrap();
    a.acquire_lease("r", &lease("a", 1_030_000)).unwrap();
    let mut b = a.reopen().unwrap();
    assert_eq!(b.describe(), a.describe());
    assert_eq!(b.events("r", 0).unwrap(), a.events("r", 0).unwrap());
    assert!(b.artifact("hash-x").unwrap().is_some());
    assert_eq!(b.lease("r").unwrap(), a.lease("r").unwrap());
    assert!(matches!(
        b.acquire_lease("r", &lease("b", 1_030_000)),
        Err(StoreError::Held { .. })
    ));
    clock.advance(7);
    let by_b = b.append("r", Batch::of(vec![mark(1, 1)])).unwrap();
    assert_eq!(
        by_b[0].at, 1_000_007,
        "a reopened connection keeps the clock"
    );
    assert_eq!(a.events("r", 0).unwrap(), b.events("r", 0).unwrap());
    assert_eq!(a.find_run("last").unwrap(), "r");
}

/// Writers on their own connections append side by side, to one shared
/// run and each to its own, while a reader polls the shared run with
/// `events(after)`: every event is recorded once, in each writer's order,
/// sequence numbers unique and increasing, and the poller misses none.
pub fn concurrent_appenders_lose_nothing(fresh: Fresh) {
    const WRITERS: usize = 4;
    const BATCHES: u32 = 25;
    let mut main = fresh();
    let start = main.create_run("shared", &created("wf")).unwrap();
    for w in 0..WRITERS {
        main.create_run(&format!("own-{w}"), &created("wf"))
            .unwrap();
    }
    let writers: Vec<Box<dyn Store + Send>> =
        (0..WRITERS).map(|_| main.reopen().unwrap()).collect();
    let poller = main.reopen().unwrap();
    let done = AtomicBool::new(false);
    let polled = std::thread::scope(|scope| {
        let done = &done;
        let reader = scope.spawn(move || {
            let mut seen: Vec<Recorded> = Vec::new();
            let mut after = start.seq;
            let deadline = Instant::now() + Duration::from_secs(120);
            loop {
                // Read `done` first: a poll after it saw every commit.
                let last_round = done.load(Ordering::SeqCst);
                for rec in poller.events("shared", after).unwrap() {
                    assert!(
                        rec.seq > after,
                        "events(after) gave {} after {after}",
                        rec.seq
                    );
                    after = rec.seq;
                    seen.push(rec);
                }
                if last_round {
                    return seen;
                }
                assert!(Instant::now() < deadline, "writers never finished");
                std::thread::sleep(Duration::from_millis(1));
            }
        });
        let handles: Vec<_> = writers
            .into_iter()
            .enumerate()
            .map(|(w, mut store)| {
                scope.spawn(move || {
                    let own = format!("own-{w}");
                    for n in 0..BATCHES {
                        store.append("shared", Batch::of(vec![mark(w, n)])).unwrap();
                        store
                            .append(&own, with_artifact(&format!("{w}-{n}"), vec![mark(w, n)]))
                            .unwrap();
                    }
                })
            })
            .collect();
        for h in handles {
            h.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
        }
        done.store(true, Ordering::SeqCst);
        reader
            .join()
            .unwrap_or_else(|e| std::panic::resume_unwind(e))
    });

    let shared = main.events("shared", 0).unwrap();
    assert_eq!(shared.len(), 1 + WRITERS * BATCHES as usize);
    assert_increasing(&seqs(&shared), "shared run");
    let got = marks(&shared);
    let unique: BTreeSet<_> = got.iter().collect();
    assert_eq!(unique.len(), got.len(), "an event recorded twice");
    for w in 0..WRITERS {
        let mine: Vec<u32> = got.iter().filter(|m| m.0 == w).map(|m| m.1).collect();
        assert_eq!(
            mine,
            (0..BATCHES).collect::<Vec<_>>(),
            "writer {w}'s events"
        );
    }
    assert_eq!(
        polled,
        shared[1..].to_vec(),
        "polling with events(after) missed or repeated events"
    );
    let mut all: Vec<i64> = seqs(&shared);
    for w in 0..WRITERS {
        let own = main.events(&format!("own-{w}"), 0).unwrap();
        assert_increasing(&seqs(&own), "own run");
        assert_eq!(
            marks(&own),
            (0..BATCHES).map(|n| (w, n)).collect::<Vec<_>>()
        );
        for n in 0..BATCHES {
            assert!(main.artifact(&format!("hash-{w}-{n}")).unwrap().is_some());
        }
        all.extend(seqs(&own));
    }
    let distinct: BTreeSet<_> = all.iter().collect();
    assert_eq!(distinct.len(), all.len(), "a sequence number used twice");
}

/// For k = 0, 1, 2, ...: a connection takes a run, appends k batches and
/// goes away without releasing anything; a new connection finds exactly
/// those k batches (events and artifacts), the lease as it was left, and
/// the store takes further appends.
pub fn a_dropped_connection_keeps_exactly_what_it_committed(fresh: Fresh) {
    // Keeps the store alive between connections, as other processes would.
    let witness = fresh();
    for k in 0..5u32 {
        let run = format!("crash-{k}");
        let left = lease("writer", i64::MAX);
        let mut writer = witness.reopen().unwrap();
        writer.create_run(&run, &created("wf")).unwrap();
        writer.acquire_lease(&run, &left).unwrap();
        for n in 0..k {
            let key = format!("{k}-{n}");
            writer
                .append(&run, with_artifact(&key, vec![mark(0, n), mark(1, n)]))
                .unwrap();
        }
        drop(writer);

        let mut again = witness.reopen().unwrap();
        let log = again.events(&run, 0).unwrap();
        assert_eq!(log.len(), 1 + 2 * k as usize, "after {k} batches");
        assert_consecutive(&seqs(&log), "one writer, one run");
        let expected: Vec<(usize, u32)> = (0..k).flat_map(|n| [(0, n), (1, n)]).collect();
        assert_eq!(marks(&log), expected);
        for n in 0..k {
            assert!(again.artifact(&format!("hash-{k}-{n}")).unwrap().is_some());
        }
        assert_eq!(again.lease(&run).unwrap(), Some(left.clone()));
        assert!(matches!(
            again.acquire_lease(&run, &lease("other", i64::MAX)),
            Err(StoreError::Held { .. })
        ));
        let more = again.append(&run, Batch::of(vec![mark(2, k)])).unwrap();
        assert_eq!(more[0].seq, log.last().unwrap().seq + 1);
        again.release_lease(&run, &left).unwrap();
    }
    let runs = witness.runs().unwrap();
    assert_eq!(runs.len(), 5);
}

/// A store that keeps `kept` (a scratch directory, a scratch schema) until
/// its last connection, reopened ones included, has closed.
pub struct Scratch {
    store: Box<dyn Store + Send>,
    kept: Arc<dyn std::any::Any + Send + Sync>,
}

impl Scratch {
    pub fn new(
        store: Box<dyn Store + Send>,
        kept: Arc<dyn std::any::Any + Send + Sync>,
    ) -> Scratch {
        Scratch { store, kept }
    }
}

impl Store for Scratch {
    fn create_run(&mut self, id: &str, created: &Event) -> Result<Recorded, StoreError> {
        self.store.create_run(id, created)
    }
    fn append(&mut self, run: &str, batch: Batch) -> Result<Vec<Recorded>, StoreError> {
        self.store.append(run, batch)
    }
    fn events(&self, run: &str, after: i64) -> Result<Vec<Recorded>, StoreError> {
        self.store.events(run, after)
    }
    fn last_seq(&self, run: &str) -> Result<i64, StoreError> {
        self.store.last_seq(run)
    }
    fn runs(&self) -> Result<Vec<super::RunRow>, StoreError> {
        self.store.runs()
    }
    fn find_run(&self, prefix: &str) -> Result<String, StoreError> {
        self.store.find_run(prefix)
    }
    fn artifact(&self, hash: &str) -> Result<Option<Vec<u8>>, StoreError> {
        self.store.artifact(hash)
    }
    fn acquire_lease(&mut self, run: &str, lease: &Lease) -> Result<(), StoreError> {
        self.store.acquire_lease(run, lease)
    }
    fn renew_lease(&mut self, run: &str, lease: &Lease) -> Result<(), StoreError> {
        self.store.renew_lease(run, lease)
    }
    fn release_lease(&mut self, run: &str, lease: &Lease) -> Result<(), StoreError> {
        self.store.release_lease(run, lease)
    }
    fn lease(&self, run: &str) -> Result<Option<Lease>, StoreError> {
        self.store.lease(run)
    }
    fn set_durability(&mut self, durability: Durability) -> Result<(), StoreError> {
        self.store.set_durability(durability)
    }
    fn set_clock(&mut self, clock: Arc<dyn Clock>) {
        self.store.set_clock(clock)
    }
    fn reopen(&self) -> Result<Box<dyn Store + Send>, StoreError> {
        Ok(Box::new(Scratch {
            store: self.store.reopen()?,
            kept: self.kept.clone(),
        }))
    }
    fn describe(&self) -> String {
        self.store.describe()
    }
}

/// A directory of its own under the system's temporary directory, removed
/// with everything in it when dropped.
pub struct ScratchDir(PathBuf);

impl ScratchDir {
    pub fn new(purpose: &str) -> ScratchDir {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::SeqCst);
        let dir =
            std::env::temp_dir().join(format!("skill-chains-{purpose}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)
            .unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
        ScratchDir(dir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for ScratchDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

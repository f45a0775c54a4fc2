//! The embedded store: one SQLite file in WAL mode.
//!
//! Durability: with `synchronous=NORMAL` a commit is in the WAL before
//! `append` returns, so killing the process loses nothing committed; `FULL`
//! also fsyncs each commit, for power cuts.
//!
//! SQLite's errors stop here: [`failure`] turns them into [`StoreError`]'s
//! backend-neutral variants, message kept. Nothing outside the store module
//! names [`SqliteStore`]; it is opened through [`super::StoreUrl`].

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OptionalExtension, TransactionBehavior, params};

use super::migrations::MIGRATIONS;
use super::{Batch, Lease, RunRow, Store, StoreError};
use crate::clock::{self, Clock};
use crate::event::{Durability, Event, Recorded};

pub(crate) struct SqliteStore {
    conn: Connection,
    /// The database file; `None` in memory.
    path: Option<PathBuf>,
    /// When events happen (the process clock unless a test sets one).
    clock: Arc<dyn Clock>,
    /// What `set_durability` last asked for, so a reopened connection keeps it.
    durability: Durability,
}

/// A SQLite failure as the store names it.
fn failure(e: rusqlite::Error) -> StoreError {
    let message = e.to_string();
    match e.sqlite_error_code() {
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Busy(message),
        Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => StoreError::Damaged(message),
        Some(
            ErrorCode::SystemIoFailure
            | ErrorCode::CannotOpen
            | ErrorCode::DiskFull
            | ErrorCode::PermissionDenied
            | ErrorCode::ReadOnly
            | ErrorCode::FileLockingProtocolFailed
            | ErrorCode::NoLargeFileSupport,
        ) => StoreError::Io(message),
        _ => StoreError::Backend(message),
    }
}

/// `?` for SQLite results inside this module.
trait OrStore<T> {
    fn or_store(self) -> Result<T, StoreError>;
}

impl<T> OrStore<T> for rusqlite::Result<T> {
    fn or_store(self) -> Result<T, StoreError> {
        self.map_err(failure)
    }
}

impl SqliteStore {
    /// Open (or create) the store at `path`, migrating it to the current schema.
    pub(crate) fn open(path: &Path) -> Result<SqliteStore, StoreError> {
        let conn = Connection::open(path).or_store()?;
        SqliteStore::init(conn, Some(path.to_path_buf()))
    }

    /// A store in memory, seen by this connection only.
    pub(crate) fn in_memory() -> Result<SqliteStore, StoreError> {
        SqliteStore::init(Connection::open_in_memory().or_store()?, None)
    }

    fn init(conn: Connection, path: Option<PathBuf>) -> Result<SqliteStore, StoreError> {
        conn.busy_timeout(Duration::from_secs(10)).or_store()?;
        conn.pragma_update(None, "journal_mode", "WAL").or_store()?;
        conn.pragma_update(None, "synchronous", "NORMAL")
            .or_store()?;
        conn.pragma_update(None, "foreign_keys", "ON").or_store()?;
        let mut store = SqliteStore {
            conn,
            path,
            clock: clock::shared(),
            durability: Durability::Normal,
        };
        store.migrate()?;
        Ok(store)
    }

    fn migrate(&mut self) -> Result<(), StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .or_store()?;
        tx.execute_batch(
            "CREATE TABLE IF NOT EXISTS schema_migrations (
                version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)",
        )
        .or_store()?;
        let current: i64 = tx
            .query_row(
                "SELECT COALESCE(MAX(version), 0) FROM schema_migrations",
                [],
                |r| r.get(0),
            )
            .or_store()?;
        let known = MIGRATIONS.last().map(|m| m.0).unwrap_or(0);
        if current > known {
            return Err(StoreError::NewerSchema {
                found: current,
                known,
            });
        }
        for (version, sql) in MIGRATIONS.iter().filter(|m| m.0 > current) {
            tx.execute_batch(sql).or_store()?;
            tx.execute(
                "INSERT INTO schema_migrations (version, applied_at) VALUES (?1, ?2)",
                params![version, self.clock.now_ms()],
            )
            .or_store()?;
        }
        tx.commit().or_store()?;
        Ok(())
    }

    /// The schema version in force.
    #[cfg(test)]
    fn schema_version(&self) -> Result<i64, StoreError> {
        self.conn
            .query_row("SELECT MAX(version) FROM schema_migrations", [], |r| {
                r.get(0)
            })
            .or_store()
    }
}

fn decode(seq: i64, at: i64, body: &str) -> Result<Recorded, StoreError> {
    let event: Event =
        serde_json::from_str(body).map_err(|e| StoreError::Corrupt(format!("event {seq}: {e}")))?;
    Ok(Recorded { seq, at, event })
}

fn encode(event: &Event) -> String {
    // Events are plain data: serialising cannot fail.
    serde_json::to_string(event).unwrap_or_default()
}

impl Store for SqliteStore {
    fn create_run(&mut self, id: &str, created: &Event) -> Result<Recorded, StoreError> {
        let (workflow_id, workflow_name) = match created {
            Event::RunCreated {
                workflow_id,
                workflow_name,
                ..
            } => (workflow_id.as_str(), workflow_name.as_str()),
            _ => ("", ""),
        };
        let now = self.clock.now_ms();
        let tx = self.conn.transaction().or_store()?;
        tx.execute(
            "INSERT INTO runs (id, workflow_id, workflow_name, status, created_at, updated_at)
             VALUES (?1, ?2, ?3, 'running', ?4, ?4)",
            params![id, workflow_id, workflow_name, now],
        )
        .or_store()?;
        tx.execute(
            "INSERT INTO events (run_id, at, body) VALUES (?1, ?2, ?3)",
            params![id, now, encode(created)],
        )
        .or_store()?;
        let seq = tx.last_insert_rowid();
        tx.commit().or_store()?;
        Ok(Recorded {
            seq,
            at: now,
            event: created.clone(),
        })
    }

    fn append(&mut self, run: &str, batch: Batch) -> Result<Vec<Recorded>, StoreError> {
        let now = self.clock.now_ms();
        let (mut status, mut cost, mut tokens) = (None, 0.0, 0u64);
        for event in &batch.events {
            if let Some(s) = event.status_name() {
                status = Some(s);
            }
            if let Event::StepCompleted { usage, .. } | Event::StepFailed { usage, .. } = event {
                cost += usage.cost_usd;
                tokens += usage.tokens();
            }
        }
        let tx = self.conn.transaction().or_store()?;
        let mut recorded = Vec::with_capacity(batch.events.len());
        {
            // The run first: a batch for an unknown run writes nothing.
            let mut update = tx
                .prepare_cached(
                    "UPDATE runs SET updated_at = ?2, status = COALESCE(?3, status),
                     cost_usd = cost_usd + ?4, tokens = tokens + ?5 WHERE id = ?1",
                )
                .or_store()?;
            if update
                .execute(params![run, now, status, cost, tokens as i64])
                .or_store()?
                == 0
            {
                return Err(StoreError::NoSuchRun(run.to_string()));
            }
            let mut put = tx
                .prepare_cached(
                    "INSERT OR IGNORE INTO artifacts (hash, size, content) VALUES (?1, ?2, ?3)",
                )
                .or_store()?;
            for (hash, bytes) in &batch.artifacts {
                put.execute(params![hash, bytes.len() as i64, bytes])
                    .or_store()?;
            }
            let mut add = tx
                .prepare_cached("INSERT INTO events (run_id, at, body) VALUES (?1, ?2, ?3)")
                .or_store()?;
            for event in batch.events {
                add.execute(params![run, now, encode(&event)]).or_store()?;
                recorded.push(Recorded {
                    seq: tx.last_insert_rowid(),
                    at: now,
                    event,
                });
            }
        }
        tx.commit().or_store()?;
        Ok(recorded)
    }

    fn events(&self, run: &str, after: i64) -> Result<Vec<Recorded>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT seq, at, body FROM events WHERE run_id = ?1 AND seq > ?2 ORDER BY seq",
            )
            .or_store()?;
        let rows = stmt
            .query_map(params![run, after], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })
            .or_store()?;
        let mut out = Vec::new();
        for row in rows {
            let (seq, at, body) = row.or_store()?;
            out.push(decode(seq, at, &body)?);
        }
        Ok(out)
    }

    fn last_seq(&self, run: &str) -> Result<i64, StoreError> {
        self.conn
            .query_row(
                "SELECT COALESCE(MAX(seq), 0) FROM events WHERE run_id = ?1",
                params![run],
                |r| r.get(0),
            )
            .or_store()
    }

    fn runs(&self) -> Result<Vec<RunRow>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT id, workflow_id, workflow_name, status, created_at, updated_at, cost_usd, tokens
                 FROM runs ORDER BY created_at DESC, rowid DESC",
            )
            .or_store()?;
        let rows = stmt
            .query_map([], |r| {
                Ok(RunRow {
                    id: r.get(0)?,
                    workflow_id: r.get(1)?,
                    workflow_name: r.get(2)?,
                    status: r.get(3)?,
                    created_at: r.get(4)?,
                    updated_at: r.get(5)?,
                    cost_usd: r.get(6)?,
                    tokens: r.get::<_, i64>(7)? as u64,
                })
            })
            .or_store()?;
        rows.collect::<rusqlite::Result<_>>().or_store()
    }

    fn find_run(&self, prefix: &str) -> Result<String, StoreError> {
        if prefix == "last" || prefix == "latest" {
            return self
                .conn
                .query_row(
                    // Runs created in the same millisecond (a fixed clock) by insertion order.
                    "SELECT id FROM runs ORDER BY created_at DESC, rowid DESC LIMIT 1",
                    [],
                    |r| r.get(0),
                )
                .optional()
                .or_store()?
                .ok_or_else(|| StoreError::NoSuchRun(prefix.to_string()));
        }
        let mut stmt = self
            .conn
            .prepare("SELECT id FROM runs WHERE id = ?1 OR substr(id, 1, length(?1)) = ?1 ORDER BY id LIMIT 6")
            .or_store()?;
        let ids: Vec<String> = stmt
            .query_map(params![prefix], |r| r.get(0))
            .or_store()?
            .collect::<rusqlite::Result<_>>()
            .or_store()?;
        match ids.as_slice() {
            [] => Err(StoreError::NoSuchRun(prefix.to_string())),
            [one] => Ok(one.clone()),
            many if many.iter().any(|i| i == prefix) => Ok(prefix.to_string()),
            many => Err(StoreError::Ambiguous {
                prefix: prefix.to_string(),
                matches: many.to_vec(),
            }),
        }
    }

    fn artifact(&self, hash: &str) -> Result<Option<Vec<u8>>, StoreError> {
        self.conn
            .prepare_cached("SELECT content FROM artifacts WHERE hash = ?1")
            .or_store()?
            .query_row(params![hash], |r| r.get(0))
            .optional()
            .or_store()
    }

    fn acquire_lease(&mut self, run: &str, lease: &Lease) -> Result<(), StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .or_store()?;
        let current = read_lease(&tx, run)?;
        if let Some(held) = current
            && held.holder != lease.holder
            && !held.is_stale(self.clock.now_ms())
        {
            return Err(StoreError::Held {
                run: run.to_string(),
                lease: held,
            });
        }
        tx.execute(
            "INSERT INTO leases (run_id, holder, pid, host, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT(run_id) DO UPDATE SET holder = ?2, pid = ?3, host = ?4, expires_at = ?5",
            params![run, lease.holder, lease.pid, lease.host, lease.expires_at],
        )
        .or_store()?;
        tx.commit().or_store()?;
        Ok(())
    }

    fn renew_lease(&mut self, run: &str, lease: &Lease) -> Result<(), StoreError> {
        let n = self
            .conn
            .execute(
                "UPDATE leases SET expires_at = ?3 WHERE run_id = ?1 AND holder = ?2",
                params![run, lease.holder, lease.expires_at],
            )
            .or_store()?;
        if n == 0 {
            return Err(StoreError::LeaseLost(run.to_string()));
        }
        Ok(())
    }

    fn release_lease(&mut self, run: &str, lease: &Lease) -> Result<(), StoreError> {
        self.conn
            .execute(
                "DELETE FROM leases WHERE run_id = ?1 AND holder = ?2",
                params![run, lease.holder],
            )
            .or_store()?;
        Ok(())
    }

    fn lease(&self, run: &str) -> Result<Option<Lease>, StoreError> {
        read_lease(&self.conn, run)
    }

    fn set_durability(&mut self, durability: Durability) -> Result<(), StoreError> {
        let level = match durability {
            Durability::Normal => "NORMAL",
            Durability::Full => "FULL",
        };
        self.conn
            .pragma_update(None, "synchronous", level)
            .or_store()?;
        self.durability = durability;
        Ok(())
    }

    fn set_clock(&mut self, clock: Arc<dyn Clock>) {
        self.clock = clock;
    }

    fn reopen(&self) -> Result<Box<dyn Store + Send>, StoreError> {
        let Some(path) = &self.path else {
            return Err(StoreError::Unsupported(
                "a store in memory has no second connection; use a file".to_string(),
            ));
        };
        let mut other = SqliteStore::open(path)?;
        other.set_durability(self.durability)?;
        other.clock = self.clock.clone();
        Ok(Box::new(other))
    }

    fn describe(&self) -> String {
        match &self.path {
            Some(path) => path.display().to_string(),
            None => "sqlite::memory:".to_string(),
        }
    }
}

fn read_lease(conn: &Connection, run: &str) -> Result<Option<Lease>, StoreError> {
    conn.query_row(
        "SELECT holder, pid, host, expires_at FROM leases WHERE run_id = ?1",
        params![run],
        |r| {
            Ok(Lease {
                holder: r.get(0)?,
                pid: r.get(1)?,
                host: r.get(2)?,
                expires_at: r.get(3)?,
            })
        },
    )
    .optional()
    .or_store()
}

#[cfg(test)]
mod tests {
    use std::process::{Command, Stdio};
    use std::time::Instant;

    use super::*;
    use crate::event::RunOptions;
    use crate::store::StoreUrl;
    use crate::store::contract::{Scratch, ScratchDir};

    /// A SQLite file of its own, removed when its last connection closes.
    fn fresh_file() -> Box<dyn Store + Send> {
        let dir = ScratchDir::new("store");
        let store = StoreUrl::Sqlite(dir.path().join("runs.db")).open().unwrap();
        Box::new(Scratch::new(store, Arc::new(dir)))
    }

    fn fresh_memory() -> Box<dyn Store + Send> {
        Box::new(SqliteStore::in_memory().unwrap())
    }

    mod file_contract {
        crate::store_contract_tests!(super::fresh_file);
    }

    mod memory_contract {
        crate::store_contract_tests!(super::fresh_memory, one_connection);
    }

    fn created() -> Event {
        Event::RunCreated {
            workflow_id: "wf".into(),
            workflow_name: "Wf".into(),
            version: 1,
            origin: "test".into(),
            source: "name: Wf".into(),
            options: RunOptions::default(),
        }
    }

    #[test]
    fn append_and_read_back() {
        let mut s = SqliteStore::in_memory().unwrap();
        s.create_run("run-abc", &created()).unwrap();
        let batch = Batch {
            artifacts: vec![("h1".into(), b"hello".to_vec())],
            events: vec![Event::Completed],
        };
        let rec = s.append("run-abc", batch).unwrap();
        assert_eq!(rec.len(), 1);
        let all = s.events("run-abc", 0).unwrap();
        assert_eq!(all.len(), 2);
        assert_eq!(all[1].event, Event::Completed);
        assert_eq!(s.events("run-abc", all[0].seq).unwrap().len(), 1);
        assert_eq!(s.artifact("h1").unwrap().unwrap(), b"hello");
        assert_eq!(s.runs().unwrap()[0].status, "completed");
        assert_eq!(s.find_run("run-a").unwrap(), "run-abc");
        assert_eq!(s.find_run("last").unwrap(), "run-abc");
        assert!(matches!(s.find_run("nope"), Err(StoreError::NoSuchRun(_))));
        assert!(matches!(
            s.append("missing", Batch::default()),
            Err(StoreError::NoSuchRun(_))
        ));
        assert_eq!(s.schema_version().unwrap(), 1);
    }

    #[test]
    fn last_is_the_run_created_last_even_in_the_same_millisecond() {
        let mut s = SqliteStore::in_memory().unwrap();
        s.set_clock(Arc::new(crate::clock::SimClock::new(1_000)));
        // Ids that sort the other way round from their creation.
        s.create_run("run-b", &created()).unwrap();
        s.create_run("run-a", &created()).unwrap();
        assert_eq!(s.find_run("last").unwrap(), "run-a");
        let order: Vec<String> = s.runs().unwrap().into_iter().map(|r| r.id).collect();
        assert_eq!(order, ["run-a", "run-b"]);
    }

    #[test]
    fn a_live_lease_is_exclusive() {
        let mut s = SqliteStore::in_memory().unwrap();
        s.create_run("r", &created()).unwrap();
        let mine = Lease::this_process(30_000);
        s.acquire_lease("r", &mine).unwrap();
        // Another holder on this host whose process is alive (this one).
        let other = Lease {
            holder: "other".into(),
            ..mine.clone()
        };
        assert!(matches!(
            s.acquire_lease("r", &other),
            Err(StoreError::Held { .. })
        ));
        assert!(matches!(
            s.renew_lease("r", &other),
            Err(StoreError::LeaseLost(_))
        ));
        s.release_lease("r", &mine).unwrap();
        s.acquire_lease("r", &other).unwrap();
        // An expired lease can be taken.
        let expired = Lease {
            expires_at: 0,
            ..other.clone()
        };
        s.renew_lease("r", &expired).unwrap();
        s.acquire_lease("r", &mine).unwrap();
        // A dead process's lease can be taken before it expires.
        let dead = Lease {
            holder: "dead".into(),
            pid: u32::MAX - 1,
            ..mine.clone()
        };
        assert!(dead.is_stale(clock::now_ms()));
    }

    #[test]
    fn a_store_in_memory_has_no_second_connection() {
        let s = SqliteStore::in_memory().unwrap();
        assert!(matches!(s.reopen(), Err(StoreError::Unsupported(_))));
        assert_eq!(s.describe(), "sqlite::memory:");
    }

    #[test]
    fn sqlite_failures_become_store_errors_with_their_message() {
        let sqlite = |code: i32, message: &str| {
            failure(rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(code),
                Some(message.to_string()),
            ))
        };
        let cases = [
            (rusqlite::ffi::SQLITE_BUSY, "busy"),
            (rusqlite::ffi::SQLITE_LOCKED, "busy"),
            (rusqlite::ffi::SQLITE_CORRUPT, "damaged"),
            (rusqlite::ffi::SQLITE_NOTADB, "damaged"),
            (rusqlite::ffi::SQLITE_IOERR, "io"),
            (rusqlite::ffi::SQLITE_CANTOPEN, "io"),
            (rusqlite::ffi::SQLITE_FULL, "io"),
            (rusqlite::ffi::SQLITE_CONSTRAINT, "other"),
        ];
        for (code, kind) in cases {
            let e = sqlite(code, "what sqlite said");
            let got = match &e {
                StoreError::Busy(_) => "busy",
                StoreError::Damaged(_) => "damaged",
                StoreError::Io(_) => "io",
                StoreError::Backend(_) => "other",
                _ => "unexpected",
            };
            assert_eq!(got, kind, "code {code}: {e}");
            assert!(e.to_string().contains("what sqlite said"), "{e}");
        }
    }

    #[test]
    fn a_file_that_is_not_a_store_is_reported_as_damaged() {
        let dir = ScratchDir::new("not-a-store");
        let path = dir.path().join("runs.db");
        std::fs::write(&path, vec![0x5a; 8192]).unwrap();
        let Err(e) = SqliteStore::open(&path) else {
            panic!("a file of noise opened as a store")
        };
        assert!(matches!(e, StoreError::Damaged(_)), "{e}");
        // A directory where the file should be cannot be opened at all.
        let Err(e) = SqliteStore::open(dir.path()) else {
            panic!("a directory opened as a store")
        };
        assert!(matches!(e, StoreError::Io(_)), "{e}");
    }

    #[test]
    fn a_store_from_a_newer_release_is_refused() {
        let dir = ScratchDir::new("newer");
        let path = dir.path().join("runs.db");
        let s = SqliteStore::open(&path).unwrap();
        s.conn
            .execute(
                "INSERT INTO schema_migrations (version, applied_at) VALUES (99, 0)",
                [],
            )
            .unwrap();
        drop(s);
        let Err(e) = SqliteStore::open(&path) else {
            panic!("a newer schema opened")
        };
        assert!(
            matches!(e, StoreError::NewerSchema { found: 99, .. }),
            "{e}"
        );
    }

    /// Where the killed appender writes (set only in its child process).
    const APPENDER: &str = "SKILL_CHAINS_STORE_APPENDER";

    /// Batch `n` of the killed appender: one artifact, two events.
    fn appender_batch(n: u32) -> Batch {
        Batch {
            artifacts: vec![(format!("hash-{n}"), vec![n as u8; 512])],
            events: vec![
                Event::StepStarted {
                    step: "append".into(),
                    attempt: n,
                    executor: "first".into(),
                },
                Event::StepStarted {
                    step: "append".into(),
                    attempt: n,
                    executor: "second".into(),
                },
            ],
        }
    }

    /// Nothing on its own: in the child process of
    /// `a_killed_appender_leaves_a_sound_store`, appends until killed.
    #[test]
    fn appender_child() {
        let Some(path) = std::env::var_os(APPENDER) else {
            return;
        };
        let mut s = SqliteStore::open(Path::new(&path)).unwrap();
        let mut n = (s.events("killed", 0).unwrap().len() as u32 - 1) / 2;
        loop {
            s.append("killed", appender_batch(n)).unwrap();
            n += 1;
        }
    }

    #[test]
    fn a_killed_appender_leaves_a_sound_store() {
        let dir = ScratchDir::new("killed");
        let path = dir.path().join("runs.db");
        SqliteStore::open(&path)
            .unwrap()
            .create_run("killed", &created())
            .unwrap();
        let exe = std::env::current_exe().unwrap();
        let name = format!(
            "{}::appender_child",
            module_path!().split_once("::").unwrap().1
        );
        let seed = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .subsec_nanos() as u64
            | 1;
        let mut random = seed;
        let mut batches = 0;
        for round in 0..5 {
            let mut child = Command::new(&exe)
                .args([name.as_str(), "--exact", "--nocapture", "--test-threads=1"])
                .env(APPENDER, &path)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap();
            // Once it appends, kill it at a random moment (0-15 ms on).
            let watch = SqliteStore::open(&path).unwrap();
            let before = watch.last_seq("killed").unwrap();
            let deadline = Instant::now() + Duration::from_secs(30);
            while watch.last_seq("killed").unwrap() == before {
                if let Some(status) = child.try_wait().unwrap() {
                    panic!("the appender stopped by itself: {status}");
                }
                assert!(Instant::now() < deadline, "the appender never appended");
                std::thread::sleep(Duration::from_millis(1));
            }
            random ^= random << 13;
            random ^= random >> 7;
            random ^= random << 17;
            std::thread::sleep(Duration::from_micros(random % 15_000));
            child.kill().unwrap(); // SIGKILL: no destructor, no rollback
            child.wait().unwrap();
            drop(watch);

            let s = SqliteStore::open(&path).unwrap();
            let check: String = s
                .conn
                .query_row("PRAGMA integrity_check", [], |r| r.get(0))
                .unwrap();
            assert_eq!(check, "ok", "round {round}, seed {seed}");
            let log = s.events("killed", 0).unwrap();
            assert_eq!(
                log.len() % 2,
                1,
                "a batch cut in half (round {round}, seed {seed})"
            );
            assert!(
                log.windows(2).all(|w| w[1].seq == w[0].seq + 1),
                "a gap in the log (round {round}, seed {seed})"
            );
            let now = (log.len() as u32 - 1) / 2;
            assert!(now > batches, "round {round} appended nothing");
            for n in 0..now {
                assert_eq!(
                    appender_batch(n).events,
                    [
                        log[1 + 2 * n as usize].event.clone(),
                        log[2 + 2 * n as usize].event.clone()
                    ]
                );
                assert!(s.artifact(&format!("hash-{n}")).unwrap().is_some());
            }
            batches = now;
        }
    }
}

//! The embedded store: one SQLite file in WAL mode.
//!
//! Durability: with `synchronous=NORMAL` a commit is in the WAL before
//! `append` returns, so killing the process loses nothing committed; `FULL`
//! also fsyncs each commit, for power cuts.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use super::migrations::MIGRATIONS;
use super::{Batch, Lease, RunRow, Store, StoreError};
use crate::clock::{self, Clock};
use crate::event::{Durability, Event, Recorded};

pub struct SqliteStore {
    conn: Connection,
    /// When events happen (the process clock unless a test sets one).
    clock: Arc<dyn Clock>,
}

impl SqliteStore {
    /// Open (or create) the store at `path`, migrating it to the current schema.
    pub fn open(path: &Path) -> Result<SqliteStore, StoreError> {
        let conn = Connection::open(path)?;
        SqliteStore::init(conn)
    }

    /// The database file, for opening more connections (none in memory).
    pub fn path(&self) -> Option<std::path::PathBuf> {
        self.conn
            .path()
            .filter(|p| !p.is_empty())
            .map(std::path::PathBuf::from)
    }

    /// A store in memory, for tests.
    pub fn in_memory() -> Result<SqliteStore, StoreError> {
        SqliteStore::init(Connection::open_in_memory()?)
    }

    fn init(conn: Connection) -> Result<SqliteStore, StoreError> {
        conn.busy_timeout(Duration::from_secs(10))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        let mut store = SqliteStore {
            conn,
            clock: clock::shared(),
        };
        store.migrate()?;
        Ok(store)
    }

    fn migrate(&mut self) -> Result<(), StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute_batch(
            "CREATE TABLE IF NOT EXISTS schema_migrations (
                version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)",
        )?;
        let current: i64 = tx.query_row(
            "SELECT COALESCE(MAX(version), 0) FROM schema_migrations",
            [],
            |r| r.get(0),
        )?;
        let known = MIGRATIONS.last().map(|m| m.0).unwrap_or(0);
        if current > known {
            return Err(StoreError::NewerSchema {
                found: current,
                known,
            });
        }
        for (version, sql) in MIGRATIONS.iter().filter(|m| m.0 > current) {
            tx.execute_batch(sql)?;
            tx.execute(
                "INSERT INTO schema_migrations (version, applied_at) VALUES (?1, ?2)",
                params![version, self.clock.now_ms()],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Time events by `clock` (a simulated one, in tests).
    pub fn set_clock(&mut self, clock: Arc<dyn Clock>) {
        self.clock = clock;
    }

    /// The schema version in force.
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT MAX(version) FROM schema_migrations", [], |r| {
                r.get(0)
            })?)
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
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO runs (id, workflow_id, workflow_name, status, created_at, updated_at)
             VALUES (?1, ?2, ?3, 'running', ?4, ?4)",
            params![id, workflow_id, workflow_name, now],
        )?;
        tx.execute(
            "INSERT INTO events (run_id, at, body) VALUES (?1, ?2, ?3)",
            params![id, now, encode(created)],
        )?;
        let seq = tx.last_insert_rowid();
        tx.commit()?;
        Ok(Recorded {
            seq,
            at: now,
            event: created.clone(),
        })
    }

    fn append(&mut self, run: &str, batch: Batch) -> Result<Vec<Recorded>, StoreError> {
        let now = self.clock.now_ms();
        let tx = self.conn.transaction()?;
        let mut recorded = Vec::with_capacity(batch.events.len());
        {
            let mut put = tx.prepare_cached(
                "INSERT OR IGNORE INTO artifacts (hash, size, content) VALUES (?1, ?2, ?3)",
            )?;
            for (hash, bytes) in &batch.artifacts {
                put.execute(params![hash, bytes.len() as i64, bytes])?;
            }
            let mut add =
                tx.prepare_cached("INSERT INTO events (run_id, at, body) VALUES (?1, ?2, ?3)")?;
            let (mut status, mut cost, mut tokens) = (None, 0.0, 0u64);
            for event in batch.events {
                add.execute(params![run, now, encode(&event)])?;
                if let Some(s) = event.status_name() {
                    status = Some(s);
                }
                if let Event::StepCompleted { usage, .. } | Event::StepFailed { usage, .. } = &event
                {
                    cost += usage.cost_usd;
                    tokens += usage.tokens();
                }
                recorded.push(Recorded {
                    seq: tx.last_insert_rowid(),
                    at: now,
                    event,
                });
            }
            let mut update = tx.prepare_cached(
                "UPDATE runs SET updated_at = ?2, status = COALESCE(?3, status),
                 cost_usd = cost_usd + ?4, tokens = tokens + ?5 WHERE id = ?1",
            )?;
            if update.execute(params![run, now, status, cost, tokens as i64])? == 0 {
                return Err(StoreError::NoSuchRun(run.to_string()));
            }
        }
        tx.commit()?;
        Ok(recorded)
    }

    fn events(&self, run: &str, after: i64) -> Result<Vec<Recorded>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT seq, at, body FROM events WHERE run_id = ?1 AND seq > ?2 ORDER BY seq",
        )?;
        let rows = stmt.query_map(params![run, after], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (seq, at, body) = row?;
            out.push(decode(seq, at, &body)?);
        }
        Ok(out)
    }

    fn last_seq(&self, run: &str) -> Result<i64, StoreError> {
        Ok(self.conn.query_row(
            "SELECT COALESCE(MAX(seq), 0) FROM events WHERE run_id = ?1",
            params![run],
            |r| r.get(0),
        )?)
    }

    fn runs(&self) -> Result<Vec<RunRow>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, workflow_id, workflow_name, status, created_at, updated_at, cost_usd, tokens
             FROM runs ORDER BY created_at DESC, rowid DESC",
        )?;
        let rows = stmt.query_map([], |r| {
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
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
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
                .optional()?
                .ok_or_else(|| StoreError::NoSuchRun(prefix.to_string()));
        }
        let mut stmt = self
            .conn
            .prepare("SELECT id FROM runs WHERE id = ?1 OR substr(id, 1, length(?1)) = ?1 ORDER BY id LIMIT 6")?;
        let ids: Vec<String> = stmt
            .query_map(params![prefix], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
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
        Ok(self
            .conn
            .prepare_cached("SELECT content FROM artifacts WHERE hash = ?1")?
            .query_row(params![hash], |r| r.get(0))
            .optional()?)
    }

    fn acquire_lease(&mut self, run: &str, lease: &Lease) -> Result<(), StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
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
        )?;
        tx.commit()?;
        Ok(())
    }

    fn renew_lease(&mut self, run: &str, lease: &Lease) -> Result<(), StoreError> {
        let n = self.conn.execute(
            "UPDATE leases SET expires_at = ?3 WHERE run_id = ?1 AND holder = ?2",
            params![run, lease.holder, lease.expires_at],
        )?;
        if n == 0 {
            return Err(StoreError::LeaseLost(run.to_string()));
        }
        Ok(())
    }

    fn release_lease(&mut self, run: &str, lease: &Lease) -> Result<(), StoreError> {
        self.conn.execute(
            "DELETE FROM leases WHERE run_id = ?1 AND holder = ?2",
            params![run, lease.holder],
        )?;
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
        self.conn.pragma_update(None, "synchronous", level)?;
        Ok(())
    }

    fn reopen(&self) -> Result<Box<dyn Store + Send>, StoreError> {
        let path = self.path().ok_or_else(|| {
            StoreError::Unsupported("a store in memory has no second connection".into())
        })?;
        let mut store = SqliteStore::open(&path)?;
        store.clock = self.clock.clone();
        Ok(Box::new(store))
    }
}

fn read_lease(conn: &Connection, run: &str) -> Result<Option<Lease>, StoreError> {
    Ok(conn
        .query_row(
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
        .optional()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::RunOptions;

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
}

-- Kerat's asynchronous submissions, shared by every host (docs/POSTGRESQL.md). Times the hosts write are epoch
-- milliseconds of their own clocks (what the API shows); leases are timestamps of the database's clock, so the
-- hosts' clocks never decide who owns what.
CREATE TABLE submissions (
    seq            BIGSERIAL PRIMARY KEY,               -- the queue's order (a requeued one keeps its place)
    token          TEXT        NOT NULL UNIQUE,
    dialect        TEXT        NOT NULL,
    state          TEXT        NOT NULL CHECK (state IN ('QUEUED', 'RUNNING', 'DONE', 'FAILED')),
    request        BYTEA       NOT NULL,
    result         BYTEA,
    error          TEXT,
    created_at     BIGINT      NOT NULL,
    started_at     BIGINT,
    finished_at    BIGINT,
    callback       TEXT,
    cb_state       TEXT CHECK (cb_state IN ('PENDING', 'DELIVERED', 'FAILED')),
    cb_attempts    INTEGER     NOT NULL DEFAULT 0,
    cb_next_at     BIGINT,
    size           BIGINT      NOT NULL,                -- request + result bytes (the store's byte bound)
    lease_owner    TEXT,                                -- the host running it (state RUNNING)
    lease_until    TIMESTAMPTZ,                         -- its run is taken back after this
    cb_owner       TEXT,                                -- the host delivering its callback (cb_state PENDING)
    cb_lease_until TIMESTAMPTZ
);
CREATE INDEX submissions_queued ON submissions (seq) WHERE state = 'QUEUED';
CREATE INDEX submissions_running ON submissions (lease_until) WHERE state = 'RUNNING';
CREATE INDEX submissions_finished ON submissions (finished_at, seq) WHERE finished_at IS NOT NULL;
CREATE INDEX submissions_callbacks ON submissions (cb_lease_until) WHERE cb_state = 'PENDING';

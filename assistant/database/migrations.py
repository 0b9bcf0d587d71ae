"""The database schema as an ordered list of migrations; `PRAGMA user_version` records how many ran.

A migration is never edited once released: a change of schema is a new entry at the end, so an
existing database is brought forward step by step and a new one passes through the same steps.
"""

from __future__ import annotations

MIGRATIONS: tuple[str, ...] = (
    # 1: staff accounts, sign-in sessions, the audit log, feedback on answers.
    """
    CREATE TABLE accounts (
        name TEXT PRIMARY KEY,
        role TEXT NOT NULL,
        salt TEXT NOT NULL,
        hash TEXT NOT NULL,
        n INTEGER NOT NULL, r INTEGER NOT NULL, p INTEGER NOT NULL,
        version INTEGER NOT NULL DEFAULT 1,  -- bumped by every change: sessions of an older version end
        disabled INTEGER NOT NULL DEFAULT 0,
        created TEXT NOT NULL,
        updated TEXT NOT NULL
    );
    CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY,          -- sha256 of the cookie; the cookie itself is never stored
        user TEXT NOT NULL REFERENCES accounts(name) ON DELETE CASCADE,
        version INTEGER NOT NULL,             -- the account's version when the session began
        created TEXT NOT NULL,
        expires TEXT NOT NULL
    );
    CREATE INDEX sessions_user ON sessions(user);
    CREATE TABLE audit (
        id INTEGER PRIMARY KEY,
        time TEXT NOT NULL,
        last_time TEXT NOT NULL,              -- repeated refusals are one entry: first and last time, count
        user TEXT NOT NULL,
        action TEXT NOT NULL,
        file TEXT NOT NULL DEFAULT '',
        sha256 TEXT NOT NULL DEFAULT '',
        result TEXT NOT NULL,
        count INTEGER NOT NULL DEFAULT 1
    );
    CREATE INDEX audit_time ON audit(time);
    CREATE TABLE feedback (
        id INTEGER PRIMARY KEY,
        time TEXT NOT NULL,
        user TEXT NOT NULL,
        verdict TEXT NOT NULL CHECK (verdict IN ('up', 'down')),
        reason TEXT NOT NULL DEFAULT '',
        question TEXT NOT NULL,
        standalone TEXT NOT NULL,
        answer TEXT NOT NULL                  -- the answer object (JSON), as the server produced it
    );
    """,
    # 2: API keys for other tools (the OpenAI-compatible endpoint): each acts as its account.
    """
    CREATE TABLE api_keys (
        name TEXT PRIMARY KEY,
        user TEXT NOT NULL REFERENCES accounts(name) ON DELETE CASCADE,
        key_hash TEXT NOT NULL UNIQUE,        -- sha256 of the key; the key itself is shown once, never stored
        prefix TEXT NOT NULL,                 -- the key's first characters, to recognise it in a list
        created TEXT NOT NULL,
        revoked TEXT                          -- when it was revoked; a revoked key is refused
    );
    CREATE INDEX api_keys_user ON api_keys(user);
    """,
    # 3: conversations kept on the server, per user ('' = one person's machine without accounts).
    """
    CREATE TABLE conversations (
        id TEXT PRIMARY KEY,                  -- random, so one user cannot guess another's
        user TEXT NOT NULL,
        title TEXT NOT NULL,
        created TEXT NOT NULL,
        updated TEXT NOT NULL
    );
    CREATE INDEX conversations_user ON conversations(user, updated);
    CREATE TABLE turns (
        conversation TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        n INTEGER NOT NULL,                   -- 1, 2, … in the order asked
        time TEXT NOT NULL,
        question TEXT NOT NULL,
        answer TEXT,                          -- the answer object (JSON); NULL when the turn failed
        error TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (conversation, n)
    );
    """,
    # 4: knowledge bases beside the install's own corpus (the default base, which has no row), and who
    # may read or edit each (admins may everything; the default base follows each account's role).
    """
    CREATE TABLE knowledge_bases (
        name TEXT PRIMARY KEY,
        folder TEXT NOT NULL UNIQUE,          -- under the data folder: bases/<folder>/corpus and /index
        created TEXT NOT NULL
    );
    CREATE TABLE base_rights (
        base TEXT NOT NULL REFERENCES knowledge_bases(name) ON DELETE CASCADE,
        user TEXT NOT NULL REFERENCES accounts(name) ON DELETE CASCADE,
        access TEXT NOT NULL CHECK (access IN ('reader', 'editor')),
        PRIMARY KEY (base, user)
    );
    """,
)

"""The app's embedded database: one SQLite file for accounts, sessions, the audit log, feedback and
conversations, with versioned migrations."""

"""Access control for a staff deployment: accounts and roles, the audit log, per-user limits."""

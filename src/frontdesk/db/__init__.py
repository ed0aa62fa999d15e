"""Schema, connection, migrations and backups. Knows nothing about screens."""

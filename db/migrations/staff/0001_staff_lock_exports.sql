-- Staff PINs (argon2id strings only, never a PIN), the keypad lock-out that survives a
-- restart, wrong PINs per day for the dashboard, and the last verified export.
CREATE TABLE staff (
  id         INTEGER PRIMARY KEY,
  role       TEXT NOT NULL CHECK (role IN ('team', 'technician')),
  label      TEXT NOT NULL DEFAULT '' CHECK (length(label) <= 80),
  pin_hash   TEXT NOT NULL CHECK (pin_hash GLOB '$argon2id$*'),
  created_at INTEGER NOT NULL);
CREATE TABLE pin_lock (
  id           INTEGER PRIMARY KEY CHECK (id = 1),
  failures     INTEGER NOT NULL,
  locks        INTEGER NOT NULL,
  locked_until INTEGER NOT NULL);
INSERT INTO pin_lock VALUES (1, 0, 0, 0);
CREATE TABLE wrong_pins (
  day   INTEGER PRIMARY KEY CHECK (day BETWEEN 20000101 AND 29991231),
  count INTEGER NOT NULL);
CREATE TABLE last_export (
  id     INTEGER PRIMARY KEY CHECK (id = 1),
  at     INTEGER NOT NULL,
  folder TEXT NOT NULL);

-- A visit can end because the kiosk was stopped ('shutdown': SIGTERM, window closed, the
-- script's quit) or because the power was cut ('interrupted': closed at the next start).
-- SQLite cannot change a CHECK in place, so sessions, events and daily are rebuilt (the
-- documented create-copy-drop-rename order; foreign keys are off while migrating and
-- checked before the commit), keeping every row, every id and every index.
CREATE TABLE sessions_new (
  id          TEXT PRIMARY KEY CHECK (length(id) = 32 AND id NOT GLOB '*[^0-9a-f]*'),
  kiosk_id    TEXT NOT NULL CHECK (length(kiosk_id) BETWEEN 1 AND 40 AND kiosk_id NOT GLOB '*[^a-z0-9-]*'),
  started_at  INTEGER NOT NULL,             -- unix seconds (UTC)
  ended_at    INTEGER,                      -- NULL only while the visit runs
  mode        TEXT NOT NULL DEFAULT 'self' CHECK (mode IN ('self', 'assisted')),
  group_size  INTEGER NOT NULL DEFAULT 1 CHECK (group_size BETWEEN 1 AND 100),
  language    TEXT NOT NULL DEFAULT 'vi' CHECK (language IN ('vi', 'en')),
  text_size   TEXT NOT NULL DEFAULT 'A' CHECK (text_size IN ('A-', 'A', 'A+')),
  contrast    TEXT NOT NULL DEFAULT 'normal' CHECK (contrast IN ('normal', 'high')),
  outcome     TEXT CHECK (outcome IN ('timeout', 'left', 'restarted', 'staff', 'shutdown',
                'interrupted'))
);
INSERT INTO sessions_new (id, kiosk_id, started_at, ended_at, mode, group_size, language,
                          text_size, contrast, outcome)
  SELECT id, kiosk_id, started_at, ended_at, mode, group_size, language, text_size, contrast,
         outcome FROM sessions;
DROP TABLE sessions;
ALTER TABLE sessions_new RENAME TO sessions;
CREATE INDEX sessions_started ON sessions (started_at, mode, language, text_size, contrast);

CREATE TABLE events_new (
  id          INTEGER PRIMARY KEY,
  session_id  TEXT NOT NULL REFERENCES sessions (id) CHECK (length(session_id) = 32),
  day         INTEGER NOT NULL CHECK (day BETWEEN 20000101 AND 29991231), -- local date
  hour        INTEGER NOT NULL CHECK (hour BETWEEN 0 AND 23),            -- local hour
  type        TEXT NOT NULL CHECK (type IN ('session_started', 'session_ended',
                'tutorial_started', 'step_shown', 'practice_tap', 'check_answered',
                'help_asked', 'tutorial_completed', 'tutorial_left', 'qr_shown')),
  tutorial_id TEXT CHECK (tutorial_id IS NULL OR (length(tutorial_id) <= 48 AND tutorial_id NOT GLOB '*[^a-z0-9-]*')),
  step        INTEGER CHECK (step IS NULL OR step BETWEEN 0 AND 99),
  portal_id   TEXT CHECK (portal_id IS NULL OR (length(portal_id) <= 48 AND portal_id NOT GLOB '*[^a-z0-9-]*')),
  at_ms       INTEGER NOT NULL CHECK (at_ms >= 0),      -- since the session started
  duration_ms INTEGER CHECK (duration_ms IS NULL OR duration_ms >= 0),
  result      TEXT CHECK (result IS NULL OR result IN ('right', 'wrong', 'timeout', 'left',
                'restarted', 'staff', 'shutdown', 'interrupted'))
);
INSERT INTO events_new (id, session_id, day, hour, type, tutorial_id, step, portal_id, at_ms,
                        duration_ms, result)
  SELECT id, session_id, day, hour, type, tutorial_id, step, portal_id, at_ms, duration_ms,
         result FROM events;
DROP TABLE events;
ALTER TABLE events_new RENAME TO events;
CREATE INDEX events_session ON events (session_id);
CREATE INDEX events_type_day ON events (type, day, hour, tutorial_id, portal_id);
CREATE INDEX events_funnel ON events (tutorial_id, type, day, step, session_id);

CREATE TABLE daily_new (
  day         INTEGER NOT NULL CHECK (day BETWEEN 20000101 AND 29991231),
  type        TEXT NOT NULL CHECK (type IN ('session_started', 'session_ended',
                'tutorial_started', 'step_shown', 'practice_tap', 'check_answered',
                'help_asked', 'tutorial_completed', 'tutorial_left', 'qr_shown')),
  tutorial_id TEXT NOT NULL DEFAULT '' CHECK (length(tutorial_id) <= 48 AND tutorial_id NOT GLOB '*[^a-z0-9-]*'),
  step        INTEGER NOT NULL DEFAULT -1,
  portal_id   TEXT NOT NULL DEFAULT '' CHECK (length(portal_id) <= 48 AND portal_id NOT GLOB '*[^a-z0-9-]*'),
  result      TEXT NOT NULL DEFAULT '' CHECK (result IN ('', 'right', 'wrong', 'timeout', 'left',
                'restarted', 'staff', 'shutdown', 'interrupted')),
  count       INTEGER NOT NULL CHECK (count >= 0),
  PRIMARY KEY (day, type, tutorial_id, step, portal_id, result)
) WITHOUT ROWID;
INSERT INTO daily_new (day, type, tutorial_id, step, portal_id, result, count)
  SELECT day, type, tutorial_id, step, portal_id, result, count FROM daily;
DROP TABLE daily;
ALTER TABLE daily_new RENAME TO daily;

-- Visits and what happened in them. Anonymous by construction: every text column is
-- limited by a CHECK to fixed words or ids from the content, so nothing a resident typed,
-- no name, phone or ID number can be stored.
CREATE TABLE sessions (
  id          TEXT PRIMARY KEY CHECK (length(id) = 32 AND id NOT GLOB '*[^0-9a-f]*'),
  kiosk_id    TEXT NOT NULL CHECK (length(kiosk_id) BETWEEN 1 AND 40 AND kiosk_id NOT GLOB '*[^a-z0-9-]*'),
  started_at  INTEGER NOT NULL,             -- unix seconds (UTC)
  ended_at    INTEGER,                      -- NULL while running or when power was cut
  mode        TEXT NOT NULL DEFAULT 'self' CHECK (mode IN ('self', 'assisted')),
  group_size  INTEGER NOT NULL DEFAULT 1 CHECK (group_size BETWEEN 1 AND 100),
  language    TEXT NOT NULL DEFAULT 'vi' CHECK (language IN ('vi', 'en')),
  text_size   TEXT NOT NULL DEFAULT 'A' CHECK (text_size IN ('A-', 'A', 'A+')),
  contrast    TEXT NOT NULL DEFAULT 'normal' CHECK (contrast IN ('normal', 'high')),
  outcome     TEXT CHECK (outcome IN ('timeout', 'left', 'restarted', 'staff'))
);
CREATE INDEX sessions_started ON sessions (started_at);

CREATE TABLE events (
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
  result      TEXT CHECK (result IS NULL OR result IN ('right', 'wrong', 'timeout', 'left', 'restarted', 'staff'))
);
CREATE INDEX events_session ON events (session_id);
CREATE INDEX events_day_type ON events (day, type);
CREATE INDEX events_tutorial ON events (tutorial_id, type, step);

-- A visit's language may be a language pack a commune declared (assets/languages.toml, issue
-- 15): its code of two or three lowercase letters ("hmn", "tay"), as well as 'vi' and 'en'.
-- SQLite cannot change a CHECK in place, so sessions is rebuilt as 0004 did (create, copy,
-- drop, rename; foreign keys are off while migrating and checked before the commit), keeping
-- every row, id, column (voice from 0005, content_version from 0006) and its index.
CREATE TABLE sessions_new (
  id          TEXT PRIMARY KEY CHECK (length(id) = 32 AND id NOT GLOB '*[^0-9a-f]*'),
  kiosk_id    TEXT NOT NULL CHECK (length(kiosk_id) BETWEEN 1 AND 40 AND kiosk_id NOT GLOB '*[^a-z0-9-]*'),
  started_at  INTEGER NOT NULL,             -- unix seconds (UTC)
  ended_at    INTEGER,                      -- NULL only while the visit runs
  mode        TEXT NOT NULL DEFAULT 'self' CHECK (mode IN ('self', 'assisted')),
  group_size  INTEGER NOT NULL DEFAULT 1 CHECK (group_size BETWEEN 1 AND 100),
  language    TEXT NOT NULL DEFAULT 'vi' CHECK (length(language) BETWEEN 2 AND 3
                AND language NOT GLOB '*[^a-z]*'),
  text_size   TEXT NOT NULL DEFAULT 'A' CHECK (text_size IN ('A-', 'A', 'A+')),
  contrast    TEXT NOT NULL DEFAULT 'normal' CHECK (contrast IN ('normal', 'high')),
  outcome     TEXT CHECK (outcome IN ('timeout', 'left', 'restarted', 'staff', 'shutdown',
                'interrupted')),
  voice       INTEGER NOT NULL DEFAULT 0 CHECK (voice IN (0, 1)),
  content_version TEXT NOT NULL DEFAULT ''
    CHECK (length(content_version) <= 20 AND content_version NOT GLOB '*[^0-9.]*')
);
INSERT INTO sessions_new (id, kiosk_id, started_at, ended_at, mode, group_size, language,
                          text_size, contrast, outcome, voice, content_version)
  SELECT id, kiosk_id, started_at, ended_at, mode, group_size, language, text_size, contrast,
         outcome, voice, content_version FROM sessions;
DROP TABLE sessions;
ALTER TABLE sessions_new RENAME TO sessions;
CREATE INDEX sessions_started ON sessions (started_at, mode, language, text_size, contrast);

-- Old events are folded into one row per day and kind (retention), so the team's yearly
-- numbers stay while the event log stays small.
CREATE TABLE daily (
  day         INTEGER NOT NULL CHECK (day BETWEEN 20000101 AND 29991231),
  type        TEXT NOT NULL CHECK (type IN ('session_started', 'session_ended',
                'tutorial_started', 'step_shown', 'practice_tap', 'check_answered',
                'help_asked', 'tutorial_completed', 'tutorial_left', 'qr_shown')),
  tutorial_id TEXT NOT NULL DEFAULT '' CHECK (length(tutorial_id) <= 48 AND tutorial_id NOT GLOB '*[^a-z0-9-]*'),
  step        INTEGER NOT NULL DEFAULT -1,
  portal_id   TEXT NOT NULL DEFAULT '' CHECK (length(portal_id) <= 48 AND portal_id NOT GLOB '*[^a-z0-9-]*'),
  result      TEXT NOT NULL DEFAULT '' CHECK (result IN ('', 'right', 'wrong', 'timeout', 'left', 'restarted', 'staff')),
  count       INTEGER NOT NULL CHECK (count >= 0),
  PRIMARY KEY (day, type, tutorial_id, step, portal_id, result)
) WITHOUT ROWID;

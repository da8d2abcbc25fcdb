-- Whether narration was on when a visit ended, like its text size: the dashboard and the
-- export can show how many residents listened. Older visits count as voice off (there was none).
ALTER TABLE sessions ADD COLUMN voice INTEGER NOT NULL DEFAULT 0 CHECK (voice IN (0, 1));

-- Indexes that answer each dashboard chart from the index alone (measured: the whole
-- dashboard over 1,000,000 events went from seconds to milliseconds). Type first, so a chart
-- reads only the events of its kind.
DROP INDEX IF EXISTS events_day_type;
DROP INDEX IF EXISTS events_tutorial;
CREATE INDEX events_type_day ON events (type, day, hour, tutorial_id, portal_id);
CREATE INDEX events_funnel ON events (tutorial_id, type, day, step, session_id);
DROP INDEX IF EXISTS sessions_started;
CREATE INDEX sessions_started ON sessions (started_at, mode, language, text_size, contrast);

-- Each visit records the content version it used (issue 16): the installed pack's version
-- (digits and dots, as pack.toml allows), or empty for the content that came with the kiosk.
-- Like every text column, a CHECK keeps anything else out.
ALTER TABLE sessions ADD COLUMN content_version TEXT NOT NULL DEFAULT ''
  CHECK (length(content_version) <= 20 AND content_version NOT GLOB '*[^0-9.]*');

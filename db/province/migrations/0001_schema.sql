-- The province store: what the kiosks' exports hold, keyed so a visit counts once however
-- often it is loaded, events partitioned by month, and per-kiosk monthly totals that the
-- report and the views read (recomputed for the months an export touches).

CREATE TABLE kiosks (
    kiosk_id      text PRIMARY KEY,
    province_code text NOT NULL DEFAULT '',
    province_name text NOT NULL DEFAULT '',
    commune_code  text NOT NULL DEFAULT '',
    commune_name  text NOT NULL DEFAULT '',
    updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX kiosks_commune ON kiosks (province_code, commune_code);

CREATE TABLE skills (
    skill   int PRIMARY KEY,
    name_vi text NOT NULL,
    name_en text NOT NULL
);

CREATE TABLE lessons (
    lesson_id text PRIMARY KEY,
    skill     int NOT NULL,
    title_vi  text NOT NULL,
    title_en  text NOT NULL
);

-- One row per loaded export; the manifest's own SHA-256 names an export exactly.
CREATE TABLE exports (
    manifest_sha256 text PRIMARY KEY,
    kiosk_id        text NOT NULL REFERENCES kiosks,
    folder          text NOT NULL,
    loaded_at       timestamptz NOT NULL DEFAULT now(),
    sessions        bigint NOT NULL,
    events          bigint NOT NULL,
    daily_rows      bigint NOT NULL,
    new_sessions    bigint NOT NULL
);

-- Ids are ASCII and compared byte by byte (COLLATE "C"): a server's linguistic collation
-- (vi_VN, en_US) would make every index insertion go through strcoll.
-- A visit. `events` is how many events the loaded copy had: a later export of a visit that
-- was still running (more events, or an end) replaces it; an older or equal copy does not.
CREATE TABLE sessions (
    kiosk_id     text COLLATE "C" NOT NULL,
    session_id   text COLLATE "C" NOT NULL,
    started_hour timestamp NOT NULL,
    duration_s   int,
    mode         text,
    group_size   int NOT NULL DEFAULT 1,
    language     text,
    text_size    text,
    contrast     text,
    outcome      text,
    events       int NOT NULL DEFAULT 0,
    PRIMARY KEY (kiosk_id, session_id)
);
CREATE INDEX sessions_started ON sessions (started_hour);

CREATE TABLE events (
    kiosk_id    text COLLATE "C" NOT NULL,
    session_id  text COLLATE "C" NOT NULL,
    day         date NOT NULL,
    type        text NOT NULL,
    tutorial_id text,
    step        int,
    portal_id   text,
    at_ms       bigint,
    duration_ms bigint,
    result      text
) PARTITION BY RANGE (day);
-- Each export's rows arrive together, so a kiosk's events sit in a few block ranges: a
-- BRIN index finds them (monthly totals, a replaced visit) at a fraction of a B-tree's
-- cost to keep up while loading.
CREATE INDEX events_kiosk ON events USING brin (kiosk_id) WITH (pages_per_range = 16);

-- The partition for the month of `d`, created when first needed.
CREATE FUNCTION tramso_events_partition(d date) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    m date := date_trunc('month', d)::date;
    name text := 'events_' || to_char(m, 'YYYYMM');
BEGIN
    IF to_regclass(name) IS NULL THEN
        EXECUTE format('CREATE TABLE %I PARTITION OF events FOR VALUES FROM (%L) TO (%L)',
                       name, m, (m + interval '1 month')::date);
    END IF;
    RETURN name;
END $$;

-- What each visit did, kept beside it when it is loaded: the monthly totals are recomputed
-- from these (small, keyed by kiosk) rather than from the events.
CREATE TABLE session_lessons (
    kiosk_id   text COLLATE "C" NOT NULL,
    session_id text COLLATE "C" NOT NULL,
    lesson_id  text NOT NULL,
    started    int NOT NULL,
    completed  int NOT NULL,
    PRIMARY KEY (kiosk_id, session_id, lesson_id)
);
CREATE TABLE session_portals (
    kiosk_id   text COLLATE "C" NOT NULL,
    session_id text COLLATE "C" NOT NULL,
    portal_id  text NOT NULL,
    qr_shown   int NOT NULL,
    PRIMARY KEY (kiosk_id, session_id, portal_id)
);

-- Older events a kiosk folded into daily totals (its retention): kept as they came.
CREATE TABLE daily (
    kiosk_id    text NOT NULL,
    day         date NOT NULL,
    type        text NOT NULL,
    tutorial_id text NOT NULL DEFAULT '',
    step        int NOT NULL DEFAULT -1,
    portal_id   text NOT NULL DEFAULT '',
    result      text NOT NULL DEFAULT '',
    count       bigint NOT NULL,
    PRIMARY KEY (kiosk_id, day, type, tutorial_id, step, portal_id, result)
);

-- Monthly totals per kiosk (a visit belongs to the month it started in). "residents" adds
-- up group sizes: an assisted group of five is five residents helped.
CREATE TABLE kiosk_month (
    month             date NOT NULL,
    kiosk_id          text NOT NULL,
    visits            bigint NOT NULL,
    residents         bigint NOT NULL,
    assisted_visits   bigint NOT NULL,
    assisted_residents bigint NOT NULL,
    self_visits       bigint NOT NULL,
    unfinished_visits bigint NOT NULL, -- no end recorded (the kiosk stopped during the visit)
    lessons_started   bigint NOT NULL,
    lessons_completed bigint NOT NULL,
    qr_shown          bigint NOT NULL,
    PRIMARY KEY (month, kiosk_id)
);

CREATE TABLE kiosk_month_skill (
    month               date NOT NULL,
    kiosk_id            text NOT NULL,
    skill               int NOT NULL,
    visits              bigint NOT NULL, -- visits that opened a lesson of the skill
    residents           bigint NOT NULL,
    completed_visits    bigint NOT NULL, -- visits that finished one
    completed_residents bigint NOT NULL,
    PRIMARY KEY (month, kiosk_id, skill)
);

CREATE TABLE kiosk_month_lesson (
    month     date NOT NULL,
    kiosk_id  text NOT NULL,
    lesson_id text NOT NULL,
    visits    bigint NOT NULL,
    residents bigint NOT NULL,
    started   bigint NOT NULL,
    completed bigint NOT NULL,
    PRIMARY KEY (month, kiosk_id, lesson_id)
);

CREATE TABLE kiosk_month_portal (
    month     date NOT NULL,
    kiosk_id  text NOT NULL,
    portal_id text NOT NULL,
    qr_shown  bigint NOT NULL,
    PRIMARY KEY (month, kiosk_id, portal_id)
);

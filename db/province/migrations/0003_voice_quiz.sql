-- Kiosk exports from 2026-12 carry each visit's voice setting and content version in
-- sessions.csv, and may carry quiz.csv (daily quiz totals). Older exports still load: their
-- visits keep NULL (not known) in the new columns.

ALTER TABLE sessions ADD COLUMN voice boolean, ADD COLUMN content_version text;

-- The monthly totals read a kiosk's visits by start time: one index on both (the loader
-- keeps it up to date on every visit, so one serves better than two).
DROP INDEX sessions_started;
CREATE INDEX sessions_kiosk_started ON sessions (kiosk_id, started_hour);

-- voice_known_visits: visits from exports that said whether voice was on.
ALTER TABLE kiosk_month ADD COLUMN voice_visits bigint NOT NULL DEFAULT 0,
                        ADD COLUMN voice_known_visits bigint NOT NULL DEFAULT 0;

-- quiz.csv as it came, one row per kiosk, day and key (like daily): a later export of the
-- same day replaces a smaller count. `question` and `questions` are kept as the kiosk wrote
-- them ('' when empty).
CREATE TABLE quiz_daily (
    kiosk_id  text COLLATE "C" NOT NULL,
    day       date NOT NULL,
    type      text NOT NULL,
    quiz_id   text NOT NULL DEFAULT '',
    question  text NOT NULL DEFAULT '',
    questions text NOT NULL DEFAULT '',
    result    text NOT NULL DEFAULT '',
    count     bigint NOT NULL,
    PRIMARY KEY (kiosk_id, day, type, quiz_id, question, questions, result)
);

-- A quiz's title, from the latest export that named it.
CREATE TABLE quizzes (
    quiz_id text PRIMARY KEY,
    title   text NOT NULL
);

CREATE VIEW v_quiz_month AS
SELECT date_trunc('month', q.day)::date AS month, k.province_code, k.province_name,
       k.commune_code, k.commune_name, q.quiz_id, z.title AS quiz_title,
       coalesce(sum(q.count) FILTER (WHERE q.type = 'quiz_answered' AND q.result = 'right'), 0)
           AS answers_right,
       coalesce(sum(q.count) FILTER (WHERE q.type = 'quiz_answered' AND q.result = 'wrong'), 0)
           AS answers_wrong,
       coalesce(sum(q.count) FILTER (WHERE q.type = 'quiz_answered'), 0) AS answers,
       coalesce(sum(q.count) FILTER (WHERE q.type = 'group_quiz_run'), 0) AS group_runs
FROM quiz_daily q
JOIN kiosks k USING (kiosk_id)
LEFT JOIN quizzes z USING (quiz_id)
GROUP BY 1, k.province_code, k.province_name, k.commune_code, k.commune_name, q.quiz_id,
         z.title;

CREATE VIEW v_voice_month AS
SELECT m.month, k.province_code, k.province_name, k.commune_code, k.commune_name,
       sum(m.visits) AS visits, sum(m.voice_visits) AS voice_visits,
       sum(m.voice_known_visits) AS voice_known_visits
FROM kiosk_month m
JOIN kiosks k USING (kiosk_id)
GROUP BY m.month, k.province_code, k.province_name, k.commune_code, k.commune_name;

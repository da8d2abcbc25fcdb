-- Quizzes (Đố vui, Rung chuông vàng): how many answered each question right or wrong in solo
-- play, and that a room played a quiz with how many questions. Anonymous by construction:
-- no session id (an answer cannot be tied to a visit, so no person's score can be summed),
-- and every text column is limited by a CHECK to fixed words or ids from the content.
-- A table of its own, so the events table (rebuilt by other migrations) stays as it is.
CREATE TABLE quiz_events (
  id          INTEGER PRIMARY KEY,
  day         INTEGER NOT NULL CHECK (day BETWEEN 20000101 AND 29991231), -- local date
  hour        INTEGER NOT NULL CHECK (hour BETWEEN 0 AND 23),            -- local hour
  type        TEXT NOT NULL CHECK (type IN ('quiz_answered', 'group_quiz_run')),
  quiz_id     TEXT NOT NULL CHECK (length(quiz_id) BETWEEN 1 AND 48 AND quiz_id NOT GLOB '*[^a-z0-9-]*'),
  question    INTEGER CHECK (question IS NULL OR question BETWEEN 0 AND 99),   -- 0-based
  questions   INTEGER CHECK (questions IS NULL OR questions BETWEEN 1 AND 100), -- shown to a room
  result      TEXT CHECK (result IS NULL OR result IN ('right', 'wrong')),
  CHECK ((type = 'quiz_answered' AND question IS NOT NULL AND result IS NOT NULL
          AND questions IS NULL)
      OR (type = 'group_quiz_run' AND questions IS NOT NULL AND question IS NULL
          AND result IS NULL))
);
CREATE INDEX quiz_events_quiz ON quiz_events (type, quiz_id, question, result);

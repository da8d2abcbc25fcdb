-- Views for Metabase, Grafana or Superset: one row per month and commune (and skill,
-- lesson or portal), names beside codes. Documented in db/province/README.md.

CREATE VIEW v_communes AS
SELECT DISTINCT province_code, province_name, commune_code, commune_name
FROM kiosks;

CREATE VIEW v_visits_commune_skill_month AS
SELECT m.month, k.province_code, k.province_name, k.commune_code, k.commune_name,
       m.skill, s.name_vi AS skill_vi, s.name_en AS skill_en,
       sum(m.visits) AS visits, sum(m.residents) AS residents,
       sum(m.completed_visits) AS completed_visits,
       sum(m.completed_residents) AS completed_residents
FROM kiosk_month_skill m
JOIN kiosks k USING (kiosk_id)
LEFT JOIN skills s USING (skill)
GROUP BY m.month, k.province_code, k.province_name, k.commune_code, k.commune_name,
         m.skill, s.name_vi, s.name_en;

CREATE VIEW v_lessons_completed_month AS
SELECT m.month, k.province_code, k.province_name, k.commune_code, k.commune_name,
       m.lesson_id, l.title_vi, l.title_en, l.skill,
       sum(m.visits) AS visits, sum(m.residents) AS residents,
       sum(m.started) AS started, sum(m.completed) AS completed
FROM kiosk_month_lesson m
JOIN kiosks k USING (kiosk_id)
LEFT JOIN lessons l USING (lesson_id)
GROUP BY m.month, k.province_code, k.province_name, k.commune_code, k.commune_name,
         m.lesson_id, l.title_vi, l.title_en, l.skill;

CREATE VIEW v_qr_shown_month AS
SELECT m.month, k.province_code, k.province_name, k.commune_code, k.commune_name,
       m.portal_id, sum(m.qr_shown) AS qr_shown
FROM kiosk_month_portal m
JOIN kiosks k USING (kiosk_id)
GROUP BY m.month, k.province_code, k.province_name, k.commune_code, k.commune_name,
         m.portal_id;

CREATE VIEW v_assisted_vs_self_month AS
SELECT m.month, k.province_code, k.province_name, k.commune_code, k.commune_name,
       sum(m.visits) AS visits, sum(m.residents) AS residents,
       sum(m.assisted_visits) AS assisted_visits,
       sum(m.assisted_residents) AS assisted_residents,
       sum(m.self_visits) AS self_visits,
       sum(m.unfinished_visits) AS unfinished_visits
FROM kiosk_month m
JOIN kiosks k USING (kiosk_id)
GROUP BY m.month, k.province_code, k.province_name, k.commune_code, k.commune_name;

-- Client-level data on arrival, in DuckDB: from `raw` (each field as sent, text, one row per row of the
-- file in its order) to `clean` (each kept field as the specification means it, the row as a spreadsheet
-- shows it, and the first reason the row cannot be used, or NULL).
-- A field holds few distinct values (a few hundred dates, a dozen words), so each is read once per
-- distinct value, into a map (`map_<field>`: the value as sent, what it is read as, how it was read for
-- the data-quality report, and how many rows sent it), and every row looks its values up: reading each
-- value of a 1,000,000-row file took twice as long. The data-quality report is the maps' counts.
-- `clean` holds what the rest of the arrival reads and no more: a date as sent (which only a reading or
-- a problem needs) is not kept in it.
-- Each person's pseudonym is HMAC-SHA-256 of their key under the secret, worked out here once per person
-- from the key's inner and outer pads ($inner, $outer: `pseudonyms.pads`), so the key is never in the SQL.
-- Where a postcode lookup is loaded, each postcode is replaced by its area (`postcodes`: postcode in
-- capitals without spaces, area; empty, and the postcode never read, where none is) and the postcode
-- itself goes no further than this step.

-- step: macros
-- A value as sent, trimmed; NULL when empty or the text NULL (which the CSV reader has mostly made NULL).
CREATE OR REPLACE MACRO trimmed(t) AS
    CASE WHEN t = '' OR (length(t) = 4 AND upper(t) = 'NULL') THEN NULL ELSE t END;
CREATE OR REPLACE MACRO blanked(v) AS trimmed(trim(v));
-- The same with runs of spaces made one, for a value matched against a list.
CREATE OR REPLACE MACRO tidied(v) AS
    CASE WHEN contains(v, '  ') OR contains(v, chr(9)) OR contains(v, chr(10)) OR contains(v, chr(13))
         THEN regexp_replace(blanked(v), '\s+', ' ', 'g') ELSE blanked(v) END;
-- A date as councils write it; a time of day on a date field is set aside. NULL when it is not a date.
CREATE OR REPLACE MACRO as_date(v) AS
    try_strptime(
        CASE WHEN length(v) > 10 AND substr(v, 11, 1) IN (' ', 'T') THEN left(v, 10) ELSE v END,
        ['%Y-%m-%d', '%d/%m/%y', '%d/%m/%Y', '%d-%m-%y', '%d-%m-%Y', '%Y/%m/%d']
    )::DATE;
-- The reading of a value against its list: `found` is the list's reading (NULL when not in it).
CREATE OR REPLACE MACRO reading(sent, found, fallback) AS
    CASE WHEN sent IS NULL THEN 'blank' ELSE coalesce(found, fallback) END;
CREATE OR REPLACE MACRO date_reading(sent, day) AS
    CASE WHEN sent IS NULL THEN 'blank' WHEN day IS NULL THEN 'invalid' ELSE 'valid' END;

-- step: text
-- A field kept as sent, trimmed.
CREATE OR REPLACE TEMP TABLE "map_{field}" AS
SELECT sent, value, CASE WHEN value IS NULL THEN 'blank' ELSE 'as sent' END AS reading, n
FROM (SELECT "{field}" AS sent, blanked("{field}") AS value, count(*) AS n FROM raw GROUP BY ALL);

-- step: list
-- A field read against its defined list ({name} in `words`), without regard to case or spacing.
CREATE OR REPLACE TEMP TABLE "map_{field}" AS
SELECT m.sent, coalesce(w.value, m.tidy) AS value, reading(m.tidy, w.reading, 'invalid') AS reading, m.n
FROM (SELECT "{field}" AS sent, tidied("{field}") AS tidy, count(*) AS n FROM raw GROUP BY ALL) m
LEFT JOIN words w ON w.field = '{name}' AND w.folded = lower(m.tidy);

-- step: date
-- A date field: `text` is the value as sent, trimmed, for a problem's message; `day` the date.
CREATE OR REPLACE TEMP TABLE "map_{field}" AS
SELECT sent, text, day, date_reading(text, day) AS reading, n
FROM (SELECT sent, text, as_date(text) AS day, n
      FROM (SELECT "{field}" AS sent, blanked("{field}") AS text, count(*) AS n FROM raw GROUP BY ALL));

-- step: people
-- Each person's key (the NHS number where it is one, else the LA code and local id) and pseudonym, once
-- per distinct identifiers as sent.
CREATE OR REPLACE TEMP TABLE map_person AS
WITH sent AS (
    SELECT nhs, local_id, la_code, count(*) AS n,
        replace(replace(replace(coalesce(nhs, ''), ' ', ''), '-', ''), chr(9), '') AS nhs_digits,
        CASE WHEN blanked(local_id) IS NOT NULL THEN trim(local_id) END AS local_key
    FROM raw GROUP BY nhs, local_id, la_code
),
checked AS (SELECT *, regexp_full_match(nhs_digits, '\d{10}') AS has_nhs_number FROM sent),
keyed AS MATERIALIZED (
    SELECT *,
        CASE WHEN has_nhs_number THEN 'nhs:' || nhs_digits
             WHEN local_key IS NOT NULL THEN 'la:' || coalesce(trim(la_code), '') || ':' || local_key END AS person_key
    FROM checked
),
people AS (
    SELECT person_key, left(sha256($outer || unhex(sha256($inner || encode(person_key)))), 32) AS person
    FROM (SELECT DISTINCT person_key FROM keyed WHERE person_key IS NOT NULL)
)
SELECT k.nhs, k.local_id, k.la_code, k.has_nhs_number, p.person, k.n FROM keyed k LEFT JOIN people p USING (person_key);

-- step: postcode
-- Each postcode as sent and its area in the lookup (`postcodes`).
CREATE OR REPLACE TEMP TABLE map_postcode AS
SELECT m.sent, pc.area,
    CASE WHEN m.key IS NULL THEN 'blank' WHEN pc.area IS NULL THEN 'invalid' ELSE 'valid' END AS reading, m.n
FROM (SELECT postcode AS sent, upper(replace(replace(blanked(postcode), ' ', ''), chr(9), '')) AS key, count(*) AS n
      FROM raw GROUP BY ALL) m
LEFT JOIN postcodes pc ON pc.postcode = m.key;

-- step: clean
CREATE OR REPLACE TEMP TABLE clean AS
SELECT
    r.rowid + 2 AS row,  -- the heading is row 1
    p.person, p.has_nhs_number, pc.area,
    la.value AS la_code, ps.day AS period_start, pe.day AS period_end, g.value AS gender,
    ct.value AS client_type, sr.value AS support_reason, ac.value AS accommodation, f.value AS funding,
    et.value AS event_type, s.day AS start, e.day AS "end", eo.value AS outcome, st.value AS service_type,
    sc.value AS component, dm.value AS delivery, date_trunc('month', b.day)::DATE AS birth_month, d.day AS death,
    CASE
        WHEN la.value IS NULL THEN '''LA Code'' is empty; every event needs it.'
        WHEN et.value IS NULL THEN '''Event Type'' is empty; every event needs it.'
        WHEN s.text IS NULL THEN '''Event Start Date'' is empty; every event needs it.'
        WHEN p.person IS NULL THEN
            'there is neither an NHS number nor an ''LA Person Unique Identifier'', so the person is not known.'
        WHEN s.day IS NULL THEN '''Event Start Date'' is ''' || left(s.text, 20)
            || ''', which is not a date; write it as 2024-06-30 or 30/06/2024.'
        WHEN e.text IS NOT NULL AND e.day IS NULL THEN '''Event End Date'' is ''' || left(e.text, 20)
            || ''', which is not a date; write it as 2024-06-30 or 30/06/2024.'
        WHEN ps.text IS NOT NULL AND ps.day IS NULL THEN
            '''Reporting Period Start Date'' is not a date; write it as 2024-04-01.'
        WHEN pe.text IS NOT NULL AND pe.day IS NULL THEN
            '''Reporting Period End Date'' is not a date; write it as 2025-03-31.'
        WHEN b.text IS NOT NULL AND b.day IS NULL THEN
            '''Date of Birth'' is not a date; write it as 1950-06-30 or 30/06/1950.'
        WHEN d.text IS NOT NULL AND d.day IS NULL THEN
            '''Date of Death'' is not a date; write it as 2024-06-30 or 30/06/2024.'
        WHEN e.day < s.day THEN 'the event ends (' || strftime(e.day, '%Y-%m-%d') || ') before it starts ('
            || strftime(s.day, '%Y-%m-%d') || ').'
    END AS problem
FROM raw r
LEFT JOIN map_person p
    ON p.nhs IS NOT DISTINCT FROM r.nhs AND p.local_id IS NOT DISTINCT FROM r.local_id
    AND p.la_code IS NOT DISTINCT FROM r.la_code
LEFT JOIN map_postcode pc ON pc.sent = r.postcode
LEFT JOIN map_la_code la ON la.sent = r.la_code
LEFT JOIN map_period_start ps ON ps.sent = r.period_start
LEFT JOIN map_period_end pe ON pe.sent = r.period_end
LEFT JOIN map_gender g ON g.sent = r.gender
LEFT JOIN map_client_type ct ON ct.sent = r.client_type
LEFT JOIN map_support_reason sr ON sr.sent = r.support_reason
LEFT JOIN map_accommodation ac ON ac.sent = r.accommodation
LEFT JOIN map_funding f ON f.sent = r.funding
LEFT JOIN map_event_type et ON et.sent = r.event_type
LEFT JOIN map_start s ON s.sent = r.start
LEFT JOIN map_end e ON e.sent = r."end"
LEFT JOIN map_outcome eo ON eo.sent = r.outcome
LEFT JOIN map_service_type st ON st.sent = r.service_type
LEFT JOIN map_component sc ON sc.sent = r.component
LEFT JOIN map_delivery dm ON dm.sent = r.delivery
LEFT JOIN map_birth b ON b.sent = r.birth
LEFT JOIN map_death d ON d.sent = r.death;

-- step: facts
SELECT
    count(*),
    min("end"),
    max("end"),
    count(*) FILTER (WHERE year(period_end) - year(birth_month) > $dummy_age),
    count(*) FILTER (WHERE NOT has_nhs_number)
FROM clean;

-- Client-level data on arrival, in DuckDB: from `raw` (each field as sent, text, with its row number as a
-- spreadsheet shows it) to `clean` (each kept field as the specification means it, how it was read for the
-- data-quality report, and the first reason the row cannot be used, or NULL), in one pass over the file.
-- `clean` holds what the rest of the arrival reads and no more: each kept field, each field's reading and
-- the problem; a date as sent (which only a reading or a problem needs) is not kept in it.
-- Each person's pseudonym is HMAC-SHA-256 of their key under the secret, worked out here once per person
-- from the key's inner and outer pads ($inner, $outer: `pseudonyms.pads`), so the key is never in the SQL.
-- Where a postcode lookup is loaded ($postcodes_read), each postcode is replaced by its area (`postcodes`:
-- postcode in capitals without spaces, area) and the postcode itself goes no further than this step.

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

-- step: clean
CREATE OR REPLACE TEMP TABLE clean AS
WITH sent AS (
SELECT
    row,
    blanked(la_code) AS la_code,
    blanked(period_start) AS period_start_sent,
    blanked(period_end) AS period_end_sent,
    blanked(gender) AS gender,
    tidied(client_type) AS client_type_sent,
    blanked(support_reason) AS support_reason,
    tidied(accommodation) AS accommodation_sent,
    blanked(funding) AS funding,
    tidied(event_type) AS event_type_sent,
    blanked(start) AS start_sent,
    blanked("end") AS end_sent,
    tidied(outcome) AS outcome_sent,
    tidied(service_type) AS service_type_sent,
    blanked(component) AS component,
    tidied(delivery) AS delivery_sent,
    blanked(birth) AS birth_sent,
    blanked(death) AS death_sent,
    replace(replace(replace(coalesce(nhs, ''), ' ', ''), '-', ''), chr(9), '') AS nhs_digits,
    CASE WHEN blanked(local_id) IS NOT NULL THEN trim(local_id) END AS local_id,
    coalesce(trim(la_code), '') AS la_text,
    upper(replace(replace(blanked(postcode), ' ', ''), chr(9), '')) AS postcode_key
FROM raw
),
keyed AS MATERIALIZED (
SELECT
    *,
    regexp_full_match(nhs_digits, '\d{10}') AS has_nhs_number,
    CASE WHEN regexp_full_match(nhs_digits, '\d{10}') THEN 'nhs:' || nhs_digits
         WHEN local_id IS NOT NULL THEN 'la:' || la_text || ':' || local_id END AS person_key
FROM sent
),
people AS (
    SELECT person_key, left(sha256($outer || unhex(sha256($inner || encode(person_key)))), 32) AS person
    FROM (SELECT DISTINCT person_key FROM keyed WHERE person_key IS NOT NULL)
),
read AS (
    SELECT
        k.row, k.person_key, k.has_nhs_number, p.person, pc.area,
        CASE WHEN NOT $postcodes_read THEN NULL WHEN k.postcode_key IS NULL THEN 'blank'
             WHEN pc.area IS NULL THEN 'invalid' ELSE 'valid' END AS postcode_reading, k.la_code, k.gender, k.support_reason, k.funding,
        k.component, k.start_sent, k.end_sent, k.period_start_sent, k.period_end_sent, k.birth_sent, k.death_sent,
        coalesce(ct.value, k.client_type_sent) AS client_type,
        reading(k.client_type_sent, ct.reading, 'invalid') AS client_type_reading,
        coalesce(ac.value, k.accommodation_sent) AS accommodation,
        reading(k.accommodation_sent, ac.reading, 'invalid') AS accommodation_reading,
        coalesce(et.value, k.event_type_sent) AS event_type,
        reading(k.event_type_sent, et.reading, 'invalid') AS event_type_reading,
        coalesce(eo.value, k.outcome_sent) AS outcome,
        reading(k.outcome_sent, eo.reading, 'invalid') AS outcome_reading,
        coalesce(st.value, k.service_type_sent) AS service_type,
        reading(k.service_type_sent, st.reading, 'invalid') AS service_type_reading,
        coalesce(dm.value, k.delivery_sent) AS delivery,
        reading(k.delivery_sent, dm.reading, 'invalid') AS delivery_reading,
        as_date(k.period_start_sent) AS period_start,
        as_date(k.period_end_sent) AS period_end,
        as_date(k.start_sent) AS start,
        as_date(k.end_sent) AS "end",
        date_trunc('month', as_date(k.birth_sent))::DATE AS birth_month,
        as_date(k.death_sent) AS death
    FROM keyed k
    LEFT JOIN people p USING (person_key)
    LEFT JOIN postcodes pc ON pc.postcode = k.postcode_key
    LEFT JOIN words ct ON ct.field = 'Client Type' AND ct.folded = lower(k.client_type_sent)
    LEFT JOIN words ac ON ac.field = 'Accommodation Status' AND ac.folded = lower(k.accommodation_sent)
    LEFT JOIN words et ON et.field = 'Event Type' AND et.folded = lower(k.event_type_sent)
    LEFT JOIN words eo ON eo.field = 'Event Outcome' AND eo.folded = lower(k.outcome_sent)
    LEFT JOIN words st ON st.field = 'Service Type' AND st.folded = lower(k.service_type_sent)
    LEFT JOIN words dm ON dm.field = 'Delivery Mechanism' AND dm.folded = lower(k.delivery_sent)
)
SELECT
    -- what was sent is kept no further than the readings and the problem worked out from it here
    * EXCLUDE (person_key, start_sent, end_sent, period_start_sent, period_end_sent, birth_sent, death_sent),
    date_reading(period_start_sent, period_start) AS period_start_reading,
    date_reading(period_end_sent, period_end) AS period_end_reading,
    date_reading(start_sent, start) AS start_reading,
    date_reading(end_sent, "end") AS end_reading,
    date_reading(birth_sent, birth_month) AS birth_reading,
    date_reading(death_sent, death) AS death_reading,
    CASE
        WHEN la_code IS NULL THEN '''LA Code'' is empty; every event needs it.'
        WHEN event_type IS NULL THEN '''Event Type'' is empty; every event needs it.'
        WHEN start_sent IS NULL THEN '''Event Start Date'' is empty; every event needs it.'
        WHEN person_key IS NULL THEN
            'there is neither an NHS number nor an ''LA Person Unique Identifier'', so the person is not known.'
        WHEN start IS NULL THEN '''Event Start Date'' is ''' || left(start_sent, 20)
            || ''', which is not a date; write it as 2024-06-30 or 30/06/2024.'
        WHEN end_sent IS NOT NULL AND "end" IS NULL THEN '''Event End Date'' is ''' || left(end_sent, 20)
            || ''', which is not a date; write it as 2024-06-30 or 30/06/2024.'
        WHEN period_start_sent IS NOT NULL AND period_start IS NULL THEN
            '''Reporting Period Start Date'' is not a date; write it as 2024-04-01.'
        WHEN period_end_sent IS NOT NULL AND period_end IS NULL THEN
            '''Reporting Period End Date'' is not a date; write it as 2025-03-31.'
        WHEN birth_sent IS NOT NULL AND birth_month IS NULL THEN
            '''Date of Birth'' is not a date; write it as 1950-06-30 or 30/06/1950.'
        WHEN death_sent IS NOT NULL AND death IS NULL THEN
            '''Date of Death'' is not a date; write it as 2024-06-30 or 30/06/2024.'
        WHEN "end" < start THEN 'the event ends (' || strftime("end", '%Y-%m-%d') || ') before it starts ('
            || strftime(start, '%Y-%m-%d') || ').'
    END AS problem
FROM read;

-- step: quality
-- Each field's values by how they were read: (field, reading, count).
SELECT field, reading, count(*) FROM (
    SELECT unnest([
        {'field': 'LA Code', 'reading': CASE WHEN la_code IS NULL THEN 'blank' ELSE 'as sent' END},
        {'field': 'Reporting Period Start Date', 'reading': period_start_reading},
        {'field': 'Reporting Period End Date', 'reading': period_end_reading},
        {'field': 'Gender', 'reading': CASE WHEN gender IS NULL THEN 'blank' ELSE 'as sent' END},
        {'field': 'Client Type', 'reading': client_type_reading},
        {'field': 'Primary Support Reason', 'reading': CASE WHEN support_reason IS NULL THEN 'blank' ELSE 'as sent' END},
        {'field': 'Accommodation Status', 'reading': accommodation_reading},
        {'field': 'Client Funding Status', 'reading': CASE WHEN funding IS NULL THEN 'blank' ELSE 'as sent' END},
        {'field': 'Event Type', 'reading': event_type_reading},
        {'field': 'Event Start Date', 'reading': start_reading},
        {'field': 'Event End Date', 'reading': end_reading},
        {'field': 'Event Outcome', 'reading': outcome_reading},
        {'field': 'Service Type', 'reading': service_type_reading},
        {'field': 'Service Component', 'reading': CASE WHEN component IS NULL THEN 'blank' ELSE 'as sent' END},
        {'field': 'Delivery Mechanism', 'reading': delivery_reading},
        {'field': 'Date of Birth', 'reading': birth_reading},
        {'field': 'Date of Death', 'reading': death_reading},
        {'field': 'Postcode', 'reading': postcode_reading}
    ], recursive := true)
    FROM clean
)
GROUP BY ALL;

-- step: facts
SELECT
    count(*),
    min("end"),
    max("end"),
    count(*) FILTER (WHERE year(period_end) - year(birth_month) > $dummy_age),
    count(*) FILTER (WHERE NOT has_nhs_number)
FROM clean;

-- ASCOF 2B (18 to 64) and 2C (65 and above): new admissions to residential and nursing care homes in
-- the period, per person, by age at admission. Follows DHSC's Create_ASCOF_2B2C_2425_Onwards.sql
-- (DataS-DHSC/ASC-CLD-LA-Dashboard, commit 69fe2e40740a642d397b86007f8404cd771cf841), written again
-- for DuckDB over the pseudonymised events. Parameters: $period_start, $period_end.
WITH care_homes AS (
    SELECT
        person,
        la_code,
        start,
        "end",
        outcome,
        floor(date_diff('day', birth_month, start) / 365.25) AS age
    FROM events
    WHERE event_type = 'Service'
      AND client_type = 'Service user'
      AND service_type IN ('Long term support: Residential care', 'Long term support: Nursing care')
      AND birth_month IS NOT NULL
      AND (death IS NULL OR death >= $period_start)
      -- a component that says it is not long-term residential or nursing care leaves the stay out; as
      -- in DHSC's SQL (whose NOT LIKE is unknown for an empty component), so does an empty component
      AND (lower(component) LIKE '%residential%' OR lower(component) LIKE '%nursing%')
      AND lower(component) NOT LIKE '%short%'
),
admissions AS (
    SELECT DISTINCT person, la_code, start, age
    FROM care_homes
    WHERE start BETWEEN $period_start AND $period_end
      AND (outcome IS NULL OR lower(outcome) <> lower($self_funded))
),
new_admissions AS (
    SELECT a.*
    FROM admissions a
    WHERE NOT EXISTS (
        SELECT 1 FROM care_homes b
        WHERE b.person = a.person AND b.la_code = a.la_code
          AND b.start < a.start
          AND (b."end" IS NULL OR date_diff('day', b."end", a.start) < 365)
    )
),
people AS (  -- a person admitted in both age bands counts once, in the younger
    SELECT la_code, person, min(CASE WHEN age BETWEEN 18 AND 64 THEN '18 to 64' ELSE '65 and above' END) AS band
    FROM new_admissions
    WHERE age >= 18
    GROUP BY la_code, person
)
SELECT person, band FROM people ORDER BY band, person

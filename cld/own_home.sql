-- ASCOF 2E: of people with long-term support during the period, the share living in their own home or
-- with family (a settled accommodation status). Follows DHSC's Create_ASCOF_2E_2425_Onwards.sql and
-- Latest_Person_Details_2425_Onwards.sql (DataS-DHSC/ASC-CLD-LA-Dashboard, commits 69fe2e4 and
-- ce0a6c4), and for a status still unknown the inference from the person's services of
-- Create_personal_details_table.sql (commit 7396fabf), written again for DuckDB. Parameters: $period_start, $period_end, $settled (the settled
-- statuses), $learning_disability (the primary support reason of 2E's second part). Each person once,
-- with whether that reason is on their latest service, so both parts come from one pass.
WITH supported AS (  -- long-term services during the period
    SELECT la_code, person, birth_month, death, support_reason,
        least(coalesce("end", DATE '9999-01-01'), $period_end) AS capped_end
    FROM events
    WHERE event_type = 'Service' AND client_type = 'Service user'
      AND service_type IN ('Long term support: Nursing care', 'Long term support: Residential care',
                           'Long term support: Community', 'Long term support: Prison')
      AND start IS NOT NULL
      AND ("end" IS NULL OR "end" >= start)
      AND start <= $period_end
      AND ("end" IS NULL OR "end" >= $period_start)
),
cohort AS (SELECT DISTINCT la_code, person FROM supported),  -- only their accommodation is read
statuses AS (  -- each accommodation status the events name, numbered
    SELECT status, row_number() OVER () AS code
    FROM (SELECT DISTINCT coalesce(accommodation, 'Unknown') AS status FROM events)
),
recorded AS (
    -- each person's latest known status: known over unknown, then latest end, then start; two different
    -- statuses on the same latest record are read as unknown. One aggregate over a 128-bit rank, its parts
    -- from the highest bits: known (1 bit), the end and the start (days since the year 0, 22 bits each: a
    -- file's dates lie in the years 0 to 9999) and the status's number (40 bits; 1099511627775 is
    -- 2^40 - 1). The greatest rank ends in the highest number among the records ranked first, and the
    -- greatest with the number turned round in the lowest: one status when they are the same. Ranking
    -- every record of theirs in a window took longer, and a struct compared part by part twice as long.
    SELECT b.la_code, b.person, CASE WHEN b.top = b.bottom THEN s.status ELSE 'Unknown' END AS status
    FROM (
        SELECT la_code, person,
            max(rank | code) & 1099511627775 AS top,
            1099511627775 - (max(rank | (1099511627775 - code)) & 1099511627775) AS bottom
        FROM (
            SELECT e.la_code, e.person, st.code,
                (((e.accommodation IS NOT NULL AND e.accommodation <> 'Unknown')::HUGEINT << 100)
                 | (date_diff('day', DATE '0000-01-01', coalesce(e."end", DATE '9999-01-01'))::HUGEINT << 70)
                 | (date_diff('day', DATE '0000-01-01', e.start)::HUGEINT << 40)) AS rank
            FROM events e SEMI JOIN cohort c ON c.la_code = e.la_code AND c.person = e.person
            JOIN statuses st ON st.status = coalesce(e.accommodation, 'Unknown')
        )
        GROUP BY la_code, person
    ) b JOIN statuses s ON s.code = b.top
),
latest_services AS (  -- for a status still unknown: the person's latest services (open first), the
    -- highest setting, then one whose component tells where they live
    SELECT r.la_code, r.person, e.service_type,
        CASE WHEN e.service_type IN ('Long term support: Nursing care', 'Long term support: Residential care',
                                     'Long term support: Community', 'Long term support: Prison',
                                     'Short term support: ST-Max', 'Short term support: Ongoing low level',
                                     'Short term support: Other short term') THEN e.service_type END AS useful_type,
        CASE WHEN lower(e.component) IN ('shared lives', 'community supported living', 'extra care housing',
                                         'home support') THEN lower(e.component) END AS telling_component,
        dense_rank() OVER (
            PARTITION BY r.la_code, r.person
            ORDER BY coalesce(e."end", DATE '9999-01-01') DESC,
                     CASE e.service_type
                         WHEN 'Long term support: Nursing care' THEN 1 WHEN 'Long term support: Residential care' THEN 2
                         WHEN 'Long term support: Community' THEN 3 WHEN 'Long term support: Prison' THEN 4
                         WHEN 'Short term support: ST-Max' THEN 5 WHEN 'Short term support: Ongoing low level' THEN 6
                         WHEN 'Short term support: Other short term' THEN 7 ELSE 99 END,
                     (lower(e.component) IN ('shared lives', 'community supported living', 'extra care housing',
                                             'home support')) DESC NULLS LAST,
                     e.start DESC
        ) AS rn
    FROM recorded r JOIN events e ON e.la_code = r.la_code AND e.person = r.person AND e.event_type = 'Service'
    WHERE r.status = 'Unknown'
),
presumed AS (  -- the status those services imply (one type and one telling component, else none)
    SELECT la_code, person,
        CASE WHEN count(DISTINCT useful_type) = 1 THEN max(useful_type) END AS service_type,
        CASE WHEN count(DISTINCT telling_component) = 1 THEN max(telling_component) END AS component
    FROM latest_services WHERE rn = 1 GROUP BY la_code, person
),
latest AS (
    SELECT r.la_code, r.person,
        CASE WHEN r.status <> 'Unknown' THEN r.status
             WHEN p.service_type = 'Long term support: Nursing care' THEN 'Registered nursing home'
             WHEN p.service_type = 'Long term support: Residential care' THEN 'Registered care home'
             WHEN p.component = 'shared lives' THEN 'Shared Lives scheme'
             WHEN p.component = 'extra care housing' THEN 'Sheltered housing, extra care housing or other sheltered housing'
             WHEN p.component = 'community supported living'
                 THEN 'Supported accommodation, supported lodgings or supported group home'
             WHEN p.service_type = 'Long term support: Community' AND p.component = 'home support'
                 THEN $presumed_at_home
             WHEN p.service_type = 'Long term support: Community' AND p.component IS NULL
                 THEN $presumed_in_community
             WHEN p.service_type = 'Long term support: Prison'
                 THEN 'Prison, young offenders institution or detention centre'
             ELSE 'Unknown' END AS status
    FROM recorded r LEFT JOIN presumed p ON p.la_code = r.la_code AND p.person = r.person
),
people AS (
    SELECT la_code, person,
        max(floor(date_diff('day', birth_month, capped_end) / 365.25)) AS age,  -- at the end of the latest service
        coalesce(bool_or(lower(support_reason) = lower($learning_disability)), false) AS learning_disability,
        bool_and(death IS NULL OR death >= $period_start) AS alive
    FROM (SELECT *, max(capped_end) OVER (PARTITION BY la_code, person) AS latest_end FROM supported) s
    WHERE capped_end = latest_end
    GROUP BY la_code, person
)
SELECT p.person,
    CASE WHEN p.age BETWEEN 18 AND 64 THEN '18 to 64' ELSE '65 and above' END AS band,
    list_contains($settled, l.status) OR l.status = $presumed_at_home AS settled,
    l.status,
    p.learning_disability
FROM people p JOIN latest l ON l.la_code = p.la_code AND l.person = p.person
WHERE p.alive AND p.age >= 18  -- in no order: sorting every row took longer than the figures do

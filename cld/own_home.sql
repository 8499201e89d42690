-- ASCOF 2E: of people with long-term support during the period, the share living in their own home or
-- with family (a settled accommodation status). Follows DHSC's Create_ASCOF_2E_2425_Onwards.sql and
-- Latest_Person_Details_2425_Onwards.sql (DataS-DHSC/ASC-CLD-LA-Dashboard, commits 69fe2e4 and
-- ce0a6c4), written again for DuckDB. Parameters: $period_start, $period_end, $settled (the settled
-- statuses), $learning_disability (the primary support reason of 2E's second part). Each person once,
-- with whether that reason is on their latest service, so both parts come from one pass.
WITH accommodation AS (  -- each person's latest known status: known over unknown, then latest end, start
    SELECT la_code, person, coalesce(accommodation, 'Unknown') AS status,
        dense_rank() OVER (
            PARTITION BY la_code, person
            ORDER BY (accommodation IS NOT NULL AND accommodation <> 'Unknown') DESC,
                     coalesce("end", DATE '9999-01-01') DESC, start DESC
        ) AS rn
    FROM events
),
latest AS (  -- two different statuses on the same latest record are read as unknown
    SELECT la_code, person, CASE WHEN count(DISTINCT status) > 1 THEN 'Unknown' ELSE any_value(status) END AS status
    FROM accommodation WHERE rn = 1 GROUP BY la_code, person
),
supported AS (  -- long-term services during the period
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
    list_contains($settled, l.status) AS settled,
    l.status,
    p.learning_disability
FROM people p JOIN latest l ON l.la_code = p.la_code AND l.person = p.person
WHERE p.alive AND p.age >= 18
ORDER BY band, p.person

-- ASCOF 3D parts 1b and 2b: carers supported during the period who receive self-directed support and
-- direct payments. Follows the carers' part of DHSC's Create_ASCOF_3D_2425_Onwards.sql
-- (DataS-DHSC/ASC-CLD-LA-Dashboard, commit 7396fabf99cc0ab1390fb1b7072a9fc12084ff79), written again for
-- DuckDB over the joined events. Parameters: $period_start, $period_end, $advice (the outcome
-- "information and advice"). Returns one row per carer: person, age band, the support they are counted
-- under (1 direct payment, 2 council-managed personal budget, 3 commissioned support, 4 support direct to
-- the carer by an unknown delivery mechanism, 5 information and advice, 6 no direct support).
WITH facts AS (  -- a person's latest known birth month and date of death
    SELECT la_code, person, max(birth_month) AS birth_month, max(death) AS death FROM events GROUP BY ALL
),
carers AS (
    SELECT e.person, e.la_code, e.event_type, e.service_type, e.outcome,
        lower(e.component) AS component, e.delivery,
        CASE WHEN f.birth_month IS NULL THEN NULL
             ELSE floor(date_diff('day', f.birth_month, $period_end) / 365.25) END AS age
    FROM events e JOIN facts f USING (la_code, person)
    WHERE e.client_type = 'Unpaid carer'
      AND e.start <= $period_end AND (e."end" IS NULL OR e."end" >= $period_start)
      AND (e."end" IS NULL OR e."end" >= e.start)
      AND (f.death IS NULL OR f.death >= $period_start)
      AND ((e.service_type IS NULL AND e.outcome = $advice)
           OR e.service_type IN ('Carer support: Direct to carer', 'Carer support: Support involving the person cared-for')
           OR (e.event_type IN ('Assessment', 'Review') AND e.service_type IS NULL))
),
ranked AS (
    -- As DHSC's SQL compares an empty component with NOT LIKE (unknown, so no match), a service direct to
    -- the carer whose component is empty is counted only when its delivery is a direct payment.
    SELECT *,
        CASE
            WHEN service_type = 'Carer support: Direct to carer'
                 AND (delivery = 'Direct payment' OR component = 'direct payment') THEN 1
            WHEN service_type = 'Carer support: Direct to carer' AND component <> 'direct payment'
                 AND delivery = 'CASSR managed personal budget' THEN 2
            WHEN service_type = 'Carer support: Direct to carer' AND component <> 'direct payment'
                 AND delivery = 'CASSR commissioned support' THEN 3
            WHEN service_type = 'Carer support: Direct to carer' AND component <> 'direct payment' THEN 4
            WHEN service_type = 'Carer support: Support involving the person cared-for' THEN 6
            WHEN event_type IN ('Assessment', 'Review') AND outcome IS DISTINCT FROM $advice THEN 6
            WHEN event_type IN ('Assessment', 'Review') THEN 5
            WHEN event_type = 'Request' THEN 5
        END AS support
    FROM carers
),
each_carer AS (  -- a carer counted once, under the best support; the youngest age where ages differ
    SELECT la_code, person, min(support) AS support, min(age) AS age
    FROM ranked GROUP BY ALL
)
SELECT person,
    CASE WHEN age IS NULL THEN 'Unknown' WHEN age >= 65 THEN '65 and above' ELSE '18 to 64' END AS band,
    support
FROM each_carer
WHERE support IS NOT NULL AND (age IS NULL OR age >= 18)
ORDER BY person

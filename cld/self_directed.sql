-- ASCOF 3D parts 1a and 2a: clients with long-term community support at the period's end who receive
-- self-directed support (1a) and direct payments (2a). Follows DHSC's Create_ASCOF_3D_2425_Onwards.sql
-- (DataS-DHSC/ASC-CLD-LA-Dashboard, commit 69fe2e40740a642d397b86007f8404cd771cf841), client part,
-- written again for DuckDB. Parameter: $period_end. Returns one row per person counted, with the group
-- and whether they are in each numerator.
WITH settings(service_type, delivery, setting_rank) AS (
    VALUES
        ('Long term support: Nursing care', '', 1),
        ('Long term support: Residential care', '', 2),
        ('Long term support: Community', 'Direct payment', 3),
        ('Long term support: Community', 'CASSR managed personal budget', 4),
        ('Long term support: Community', 'CASSR commissioned support', 5),
        ('Long term support: Community', '', 6),
        ('Long term support: Prison', 'CASSR managed personal budget', 7),
        ('Long term support: Prison', 'CASSR commissioned support', 8),
        ('Long term support: Prison', '', 9)
),
open_at_end AS (  -- long-term services of service users open on the period's last day
    SELECT
        person,
        la_code,
        service_type,
        lower(component) = 'direct payment' AS component_is_payment,
        CASE WHEN lower(component) = 'direct payment' THEN 'Direct payment' ELSE delivery END AS delivery,
        CASE WHEN birth_month IS NULL THEN NULL
             ELSE floor(date_diff('day', birth_month, $period_end) / 365.25) END AS age
    FROM events
    WHERE event_type = 'Service'
      AND client_type = 'Service user'
      AND service_type IN ('Long term support: Nursing care', 'Long term support: Residential care',
                           'Long term support: Community', 'Long term support: Prison')
      AND start <= $period_end
      AND ("end" IS NULL OR "end" >= start)
      AND ("end" IS NULL OR "end" >= $period_end)
      AND (death IS NULL OR death >= $period_end)
),
ranked AS (  -- a delivery mechanism that is not expected for the setting is read as unknown ('')
    SELECT
        o.person, o.la_code, o.service_type, o.component_is_payment,
        CASE WHEN s.delivery IS NOT NULL AND o.service_type IN ('Long term support: Community', 'Long term support: Prison')
             THEN o.delivery ELSE '' END AS delivery,
        CASE WHEN o.age IS NULL THEN 'Unknown' WHEN o.age < 18 THEN 'Under 18'
             WHEN o.age <= 64 THEN '18 to 64' ELSE '65 and above' END AS band
    FROM open_at_end o
    LEFT JOIN settings s ON s.service_type = o.service_type AND s.delivery = o.delivery
),
placed AS (
    SELECT r.*,
        CASE WHEN r.service_type = 'Long term support: Community' AND r.component_is_payment THEN 3
             ELSE s.setting_rank END AS setting_rank
    FROM ranked r
    LEFT JOIN settings s ON s.service_type = r.service_type AND s.delivery = r.delivery
),
highest AS (  -- each person in their highest setting only (nursing over residential over community ...)
    SELECT la_code, person, min(setting_rank) AS setting_rank FROM placed GROUP BY la_code, person
),
counted AS (
    SELECT DISTINCT p.person, p.band, p.delivery, p.component_is_payment
    FROM placed p JOIN highest h ON h.la_code = p.la_code AND h.person = p.person AND h.setting_rank = p.setting_rank
    WHERE p.service_type = 'Long term support: Community' AND p.band IN ('18 to 64', '65 and above', 'Unknown')
)
SELECT
    person,
    band,
    bool_or(delivery IN ('Direct payment', 'CASSR managed personal budget') OR component_is_payment) AS self_directed,
    bool_or(delivery = 'Direct payment' OR component_is_payment) AS direct_payment,
    bool_and(delivery = '' AND NOT component_is_payment) AS delivery_unknown
FROM counted
GROUP BY person, band
ORDER BY band, person

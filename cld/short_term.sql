-- ASCOF 2A: of new clients' short-term reablement (ST-Max) episodes ending in the period, the share
-- followed by no long-term support. Follows DHSC's Create_ASCOF_2A_2425_Onwards.sql
-- (DataS-DHSC/ASC-CLD-LA-Dashboard, commit 7396fabf99cc0ab1390fb1b7072a9fc12084ff79), written again for
-- DuckDB over the joined events. Parameters: $period_start, $period_end. Reads `outcome_ranks` (each
-- Release 2 event outcome, lower case, with its rank in DHSC's outcome hierarchy).
-- Returns one row per episode: person, age band, what followed, how it was found (DHSC's sequel step 1
-- to 6), and whether it is in the denominator, the numerator, or counted as unable to classify.
WITH reabled AS (  -- the people with an ST-Max service: only their events are read
    SELECT DISTINCT la_code, person FROM events
    WHERE event_type = 'Service' AND service_type = 'Short term support: ST-Max'
),
base AS (
    SELECT
        e.person, e.la_code, e.event_type, e.start, coalesce(e."end", DATE '9999-01-01') AS finish,
        e.service_type, lower(coalesce(e.component, '')) AS component, e.outcome,
        -- an outcome that says what comes next rather than how the episode ended ranks after every usable
        -- one (+100); an empty or unknown outcome last (999)
        CASE WHEN r.rank IS NULL THEN 999 WHEN r.rank <= 8 THEN r.rank + 100 ELSE r.rank END AS rank,
        e.file_order * 10000000000 + e.file_row AS record
    FROM events e SEMI JOIN reabled USING (la_code, person)
    LEFT JOIN outcome_ranks r ON r.outcome = lower(e.outcome)
    WHERE e.client_type = 'Service user' AND e.start IS NOT NULL AND (e."end" IS NULL OR e."end" >= e.start)
),
person_facts AS (  -- a person's latest known birth month and date of death
    SELECT la_code, person, max(birth_month) AS birth_month, max(death) AS death
    FROM events SEMI JOIN reabled USING (la_code, person) GROUP BY ALL
),
reablement AS (
    SELECT *,
        max(finish) OVER (PARTITION BY la_code, person ORDER BY start, finish, rank, record DESC
                          ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS previous_finish
    FROM base
    WHERE event_type = 'Service' AND service_type = 'Short term support: ST-Max'
),
numbered AS (  -- one episode of services fewer than 8 days apart (or overlapping)
    SELECT *,
        sum(CASE WHEN date_diff('day', previous_finish, start) <= 7 THEN 0 ELSE 1 END)
            OVER (PARTITION BY la_code, person ORDER BY start, finish, rank, record DESC ROWS UNBOUNDED PRECEDING)
            AS episode
    FROM reablement
),
episodes AS (  -- the episode's outcome: its latest-ending service's, the best ranked on a tie
    SELECT la_code, person, episode, min(start) AS episode_start, max(finish) AS episode_end,
        arg_min(outcome, (-epoch(finish), rank, -record)) AS episode_outcome,
        arg_min(rank, (-epoch(finish), rank, -record)) AS episode_rank
    FROM numbered GROUP BY ALL
),
counted AS (  -- ending in the period, aged 18 or over at its end (or of unknown age), alive at its start
    SELECT ep.*, f.death,
        CASE WHEN f.birth_month IS NULL THEN 'Unknown'
             WHEN floor(date_diff('day', f.birth_month, ep.episode_end) / 365.25) >= 65 THEN '65 and above'
             ELSE '18 to 64' END AS band
    FROM episodes ep JOIN person_facts f USING (la_code, person)
    WHERE ep.episode_end BETWEEN $period_start AND $period_end
      AND (f.birth_month IS NULL OR floor(date_diff('day', f.birth_month, ep.episode_end) / 365.25) >= 18)
      AND (f.death IS NULL OR f.death >= ep.episode_start)
),
around AS (  -- every other event of the person, beside each episode
    SELECT c.la_code, c.person, c.episode, c.episode_start, c.episode_end, b.event_type, b.start, b.finish,
        b.service_type, b.component, b.outcome, b.rank, b.record
    FROM counted c JOIN base b USING (la_code, person)
    WHERE NOT (b.event_type = 'Service' AND b.service_type = 'Short term support: ST-Max'
               AND b.start BETWEEN c.episode_start AND c.episode_end)
),
new_clients AS (  -- no long-term support ending fewer than 91 days before the episode began (or still open)
    SELECT c.* FROM counted c
    WHERE NOT EXISTS (
        SELECT 1 FROM around a
        WHERE a.la_code = c.la_code AND a.person = c.person AND a.episode = c.episode
          AND a.service_type IN ('Long term support: Nursing care', 'Long term support: Residential care',
                                 'Long term support: Community', 'Long term support: Prison')
          AND a.start < c.episode_start AND date_diff('day', a.finish, c.episode_start) < 91
    )
),
window_events AS (  -- what began during the episode or within 7 days of its end and runs past its end
    SELECT a.*, dense_rank() OVER (PARTITION BY a.la_code, a.person, a.episode ORDER BY a.start) AS place
    FROM around a JOIN new_clients n USING (la_code, person, episode)
    WHERE a.start >= a.episode_start AND a.finish > a.episode_end AND date_diff('day', a.episode_end, a.start) <= 7
),
before_next_reablement AS (  -- nothing after another ST-Max found in the window is looked at
    SELECT w.* FROM window_events w
    WHERE w.place < coalesce((
        SELECT min(x.place) FROM window_events x
        WHERE x.la_code = w.la_code AND x.person = w.person AND x.episode = w.episode
          AND x.service_type = 'Short term support: ST-Max'), 1000000)
),
service_ranks(service_type, hierarchy) AS (VALUES
    ('Long term support: Nursing care', 1), ('Long term support: Residential care', 2),
    ('Long term support: Community', 3), ('Long term support: Prison', 4), ('Short term support: ST-Max', 5),
    ('Short term support: Ongoing low level', 6), ('Short term support: Other short term', 7)
),
next_service AS (  -- step 3: the best service that followed
    SELECT w.la_code, w.person, w.episode,
        arg_min(CASE WHEN w.service_type = 'Short term support: Other short term'
                          AND w.component IN ('short term residential care', 'short term nursing care')
                     THEN 'Short term support: Residential or nursing care' ELSE w.service_type END,
                (s.hierarchy, CASE WHEN w.component IN ('short term residential care', 'short term nursing care')
                                   THEN 1 ELSE 2 END)) AS followed
    FROM before_next_reablement w JOIN service_ranks s USING (service_type)
    WHERE w.event_type = 'Service'
    GROUP BY ALL
),
outcome_candidates AS (  -- step 4: the best usable outcome of the episode or the events around its end
    SELECT n.la_code, n.person, n.episode, n.episode_rank AS rank, 1 AS source
    FROM new_clients n
    WHERE n.episode_rank < 100
      AND (NOT EXISTS (SELECT 1 FROM before_next_reablement w
                       WHERE w.la_code = n.la_code AND w.person = n.person AND w.episode = n.episode)
           OR EXISTS (SELECT 1 FROM before_next_reablement w
                      WHERE w.la_code = n.la_code AND w.person = n.person AND w.episode = n.episode
                        AND w.event_type <> 'Service' AND w.outcome IS DISTINCT FROM 'NFA: Support ended as planned'))
    UNION ALL
    SELECT la_code, person, episode, rank, 2 FROM before_next_reablement  -- a request, assessment or review after
    WHERE event_type <> 'Service' AND rank < 100 AND outcome IS DISTINCT FROM 'NFA: Support ended as planned'
    UNION ALL
    SELECT la_code, person, episode, arg_min(rank, (-epoch(finish), rank, -record)), 3  -- one near its end
    FROM around
    WHERE event_type IN ('Assessment', 'Review') AND start >= episode_start AND finish > episode_start
      AND finish <= episode_end AND date_diff('day', finish, episode_end) < 14 AND rank < 100
    GROUP BY la_code, person, episode
),
best_outcome AS (
    SELECT la_code, person, episode, min(rank) AS rank, arg_min(source, (rank, source)) AS source
    FROM outcome_candidates GROUP BY ALL
),
equipment AS (  -- step 5: equipment given during the episode
    SELECT DISTINCT la_code, person, episode FROM around
    WHERE event_type = 'Service' AND component = 'equipment'
      AND start >= episode_start AND finish > episode_start AND finish <= episode_end
),
followed AS (
    SELECT n.person, n.band,
        CASE WHEN date_diff('day', n.episode_end, n.death) <= 7 THEN 'NFA: Deceased'
             WHEN n.episode_outcome = 'Admitted to hospital' THEN 'Admitted to hospital'
             WHEN s.followed IS NOT NULL THEN s.followed
             WHEN b.rank IS NOT NULL THEN r.outcome_name
             WHEN q.person IS NOT NULL THEN 'Short term support: Ongoing low level'
             ELSE coalesce(n.episode_outcome, '') END AS what_followed,
        CASE WHEN date_diff('day', n.episode_end, n.death) <= 7 THEN '1'
             WHEN n.episode_outcome = 'Admitted to hospital' THEN '2'
             WHEN s.followed IS NOT NULL THEN '3'
             WHEN b.rank IS NOT NULL THEN '4' || chr(96 + b.source)
             WHEN q.person IS NOT NULL THEN '5'
             ELSE '6' END AS step
    FROM new_clients n
    LEFT JOIN next_service s USING (la_code, person, episode)
    LEFT JOIN best_outcome b USING (la_code, person, episode)
    LEFT JOIN (SELECT min(name) AS outcome_name, rank FROM outcome_ranks GROUP BY rank) r ON r.rank = b.rank
    LEFT JOIN equipment q USING (la_code, person, episode)
)
SELECT person, band, what_followed, step,
    list_contains($long_term, what_followed) OR list_contains($no_long_term, what_followed) AS in_denominator,
    list_contains($no_long_term, what_followed) AS in_numerator
FROM followed
ORDER BY person, what_followed

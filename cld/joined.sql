-- The events of every submission in use as one history, as DHSC's "joined" main table builds it
-- (DataS-DHSC/ASC-CLD-LA-Dashboard, commit 69fe2e40740a642d397b86007f8404cd771cf841), written for DuckDB.
-- Reads `submitted` (every file's events with its file_order and row) and `chosen` (each quarter held:
-- quarter_start, quarter_end, the file_order of the latest submission covering it, and next_end, the
-- end of the following quarter when it is held too). Writes `events`: one record per event.
CREATE TABLE events AS
WITH died AS (  -- a date of death inside an event ends it there
    SELECT * REPLACE (
        CASE WHEN death IS NOT NULL AND (("end" IS NULL AND death >= start) OR death < "end") THEN death
             ELSE "end" END AS "end"
    )
    FROM submitted
    WHERE death IS NULL OR death >= start  -- died before the event began: not an event of theirs
),
in_quarter AS (  -- each quarter's events from its submission
    SELECT d.*, c.quarter_start, c.quarter_end, c.next_end
    FROM died d JOIN chosen c USING (file_order)
    WHERE CASE WHEN d.event_type = 'Service'
               THEN d.start <= c.quarter_end AND (d."end" IS NULL OR d."end" >= c.quarter_start)
               ELSE d."end" BETWEEN c.quarter_start AND c.quarter_end END
),
found_again AS (  -- open services the following quarter's submission holds again
    SELECT DISTINCT o.person, o.la_code, o.start, o.client_type, o.service_type, o.component, o.quarter_end
    FROM in_quarter o JOIN in_quarter n
      ON n.quarter_end = o.next_end
     AND n.event_type = 'Service' AND n.person = o.person AND n.la_code = o.la_code AND n.start = o.start
     AND n.client_type IS NOT DISTINCT FROM o.client_type
     AND n.service_type IS NOT DISTINCT FROM o.service_type
     AND n.component IS NOT DISTINCT FROM o.component
    WHERE o.event_type = 'Service' AND o."end" IS NULL AND o.next_end IS NOT NULL
),
carried AS (  -- an open service not found again in the following quarter ended at its quarter's end
    SELECT q.* REPLACE (
        CASE WHEN q.event_type = 'Service' AND q."end" IS NULL AND q.next_end IS NOT NULL AND f.person IS NULL
             THEN q.quarter_end ELSE q."end" END AS "end"
    )
    FROM in_quarter q LEFT JOIN found_again f
      ON f.quarter_end = q.quarter_end AND f.person = q.person AND f.la_code = q.la_code AND f.start = q.start
     AND f.client_type IS NOT DISTINCT FROM q.client_type
     AND f.service_type IS NOT DISTINCT FROM q.service_type
     AND f.component IS NOT DISTINCT FROM q.component
     AND q.event_type = 'Service'
)
SELECT * EXCLUDE (quarter_start, next_end)
FROM carried
-- one record per event (DHSC's unique-event key: person, type, start, client type and, for a service,
-- its type and component, else its end date): the latest quarter's, an open record before an ended one,
-- the latest row
QUALIFY row_number() OVER (
    PARTITION BY person, la_code, event_type, start, client_type,
        CASE WHEN event_type = 'Service' THEN service_type END,
        CASE WHEN event_type = 'Service' THEN component END,
        CASE WHEN event_type <> 'Service' THEN "end" END
    ORDER BY quarter_end DESC, ("end" IS NULL) DESC, file_order DESC, file_row DESC
) = 1

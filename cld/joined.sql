-- The events of every submission in use as one history, as DHSC's "joined" main table builds it
-- (DataS-DHSC/ASC-CLD-LA-Dashboard, commit 69fe2e40740a642d397b86007f8404cd771cf841), written for DuckDB.
-- Reads `submitted` (every file's events with its file_order and row) and `chosen` (each quarter held:
-- quarter_start, quarter_end, the file_order of the latest submission covering it, and next_end, the
-- end of the following quarter when it is held too), and `outcome_ranks` (DHSC's outcome hierarchy).
-- Writes `events`: one record per event.
CREATE TABLE events AS
WITH held AS (  -- each quarter held, with the start of the next quarter taken from the same file (or NULL)
    SELECT *, lead(quarter_start) OVER (PARTITION BY file_order ORDER BY quarter_start) AS later_start
    FROM chosen
),
died AS (  -- a date of death inside an event ends it there
    SELECT * REPLACE (
        CASE WHEN death IS NOT NULL AND (("end" IS NULL AND death >= start) OR death < "end") THEN death
             ELSE "end" END AS "end"
    )
    FROM submitted
    WHERE death IS NULL OR death >= start  -- died before the event began: not an event of theirs
),
in_quarter AS (
    -- each record in the latest of its file's quarters that it falls in: of a record's copies, that one
    -- would rank first (below, the latest quarter ranks first), so the earlier copies are never made
    SELECT d.*, h.quarter_end, h.next_end
    FROM died d JOIN held h USING (file_order)
    WHERE CASE WHEN d.event_type = 'Service'
               THEN d.start <= h.quarter_end AND (d."end" IS NULL OR d."end" >= h.quarter_start)
                    AND (h.later_start IS NULL OR d."end" < h.later_start)
               ELSE d."end" BETWEEN h.quarter_start AND h.quarter_end END
),
carried AS MATERIALIZED (
    -- An open service not found again in the following quarter's submission is ended at its quarter's
    -- end. Only the records of the latest quarter holding an event are kept (below), and such a record is,
    -- by that, not found again in the next quarter: so an open one is ended when the next quarter is held,
    -- and stays open in the latest quarter held.
    SELECT * EXCLUDE (next_end) REPLACE (
        CASE WHEN event_type = 'Service' AND "end" IS NULL AND next_end IS NOT NULL THEN quarter_end
             ELSE "end" END AS "end"
    )
    FROM in_quarter
),
kept AS (
    -- one record per event (DHSC's unique-event key: person, type, start, client type and, for a service,
    -- its type and component, else its end date), ranked as DHSC's GetUniqueEvents ranks them: the latest
    -- quarter's; an open record, else the latest end; the outcome highest in the hierarchy; then the latest
    -- file and row. (DHSC ranks a record with a conversation flag next; that field is not kept on arrival.)
    -- Worked out on the key and rank alone, and each record named by its file and row, which the step
    -- above makes unique: a sort of every whole record took twice as long.
    SELECT arg_max({'file': c.file_order, 'row': c.file_row}, {
            'quarter': c.quarter_end, 'open': c."end" IS NULL, 'end': coalesce(c."end", DATE '0001-01-01'),
            'outcome': -coalesce(r.rank, 99), 'file': c.file_order, 'row': c.file_row}) AS id
    FROM carried c LEFT JOIN outcome_ranks r ON r.outcome = lower(c.outcome)
    GROUP BY c.person, c.la_code, c.event_type, c.start, c.client_type,
        CASE WHEN c.event_type = 'Service' THEN c.service_type END,
        CASE WHEN c.event_type = 'Service' THEN c.component END,
        CASE WHEN c.event_type <> 'Service' THEN c."end" END
)
SELECT c.* FROM carried c SEMI JOIN kept k ON c.file_order = k.id.file AND c.file_row = k.id.row

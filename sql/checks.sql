-- Checks across reports, over the loaded warehouse: for one agency (agency_key), the canonical
-- report of year y against that of year y-1. Then each report's confidence from all its checks.
-- Runs inside the load transaction, after reports.sql, over the published values; the
-- corrections step (warehouse/corrections.py) runs the same checks over the effective values of
-- the pairs a correction touches. A pair of years without the cells to compare gets a failed
-- 'warning' row; an agency without last year's report gets no row.
-- cross_year_checks(effective): one row per report, check and the year before it (prev_id),
-- over the effective values (people's corrections applied) or the published ones.
CREATE OR REPLACE MACRO cross_year_checks(effective) AS TABLE
WITH canon AS (
    SELECT report_id, agency_key, report_year FROM reports WHERE is_canonical
),
pairs AS (
    SELECT cur.report_id, prev.report_id AS prev_id, prev.report_year AS prev_year
    FROM canon cur JOIN canon prev
      ON prev.agency_key = cur.agency_key AND prev.report_year = cur.report_year - 1
),
-- Row 2 (carried over from last year) of year y against row 4 (carried to next year) of y-1.
carry AS (
    SELECT p.report_id, p.prev_id, p.prev_year, a.applicant,
           if(effective, a.effective_value, a.value) AS carried_in,
           if(effective, b.effective_value, b.value) AS carried_out
    FROM pairs p
    LEFT JOIN fact_requests_effective a ON a.report_id = p.report_id AND a.row_code = '2'
    LEFT JOIN fact_requests_effective b
      ON b.report_id = p.prev_id AND b.row_code = '4' AND b.applicant = a.applicant
),
-- 现行有效 of year y = 现行有效 of y-1 + issued in y - repealed in y (2021 table 二 items).
counts AS (
    SELECT report_id, item,
           any_value(if(effective, effective_value, value)) FILTER (metric = 'in_force') AS in_force,
           any_value(if(effective, effective_value, value)) FILTER (metric = 'issued') AS issued,
           any_value(if(effective, effective_value, value)) FILTER (metric = 'repealed') AS repealed
    FROM fact_proactive_effective WHERE metric IN ('in_force', 'issued', 'repealed')
    GROUP BY ALL
),
force AS (
    SELECT p.report_id, p.prev_id, p.prev_year, c.item, c.in_force, pv.in_force + c.issued - c.repealed AS expected
    FROM pairs p
    JOIN counts c ON c.report_id = p.report_id
    -- One row-valued condition: inside the load transaction the new rows have no statistics, and
    -- written as two equalities DuckDB 2.0 planned a cross product of every report's items (1.9 s
    -- for 2,000 reports). Both columns are NOT NULL, so the result is the same.
    JOIN counts pv ON (pv.report_id, pv.item) = (p.prev_id, c.item)
),
compared AS (
    SELECT report_id, prev_id, 'cross-year carry-over: row 2 = last year''s row 4' AS check_name,
           count(*) FILTER (carried_in <> carried_out) AS bad,
           count(*) FILTER (carried_in IS NOT NULL AND carried_out IS NOT NULL) AS evaluable,
           string_agg(format('{}: row 2 = {} but {} row 4 = {}', applicant, carried_in, prev_year,
                             carried_out), '; ' ORDER BY applicant)
               FILTER (carried_in <> carried_out) AS why
    FROM carry GROUP BY ALL
    UNION ALL
    SELECT report_id, prev_id, 'cross-year in force = last year''s + issued - repealed',
           count(*) FILTER (in_force <> expected),
           count(*) FILTER (in_force IS NOT NULL AND expected IS NOT NULL),
           string_agg(format('{}: in force {} but {} in force + issued - repealed = {}', item,
                             in_force, prev_year, expected), '; ' ORDER BY item)
               FILTER (in_force <> expected)
    FROM force GROUP BY ALL
)
SELECT report_id, prev_id, check_name,
       bad = 0 AND evaluable > 0 AS passed,
       CASE WHEN bad > 0 THEN why
            WHEN evaluable = 0 THEN 'not evaluable: blank cells in one of the two years'
            ELSE format('{} comparisons hold', evaluable) END AS detail,
       CASE WHEN bad > 0 THEN 'error' WHEN evaluable = 0 THEN 'warning' END AS severity
FROM compared;

DELETE FROM check_results WHERE starts_with(check_name, 'cross-year');

-- Severity describes a failure only: a passing check has none (the parse rows carry one).
UPDATE check_results SET severity = NULL WHERE passed AND severity IS NOT NULL;

INSERT INTO check_results BY NAME
SELECT report_id, check_name, passed, detail, severity FROM cross_year_checks(false);


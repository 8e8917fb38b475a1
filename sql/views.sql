-- Analyst views over the loaded tables. Idempotent: CREATE OR REPLACE.

-- Table 三 outcomes across templates, canonical reports only. A report's outcome value is its own
-- row when it has one (3.1, 3.2, 3.6 of the 2019 template, 3.7) and otherwise the sum of the
-- group's sub-rows (3.3.x, 3.4.x, 3.5.x, 3.6.x); blank cells stay out of the sums.
CREATE OR REPLACE VIEW requests_by_outcome_region_year AS
WITH per_report AS (
    SELECT
        r.report_id, r.report_year, r.province, r.city, r.county, r.admin_code, d.outcome,
        coalesce(
            sum(f.value) FILTER (WHERE f.row_code = d.outcome),
            sum(f.value) FILTER (WHERE f.row_code <> d.outcome)
        ) AS requests
    FROM reports r
    JOIN fact_requests f USING (report_id)
    JOIN dim_row d USING (row_code)
    WHERE r.is_canonical AND f.applicant = 'total' AND d.outcome IS NOT NULL
    GROUP BY ALL
)
SELECT
    report_year, province, city, county, admin_code, outcome,
    sum(requests)::BIGINT AS requests,
    -- reports with a readable value; 0 (and requests NULL) where canonical reports exist but
    -- none has a readable total for the outcome
    count(requests) AS reports
FROM per_report
GROUP BY ALL;

-- A materialised copy for dashboards (no recomputation per query).
CREATE OR REPLACE TABLE mart_requests_by_outcome_region_year AS
SELECT * FROM requests_by_outcome_region_year
ORDER BY ALL;

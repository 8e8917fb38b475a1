-- Analyst views over the loaded tables. Idempotent: CREATE OR REPLACE.
-- Numbers come from the fact_*_effective views (sql/corrections.sql): effective_value is the
-- published value, or a person's correction of it where one applies.

-- Outcome value of a report's table 三 column, across templates: the group's own row where the
-- report has one (3.1, 3.2, 3.6 of 2019, 3.7), else the sum of its sub-rows; blanks stay out.
CREATE OR REPLACE VIEW canonical_outcomes AS
SELECT r.report_id, f.applicant, d.outcome,
       coalesce(sum(f.effective_value) FILTER (WHERE f.row_code = d.outcome),
                sum(f.effective_value) FILTER (WHERE f.row_code <> d.outcome)) AS requests
FROM reports r
JOIN fact_requests_effective f USING (report_id)
JOIN dim_row d USING (row_code)
WHERE r.is_canonical AND d.outcome IS NOT NULL
GROUP BY ALL;

-- The contract's view: table 三 outcomes of canonical reports per region and year.
CREATE OR REPLACE VIEW requests_by_outcome_region_year AS
SELECT
    r.report_year, r.province, r.city, r.county, r.admin_code, o.outcome,
    sum(o.requests)::BIGINT AS requests,
    -- reports with a readable value; 0 (and requests NULL) where canonical reports exist but
    -- none has a readable total for the outcome
    count(o.requests) AS reports
FROM reports r
JOIN canonical_outcomes o USING (report_id)
WHERE o.applicant = 'total'
GROUP BY ALL;

-- Region roll-ups: each canonical report counts at its own level and every level above it, by
-- the 行政区划代码 (PPCCDD: province PP0000, city PPCC00, county PPCCDD).
CREATE OR REPLACE VIEW requests_by_outcome_region_level AS
WITH levels AS (
    SELECT report_id, report_year, 'province' AS level, left(admin_code, 2) || '0000' AS region_code,
           province AS region FROM reports WHERE is_canonical AND admin_code IS NOT NULL
    UNION ALL
    SELECT report_id, report_year, 'city', left(admin_code, 4) || '00', city
    FROM reports WHERE is_canonical AND city IS NOT NULL AND substr(admin_code, 3, 2) <> '00'
    UNION ALL
    SELECT report_id, report_year, 'county', admin_code, county
    FROM reports WHERE is_canonical AND county IS NOT NULL AND right(admin_code, 2) <> '00'
)
SELECT l.report_year, l.level, l.region_code, any_value(l.region) AS region, o.outcome,
       sum(o.requests)::BIGINT AS requests, count(o.requests) AS reports
FROM levels l JOIN canonical_outcomes o USING (report_id)
WHERE o.applicant = 'total'
GROUP BY l.report_year, l.level, l.region_code, o.outcome;

-- Who asks: new applications (row 1) per applicant type, with labels.
CREATE OR REPLACE VIEW applicants_by_region_year AS
SELECT r.report_year, r.province, r.city, r.county, r.admin_code, f.applicant,
       a.label_zh, a.label_en, sum(f.effective_value)::BIGINT AS new_requests, count(f.effective_value) AS reports
FROM reports r
JOIN fact_requests_effective f USING (report_id)
JOIN dim_applicant a USING (applicant)
WHERE r.is_canonical AND f.row_code = '1'
GROUP BY ALL;

-- Why requests were refused (3.3.x 不予公开) or could not be answered (3.4.x 无法提供).
CREATE OR REPLACE VIEW refusal_reasons_by_region_year AS
SELECT r.report_year, r.province, d.outcome, f.row_code AS reason, d.label_zh, d.label_en,
       sum(f.effective_value)::BIGINT AS requests, count(f.effective_value) AS reports
FROM reports r
JOIN fact_requests_effective f USING (report_id)
JOIN dim_row d USING (row_code)
WHERE r.is_canonical AND f.applicant = 'total' AND d.outcome IN ('3.3', '3.4')
  AND f.row_code <> d.outcome
GROUP BY ALL;

-- Reconsideration and litigation: outcomes and the correction rate among decided cases
-- (corrected / (upheld + corrected + other)); NULL where nothing was decided.
CREATE OR REPLACE VIEW review_litigation_by_region_year AS
WITH wide AS (
    SELECT r.report_year, r.province, f.proceeding,
           sum(f.effective_value) FILTER (WHERE f.result = 'upheld') AS upheld,
           sum(f.effective_value) FILTER (WHERE f.result = 'corrected') AS corrected,
           sum(f.effective_value) FILTER (WHERE f.result = 'other') AS other,
           sum(f.effective_value) FILTER (WHERE f.result = 'pending') AS pending,
           sum(f.effective_value) FILTER (WHERE f.result = 'total') AS total,
           count(DISTINCT r.report_id) AS reports
    FROM reports r JOIN fact_review_litigation_effective f USING (report_id)
    WHERE r.is_canonical
    GROUP BY ALL
)
SELECT report_year, province, proceeding, upheld::BIGINT AS upheld,
       corrected::BIGINT AS corrected, other::BIGINT AS other, pending::BIGINT AS pending,
       total::BIGINT AS total,
       corrected / nullif(upheld + corrected + other, 0) AS correction_rate, reports
FROM wide;

-- Proactive disclosure (table 二) per item, metric and year; money in yuan.
CREATE OR REPLACE VIEW proactive_by_item_year AS
SELECT r.report_year, f.item, i.label_zh AS item_label_zh, i.label_en AS item_label_en, f.metric,
       m.label_zh AS metric_label_zh, m.unit, sum(f.effective_value) AS value, count(f.effective_value) AS reports
FROM reports r
JOIN fact_proactive_effective f USING (report_id)
JOIN dim_item i USING (item)
JOIN dim_metric m USING (metric)
WHERE r.is_canonical
GROUP BY ALL;

-- One row per agency and year (canonical report) with its headline numbers.
CREATE OR REPLACE VIEW agency_year_panel AS
WITH t3 AS (
    SELECT report_id,
           any_value(effective_value) FILTER (WHERE row_code = '1') AS new_requests,
           any_value(effective_value) FILTER (WHERE row_code = '2') AS carried_in,
           any_value(effective_value) FILTER (WHERE row_code = '3.7') AS handled,
           any_value(effective_value) FILTER (WHERE row_code = '3.1') AS granted,
           any_value(effective_value) FILTER (WHERE row_code = '3.2') AS partly_granted,
           any_value(effective_value) FILTER (WHERE row_code = '4') AS carried_out
    FROM fact_requests_effective WHERE applicant = 'total' GROUP BY 1
),
t4 AS (
    SELECT report_id,
           sum(effective_value) FILTER (WHERE proceeding = 'review' AND result = 'total') AS reviews,
           sum(effective_value) FILTER (WHERE proceeding <> 'review' AND result = 'total') AS lawsuits,
           sum(effective_value) FILTER (WHERE result = 'corrected') AS corrected
    FROM fact_review_litigation_effective GROUP BY 1
),
failed AS (
    SELECT report_id, count(*) AS failed_checks FROM check_results
    WHERE NOT passed AND severity IN ('error', 'warning') GROUP BY 1
)
SELECT r.agency_key, r.agency, r.province, r.city, r.county, r.admin_code, r.report_year,
       r.template, r.report_id, r.source_path, r.confidence,
       t3.new_requests, t3.carried_in, t3.handled, t3.granted, t3.partly_granted, t3.carried_out,
       t4.reviews::BIGINT AS reviews, t4.lawsuits::BIGINT AS lawsuits,
       t4.corrected::BIGINT AS corrected, coalesce(failed.failed_checks, 0) AS failed_checks
FROM reports r
LEFT JOIN t3 USING (report_id)
LEFT JOIN t4 USING (report_id)
LEFT JOIN failed USING (report_id)
WHERE r.is_canonical;

-- What the warehouse holds per province and year, and how far to trust it.
CREATE OR REPLACE VIEW coverage_by_region_year AS
SELECT report_year, province, count(*) AS files,
       count(*) FILTER (WHERE status = 'parsed') AS parsed,
       count(*) FILTER (WHERE status = 'partial') AS partial,
       count(*) FILTER (WHERE is_canonical) AS canonical_reports,
       count(*) FILTER (WHERE is_canonical AND confidence = 'high') AS high_confidence,
       count(*) FILTER (WHERE is_canonical AND confidence = 'medium') AS medium_confidence,
       count(*) FILTER (WHERE is_canonical AND confidence = 'low') AS low_confidence
FROM reports
GROUP BY ALL;

-- Quality at a glance: failed checks of canonical reports per region, year and check.
CREATE OR REPLACE VIEW failed_checks_by_region_year AS
SELECT r.report_year, r.province, r.city, r.county, c.check_name,
       count(*) FILTER (WHERE NOT c.passed AND c.severity = 'error') AS failed_error,
       count(*) FILTER (WHERE NOT c.passed AND c.severity = 'warning') AS not_evaluable,
       count(*) FILTER (WHERE NOT c.passed AND c.severity = 'info') AS nothing_to_compare,
       count(*) AS checked
FROM reports r JOIN check_results c USING (report_id)
WHERE r.is_canonical
GROUP BY ALL;

-- Materialised copies for dashboards (no recomputation per query), rebuilt by every run.
CREATE OR REPLACE TABLE mart_requests_by_outcome_region_year AS SELECT * FROM requests_by_outcome_region_year ORDER BY ALL;
CREATE OR REPLACE TABLE mart_requests_by_outcome_region_level AS SELECT * FROM requests_by_outcome_region_level ORDER BY ALL;
CREATE OR REPLACE TABLE mart_applicants_by_region_year AS SELECT * FROM applicants_by_region_year ORDER BY ALL;
CREATE OR REPLACE TABLE mart_refusal_reasons_by_region_year AS SELECT * FROM refusal_reasons_by_region_year ORDER BY ALL;
CREATE OR REPLACE TABLE mart_review_litigation_by_region_year AS SELECT * FROM review_litigation_by_region_year ORDER BY ALL;
CREATE OR REPLACE TABLE mart_proactive_by_item_year AS SELECT * FROM proactive_by_item_year ORDER BY ALL;
CREATE OR REPLACE TABLE mart_agency_year_panel AS SELECT * FROM agency_year_panel ORDER BY ALL;
CREATE OR REPLACE TABLE mart_coverage_by_region_year AS SELECT * FROM coverage_by_region_year ORDER BY ALL;
CREATE OR REPLACE TABLE mart_failed_checks_by_region_year AS SELECT * FROM failed_checks_by_region_year ORDER BY ALL;

COMMENT ON VIEW requests_by_outcome_region_year IS 'Contract view: table 三 outcome totals (3.1 … 3.7) of canonical reports per region and year.';
COMMENT ON VIEW canonical_outcomes IS 'Per canonical report and applicant column: the outcome groups 3.1 … 3.7 across templates.';
COMMENT ON VIEW requests_by_outcome_region_level IS 'Outcome totals rolled up to province, city and county by the admin code; a report counts at its level and above.';
COMMENT ON COLUMN requests_by_outcome_region_level.level IS 'province, city or county';
COMMENT ON COLUMN requests_by_outcome_region_level.region_code IS '6-digit code of the region at that level (PP0000, PPCC00, PPCCDD)';
COMMENT ON VIEW applicants_by_region_year IS 'Applicant mix: new applications (table 三 row 1) per applicant type, region and year.';
COMMENT ON VIEW refusal_reasons_by_region_year IS 'Reasons for non-disclosure (3.3.x) and for cannot-provide (3.4.x), totals per province and year.';
COMMENT ON VIEW review_litigation_by_region_year IS 'Table 四 per proceeding, province and year, with the correction rate.';
COMMENT ON COLUMN review_litigation_by_region_year.correction_rate IS 'corrected / (upheld + corrected + other): share of decided cases where the agency was corrected';
COMMENT ON VIEW proactive_by_item_year IS 'Table 二 per item, metric and year (money in yuan).';
COMMENT ON VIEW agency_year_panel IS 'One row per agency and year (canonical report) with headline numbers and confidence.';
COMMENT ON VIEW coverage_by_region_year IS 'Files, parsed and canonical reports and their confidence per province and year.';
COMMENT ON VIEW failed_checks_by_region_year IS 'Failed checks of canonical reports per region, year and check.';

-- Corrections and reviews (sql/corrections.sql) ------------------------------------------------

-- Every corrected cell with its report, the published and the corrected value, why and by whom.
CREATE OR REPLACE VIEW corrected_cells AS
WITH published AS (
    SELECT report_id, 'requests' AS table_name, row_code, applicant AS column_code,
           value::DOUBLE AS published_value FROM fact_requests_effective WHERE is_corrected
    UNION ALL
    SELECT report_id, 'review_litigation', proceeding, result, value::DOUBLE
    FROM fact_review_litigation_effective WHERE is_corrected
    UNION ALL
    SELECT report_id, 'proactive', item, metric, value FROM fact_proactive_effective WHERE is_corrected
)
SELECT r.report_year, r.province, r.agency, c.source_path, c.table_name, c.row_code,
       c.column_code, p.published_value, c.corrected_value,
       c.corrected_value - p.published_value AS difference, c.reason, c.who, c.corrected_on,
       c.file, c.line
FROM corrections c
JOIN published p USING (report_id, table_name, row_code, column_code)
JOIN (SELECT report_id, any_value(report_year) AS report_year, any_value(province) AS province,
             any_value(agency) AS agency FROM reports GROUP BY 1) r USING (report_id);

-- Failed checks of canonical reports after corrections: open (nobody looked) against reviewed.
CREATE OR REPLACE VIEW check_reviews_by_region_year AS
SELECT r.report_year, r.province, s.check_name,
       count(*) FILTER (WHERE s.state = 'open' AND s.severity = 'error') AS open_error,
       count(*) FILTER (WHERE s.state = 'open' AND s.severity = 'warning') AS open_warning,
       count(*) FILTER (WHERE s.state = 'reviewed') AS reviewed,
       count(*) FILTER (WHERE s.passed AND NOT s.published_passed) AS fixed_by_correction
FROM reports r JOIN check_status s USING (report_id)
WHERE r.is_canonical AND NOT (s.passed AND s.published_passed) AND s.severity <> 'info'
GROUP BY ALL;

CREATE OR REPLACE TABLE mart_corrected_cells AS SELECT * FROM corrected_cells ORDER BY ALL;
CREATE OR REPLACE TABLE mart_check_reviews_by_region_year AS SELECT * FROM check_reviews_by_region_year ORDER BY ALL;

COMMENT ON VIEW corrected_cells IS 'Every cell a correction applies to: published and corrected value, their difference, why, who and when, and where it was written.';
COMMENT ON COLUMN corrected_cells.difference IS 'corrected_value - published_value: what the correction adds to a sum (NULL where the published cell is blank)';
COMMENT ON VIEW check_reviews_by_region_year IS 'Failed checks of canonical reports per province, year and check after corrections: open against reviewed, and those a correction fixed.';
COMMENT ON COLUMN check_reviews_by_region_year.fixed_by_correction IS 'failed as published, passes over the corrected values';

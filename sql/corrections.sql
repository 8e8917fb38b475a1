-- Corrections and check reviews: what people recorded about the published numbers, kept apart
-- from them (warehouse/corrections.py loads them from data/corrections/*.csv on every run).
-- Idempotent: run with the schema before every write, followed by effective.sql for each fact.

CREATE TABLE IF NOT EXISTS corrections (
    report_id       VARCHAR NOT NULL,
    source_path     VARCHAR,
    table_name      VARCHAR NOT NULL,  -- requests (三), review_litigation (四), proactive (二)
    row_code        VARCHAR NOT NULL,
    column_code     VARCHAR NOT NULL,
    corrected_value DOUBLE NOT NULL,
    reason          VARCHAR NOT NULL,
    who             VARCHAR NOT NULL,
    corrected_on    VARCHAR NOT NULL,
    file            VARCHAR NOT NULL,
    line            INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS check_reviews (
    report_id   VARCHAR NOT NULL,
    source_path VARCHAR,
    check_name  VARCHAR NOT NULL,
    verdict     VARCHAR NOT NULL,      -- confirmed | parser_error
    reason      VARCHAR NOT NULL,
    who         VARCHAR NOT NULL,
    reviewed_on VARCHAR NOT NULL,
    file        VARCHAR NOT NULL,
    line        INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS correction_issues (
    file    VARCHAR NOT NULL,
    line    INTEGER NOT NULL,
    kind    VARCHAR NOT NULL,
    message VARCHAR NOT NULL
);

-- The value checks of parsers.identities again, over the effective values of each corrected report.
CREATE TABLE IF NOT EXISTS corrected_check_results (
    report_id  VARCHAR NOT NULL,
    check_name VARCHAR NOT NULL,
    passed     BOOLEAN NOT NULL,
    detail     VARCHAR,
    severity   VARCHAR
);

ALTER TABLE build_info ADD COLUMN IF NOT EXISTS corrections_digest VARCHAR;

-- Each check of each report as it stands after corrections and reviews.
CREATE OR REPLACE VIEW check_status AS
SELECT c.report_id, c.check_name,
       coalesce(e.passed, c.passed) AS passed,
       coalesce(e.detail, c.detail) AS detail,
       coalesce(e.severity, c.severity) AS severity,
       c.passed AS published_passed,
       e.report_id IS NOT NULL AS rechecked,
       v.verdict AS review_verdict, v.reason AS review_reason, v.who AS reviewed_by,
       CASE WHEN coalesce(e.passed, c.passed) THEN 'passed'
            WHEN v.verdict IS NOT NULL THEN 'reviewed'
            ELSE 'open' END AS state
FROM check_results c
LEFT JOIN corrected_check_results e USING (report_id, check_name)
LEFT JOIN check_reviews v USING (report_id, check_name);

COMMENT ON TABLE corrections IS 'Cell corrections from data/corrections/corrections*.csv that apply (valid, for a report whose bytes are in the warehouse); the published value stays in the fact table.';
COMMENT ON COLUMN corrections.report_id IS 'sha256 of the corrected file''s bytes: a file that changed no longer matches (stale, see correction_issues)';
COMMENT ON COLUMN corrections.source_path IS 'the file''s path when the correction was written, for people';
COMMENT ON COLUMN corrections.table_name IS 'requests (table 三), review_litigation (四) or proactive (二)';
COMMENT ON COLUMN corrections.row_code IS 'row_code, proceeding or item of the cell';
COMMENT ON COLUMN corrections.column_code IS 'applicant, result or metric of the cell';
COMMENT ON COLUMN corrections.corrected_value IS 'the value the cell should have (money in yuan)';
COMMENT ON COLUMN corrections.reason IS 'why, e.g. confirmed with the agency, misread by the parser';
COMMENT ON COLUMN corrections.who IS 'who recorded it';
COMMENT ON COLUMN corrections.corrected_on IS 'when it was recorded (ISO date)';
COMMENT ON COLUMN corrections.file IS 'the corrections file, relative to the corrections folder';
COMMENT ON COLUMN corrections.line IS 'its line in that file';
COMMENT ON TABLE check_reviews IS 'Reviews of failed checks from data/corrections/reviews*.csv: a reviewed failure is not open.';
COMMENT ON COLUMN check_reviews.verdict IS 'confirmed (the report printed it so) or parser_error (see the report''s corrections)';
COMMENT ON COLUMN check_reviews.reviewed_on IS 'when it was reviewed (ISO date)';
COMMENT ON TABLE correction_issues IS 'Rows of the corrections and reviews files that were not applied, and why (unknown report, stale, unknown cell or check, not a number, duplicate, ...).';
COMMENT ON COLUMN correction_issues.kind IS 'unknown_report, stale, unknown_cell, not_a_number, duplicate, unknown_check, not_failed, incomplete or bad_file';
COMMENT ON COLUMN correction_issues.message IS 'what is wrong and what to do, for the person who wrote the row';
COMMENT ON TABLE corrected_check_results IS 'The value checks (table 三/四 identities, whole counts) of each corrected report again, over its effective values, and the checks across years of each pair of years where either report is corrected.';
COMMENT ON COLUMN build_info.corrections_digest IS 'fingerprint of the corrections files applied since the tables were last loaded; NULL: to apply';
COMMENT ON VIEW check_status IS 'Every check of every report after corrections (corrected reports re-checked) and reviews: state passed, reviewed or open.';
COMMENT ON COLUMN check_status.passed IS 'over the effective values (as published when the report has no correction)';
COMMENT ON COLUMN check_status.published_passed IS 'over the published values (check_results.passed)';
COMMENT ON COLUMN check_status.rechecked IS 'the report has corrections and this check was run again over its effective values';
COMMENT ON COLUMN check_status.state IS 'passed; reviewed (failed, and a person recorded a verdict); open (failed, nobody reviewed it)';
COMMENT ON COLUMN check_status.review_verdict IS 'confirmed (printed so, checked by a person) or parser_error (see the correction); NULL when not reviewed';
COMMENT ON COLUMN check_status.review_reason IS 'why the reviewer decided so';
COMMENT ON COLUMN check_status.reviewed_by IS 'who reviewed the check';

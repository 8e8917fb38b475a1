-- Each report's confidence from all its checks as they stand after people's corrections
-- (check_status.passed: over the effective values of a corrected report; a failure a reviewer
-- confirmed as printed still counts: the numbers used do contradict). Run by the load after the
-- checks, and by the corrections step after it re-checks corrected reports.
-- high: every check passed (a check with nothing to compare, severity 'info', does not count);
-- medium: some check could not be evaluated, or the agency, region or year is unknown, or the
--   numbers were read by OCR (source_format pdf-ocr or image, or a cell whose source_where says
--   ocr: a Word file's or a web page's pictures; ogi itself may have misread a cell the
--   identities cannot test, such as table 二's);
-- low: the numbers contradict each other, or tables are missing. NULL when no report was read.
UPDATE reports SET confidence = CASE
    WHEN status NOT IN ('parsed', 'partial') THEN NULL
    WHEN status <> 'parsed' OR q.errors > 0 THEN 'low'
    WHEN q.warnings > 0 OR agency IS NULL OR admin_code IS NULL OR report_year IS NULL
         OR source_format IN ('pdf-ocr', 'image')
         OR reports.report_id IN (
             SELECT report_id FROM fact_requests WHERE source_where LIKE '% ocr %'
             UNION SELECT report_id FROM fact_review_litigation WHERE source_where LIKE '% ocr %'
             UNION SELECT report_id FROM fact_proactive WHERE source_where LIKE '% ocr %'
         ) THEN 'medium'
    ELSE 'high' END
FROM (
    SELECT r.report_id,
           count(c.check_name) FILTER (NOT c.passed AND c.severity = 'error') AS errors,
           count(c.check_name) FILTER (NOT c.passed AND c.severity = 'warning') AS warnings
    FROM (SELECT DISTINCT report_id FROM reports WHERE report_id IS NOT NULL) r
    LEFT JOIN check_status c USING (report_id)
    GROUP BY ALL
) q
WHERE q.report_id = reports.report_id;

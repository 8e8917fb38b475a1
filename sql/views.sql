-- Analyst views over the loaded tables. Idempotent: CREATE OR REPLACE.
--
-- What every number covers (the semantics the tests in tests/test_views.py hold):
-- * Only canonical reports count (reports.is_canonical): one report per agency and year.
-- * A cell's value in a view is its *effective* value: as published, or, where the published
--   cell is blank and the statutory identities determine it (e.g. a blank 总计 whose six
--   applicant cells are all filled), the derived value (fact_*.derived_value). Derived numbers are
--   counted apart (`derived_reports`, `derived_cells`) so an analyst can exclude them.
-- * Where a person recorded a correction (data/corrections/, sql/corrections.sql), the corrected
--   value replaces the published one: the cells read the fact_*_effective views, whose
--   `value` stays as published and `effective_value` is the corrected or published value. The
--   *_cells views below are the one place where these choices are made.
-- * A blank that no identity determines stays NULL and the report is left out of that number;
--   `reports` beside a sum says how many reports it covers. An outcome group made of sub-rows
--   (3.3 = 3.3.1 … 3.3.8) is known only when every sub-row is.
-- * A rate is computed over the reports where both its numerator and its denominator are known,
--   and the count of those reports stands beside it (`*_reports`); 0/0 is NULL, never NaN.
-- * Counts are BIGINT; money (table 二) is DOUBLE, in yuan.

-- Table 三 cells of canonical reports with their effective value.
CREATE OR REPLACE VIEW requests_cells AS
SELECT f.report_id, f.row_code, f.applicant,
       coalesce(f.effective_value, f.derived_value) AS value,
       f.effective_value IS NULL AND f.derived_value IS NOT NULL AS derived,
       f.is_corrected AS corrected
FROM fact_requests_effective f
JOIN reports r USING (report_id)
WHERE r.is_canonical;

-- Table 四 cells of canonical reports with their effective value.
CREATE OR REPLACE VIEW review_litigation_cells AS
SELECT f.report_id, f.proceeding, f.result,
       coalesce(f.effective_value, f.derived_value) AS value,
       f.effective_value IS NULL AND f.derived_value IS NOT NULL AS derived,
       f.is_corrected AS corrected
FROM fact_review_litigation_effective f
JOIN reports r USING (report_id)
WHERE r.is_canonical;

-- Outcome value of a canonical report's table 三 column, across templates: the group's own row
-- where the report has it readable (3.1, 3.2, 3.6 of 2019, 3.7), else the sum of its sub-rows
-- when every sub-row is known; NULL otherwise.
CREATE OR REPLACE VIEW canonical_outcomes AS
WITH parts AS (
    SELECT c.report_id, c.applicant, d.outcome,
           any_value(c.value) FILTER (c.row_code = d.outcome) AS own,
           any_value(c.derived) FILTER (c.row_code = d.outcome) AS own_derived,
           count(*) FILTER (c.row_code <> d.outcome) AS subs,
           count(c.value) FILTER (c.row_code <> d.outcome) AS subs_known,
           sum(c.value) FILTER (c.row_code <> d.outcome) AS subs_sum,
           bool_or(c.derived) FILTER (c.row_code <> d.outcome) AS subs_derived
    FROM requests_cells c
    JOIN dim_row d USING (row_code)
    WHERE d.outcome IS NOT NULL
    GROUP BY ALL
)
SELECT report_id, applicant, outcome,
       CASE WHEN own IS NOT NULL THEN own
            WHEN subs > 0 AND subs_known = subs THEN subs_sum::BIGINT END AS requests,
       CASE WHEN own IS NOT NULL THEN own_derived
            WHEN subs > 0 AND subs_known = subs THEN subs_derived END AS derived
FROM parts;

-- Each outcome (总计 column) of a canonical report beside the requests it handled (3.7).
CREATE OR REPLACE VIEW outcomes_with_handled AS
SELECT o.report_id, o.outcome, o.requests, o.derived, h.requests AS handled
FROM canonical_outcomes o
LEFT JOIN canonical_outcomes h
  ON h.report_id = o.report_id AND h.applicant = o.applicant AND h.outcome = '3.7'
WHERE o.applicant = 'total';

-- The contract's view: table 三 outcomes (总计 column) of canonical reports per region and year,
-- with each outcome's share of the requests handled (3.7) over the reports that have both.
CREATE OR REPLACE VIEW requests_by_outcome_region_year AS
SELECT
    r.report_year, r.province, r.city, r.county, r.admin_code, o.outcome,
    sum(o.requests)::BIGINT AS requests,
    count(o.requests) AS reports,
    count(o.requests) FILTER (o.derived) AS derived_reports,
    coalesce(sum(o.requests) FILTER (o.derived), 0)::BIGINT AS derived_requests,
    (sum(o.requests) FILTER (o.handled IS NOT NULL)
        / nullif(sum(o.handled) FILTER (o.requests IS NOT NULL), 0))::DOUBLE AS share_of_handled,
    count(*) FILTER (o.requests IS NOT NULL AND o.handled IS NOT NULL) AS share_reports
FROM reports r
JOIN outcomes_with_handled o USING (report_id)
WHERE r.is_canonical
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
       sum(o.requests)::BIGINT AS requests, count(o.requests) AS reports,
       count(o.requests) FILTER (o.derived) AS derived_reports,
       coalesce(sum(o.requests) FILTER (o.derived), 0)::BIGINT AS derived_requests,
       (sum(o.requests) FILTER (o.handled IS NOT NULL)
           / nullif(sum(o.handled) FILTER (o.requests IS NOT NULL), 0))::DOUBLE AS share_of_handled,
       count(*) FILTER (o.requests IS NOT NULL AND o.handled IS NOT NULL) AS share_reports
FROM levels l JOIN outcomes_with_handled o USING (report_id)
GROUP BY l.report_year, l.level, l.region_code, o.outcome;

-- Who asks: new applications (row 1) per applicant type, with labels. The six applicant types
-- only: the 总计 column is not a seventh type (a sum over this view would count it twice); the
-- total is agency_year_panel.new_requests.
CREATE OR REPLACE VIEW applicants_by_region_year AS
SELECT r.report_year, r.province, r.city, r.county, r.admin_code, c.applicant,
       a.label_zh, a.label_en, sum(c.value)::BIGINT AS new_requests, count(c.value) AS reports,
       count(c.value) FILTER (c.derived) AS derived_reports
FROM reports r
JOIN requests_cells c USING (report_id)
JOIN dim_applicant a USING (applicant)
WHERE r.is_canonical AND c.row_code = '1' AND c.applicant <> 'total'
GROUP BY ALL;

-- Why requests were refused (3.3.x 不予公开) or could not be answered (3.4.x 无法提供).
CREATE OR REPLACE VIEW refusal_reasons_by_region_year AS
SELECT r.report_year, r.province, d.outcome, c.row_code AS reason, d.label_zh, d.label_en,
       sum(c.value)::BIGINT AS requests, count(c.value) AS reports,
       count(c.value) FILTER (c.derived) AS derived_reports
FROM reports r
JOIN requests_cells c USING (report_id)
JOIN dim_row d USING (row_code)
WHERE r.is_canonical AND c.applicant = 'total' AND d.outcome IN ('3.3', '3.4')
  AND c.row_code <> d.outcome
GROUP BY ALL;

-- Table 四 of one canonical report per proceeding, one column per result.
CREATE OR REPLACE VIEW review_litigation_by_report AS
SELECT report_id, proceeding,
       any_value(value) FILTER (result = 'upheld') AS upheld,
       any_value(value) FILTER (result = 'corrected') AS corrected,
       any_value(value) FILTER (result = 'other') AS other,
       any_value(value) FILTER (result = 'pending') AS pending,
       any_value(value) FILTER (result = 'total') AS total,
       count(*) FILTER (derived) AS derived_cells
FROM review_litigation_cells
GROUP BY ALL;

-- Reconsideration and litigation per region and year: each result summed over the reports
-- where it is known, and the correction rate corrected / (upheld + corrected + other) over the
-- reports where all three are known (rate_reports; its parts rate_corrected and rate_decided
-- add up across rows, so a coarser rate is sum(rate_corrected) / sum(rate_decided)); NULL where
-- nothing was decided.
CREATE OR REPLACE VIEW review_litigation_by_region_year AS
SELECT r.report_year, r.province, r.city, r.county, r.admin_code, b.proceeding,
       sum(b.upheld)::BIGINT AS upheld, sum(b.corrected)::BIGINT AS corrected,
       sum(b.other)::BIGINT AS other, sum(b.pending)::BIGINT AS pending,
       sum(b.total)::BIGINT AS total,
       (sum(b.corrected) FILTER (b.upheld + b.corrected + b.other IS NOT NULL)
           / nullif(sum(b.upheld + b.corrected + b.other), 0))::DOUBLE AS correction_rate,
       coalesce(sum(b.corrected) FILTER (b.upheld + b.corrected + b.other IS NOT NULL), 0)::BIGINT
           AS rate_corrected,
       coalesce(sum(b.upheld + b.corrected + b.other), 0)::BIGINT AS rate_decided,
       count(b.upheld + b.corrected + b.other) AS rate_reports,
       count(*) AS reports,
       sum(b.derived_cells)::BIGINT AS derived_cells
FROM reports r
JOIN review_litigation_by_report b USING (report_id)
WHERE r.is_canonical
GROUP BY ALL;

-- Proactive disclosure (table 二) per item, metric and year; money in yuan.
CREATE OR REPLACE VIEW proactive_by_item_year AS
SELECT r.report_year, f.item, i.label_zh AS item_label_zh, i.label_en AS item_label_en, f.metric,
       m.label_zh AS metric_label_zh, m.unit, sum(f.effective_value) AS value,
       count(f.effective_value) AS reports
FROM reports r
JOIN fact_proactive_effective f USING (report_id)
JOIN dim_item i USING (item)
JOIN dim_metric m USING (metric)
WHERE r.is_canonical
GROUP BY ALL;

-- One row per agency and year (canonical report) with its headline numbers (总计 column).
CREATE OR REPLACE VIEW agency_year_panel AS
WITH t3 AS (
    SELECT report_id,
           any_value(value) FILTER (row_code = '1') AS new_requests,
           any_value(value) FILTER (row_code = '2') AS carried_in,
           any_value(value) FILTER (row_code = '3.1') AS granted,
           any_value(value) FILTER (row_code = '3.2') AS partly_granted,
           any_value(value) FILTER (row_code = '4') AS carried_out,
           count(*) FILTER (derived) AS derived_cells
    FROM requests_cells WHERE applicant = 'total' GROUP BY 1
),
groups AS (
    SELECT report_id,
           any_value(requests) FILTER (outcome = '3.3') AS refused,
           any_value(requests) FILTER (outcome = '3.7') AS handled
    FROM canonical_outcomes WHERE applicant = 'total' GROUP BY 1
),
-- a sum over proceedings is known only when every one of its terms is
t4 AS (
    SELECT report_id,
           any_value(total) FILTER (proceeding = 'review') AS reviews,
           CASE WHEN count(total) FILTER (proceeding <> 'review')
                     = count(*) FILTER (proceeding <> 'review')
                THEN sum(total) FILTER (proceeding <> 'review') END AS lawsuits,
           CASE WHEN count(corrected) = count(*) THEN sum(corrected) END AS corrected,
           sum(derived_cells) AS derived_cells
    FROM review_litigation_by_report GROUP BY 1
),
-- documents issued: regulations and normative documents, 本年新公开 (2019) or 本年制发 (2021)
t2 AS (
    SELECT report_id,
           CASE WHEN count(effective_value) FILTER (item IN ('regulations', 'normative_documents')
                                          AND metric IN ('new_published', 'issued'))
                     = count(*) FILTER (item IN ('regulations', 'normative_documents')
                                        AND metric IN ('new_published', 'issued'))
                THEN sum(effective_value) FILTER (item IN ('regulations', 'normative_documents')
                                        AND metric IN ('new_published', 'issued')) END
               AS documents_issued,
           any_value(effective_value) FILTER (item = 'licensing' AND metric = 'decisions') AS licensing_decisions,
           any_value(effective_value) FILTER (item = 'penalties' AND metric = 'decisions') AS penalty_decisions
    FROM fact_proactive_effective GROUP BY 1
),
failed AS (
    SELECT report_id, count(*) AS failed_checks FROM check_results
    WHERE NOT passed AND severity IN ('error', 'warning') GROUP BY 1
)
SELECT r.agency_key, r.agency, r.province, r.city, r.county, r.admin_code, r.report_year,
       r.template, r.report_id, r.source_path, r.confidence,
       t3.new_requests, t3.carried_in, groups.handled, t3.granted, t3.partly_granted,
       groups.refused, t3.carried_out,
       t4.reviews, t4.lawsuits::BIGINT AS lawsuits, t4.corrected::BIGINT AS corrected,
       t2.documents_issued::BIGINT AS documents_issued,
       t2.licensing_decisions::BIGINT AS licensing_decisions,
       t2.penalty_decisions::BIGINT AS penalty_decisions,
       (coalesce(t3.derived_cells, 0) + coalesce(t4.derived_cells, 0))::BIGINT AS derived_cells,
       coalesce(failed.failed_checks, 0) AS failed_checks
FROM reports r
LEFT JOIN t3 USING (report_id)
LEFT JOIN groups USING (report_id)
LEFT JOIN t4 USING (report_id)
LEFT JOIN t2 USING (report_id)
LEFT JOIN failed USING (report_id)
WHERE r.is_canonical;

-- Year over year: each agency's key figures in one year against its previous year (one row per
-- agency, year and figure). previous_value is NULL when the agency has no canonical report for
-- the year before, or the figure is blank there; delta is NULL unless both years are known.
CREATE OR REPLACE VIEW agency_year_over_year AS
WITH figures (figure, label_zh, label_en, sort_order) AS (
    VALUES ('new_requests', '本年新收申请', 'new requests', 1),
           ('handled', '办理总数', 'requests handled (3.7)', 2),
           ('granted', '予以公开', 'granted (3.1)', 3),
           ('partly_granted', '部分公开', 'partly granted (3.2)', 4),
           ('refused', '不予公开', 'not disclosed (3.3)', 5),
           ('carried_out', '结转下年度', 'carried to next year (4)', 6),
           ('reviews', '行政复议', 'reconsiderations', 7),
           ('lawsuits', '行政诉讼', 'lawsuits', 8),
           ('corrected', '结果纠正', 'corrected (reconsideration and litigation)', 9),
           ('documents_issued', '新公开/制发规章和规范性文件', 'regulations and normative documents issued', 10),
           ('licensing_decisions', '行政许可处理决定', 'licensing decisions', 11),
           ('penalty_decisions', '行政处罚处理决定', 'penalty decisions', 12)
),
panel AS (
    SELECT agency_key, agency, province, city, county, admin_code, report_year, new_requests,
           handled, granted, partly_granted, refused, carried_out, reviews, lawsuits, corrected,
           documents_issued, licensing_decisions, penalty_decisions
    FROM agency_year_panel WHERE agency_key IS NOT NULL
),
long AS (
    SELECT * FROM panel UNPIVOT INCLUDE NULLS (value FOR figure IN (
        new_requests, handled, granted, partly_granted, refused, carried_out, reviews, lawsuits,
        corrected, documents_issued, licensing_decisions, penalty_decisions))
)
SELECT cur.agency_key, cur.agency, cur.province, cur.city, cur.county, cur.admin_code,
       cur.report_year, prev.report_year AS previous_year, cur.figure, f.label_zh, f.label_en,
       f.sort_order, cur.value, prev.value AS previous_value, cur.value - prev.value AS delta
FROM long cur
JOIN figures f USING (figure)
LEFT JOIN long prev
  ON prev.agency_key = cur.agency_key AND prev.figure = cur.figure
 AND prev.report_year = cur.report_year - 1;

-- What the warehouse holds per region and year, and how far to trust it.
CREATE OR REPLACE VIEW coverage_by_region_year AS
SELECT report_year, province, city, county, count(*) AS files,
       count(*) FILTER (WHERE status = 'parsed') AS parsed,
       count(*) FILTER (WHERE status = 'partial') AS partial,
       count(*) FILTER (WHERE is_canonical) AS canonical_reports,
       count(*) FILTER (WHERE is_canonical AND confidence = 'high') AS high_confidence,
       count(*) FILTER (WHERE is_canonical AND confidence = 'medium') AS medium_confidence,
       count(*) FILTER (WHERE is_canonical AND confidence = 'low') AS low_confidence
FROM reports
GROUP BY ALL;

-- Labels of the outcome groups 3.1 … 3.7, from dim_row: the group's own row, else its first
-- sub-row's label up to the reason (（三）不予公开 1.属于国家秘密 → （三）不予公开).
CREATE OR REPLACE VIEW dim_outcome AS
SELECT outcome,
       regexp_extract(first(label_zh ORDER BY sort_order), '^（[一二三四五六七]）[^（ ]+')
           AS label_zh,
       split_part(first(label_en ORDER BY sort_order), ':', 1) AS label_en,
       min(sort_order) AS sort_order
FROM dim_row WHERE outcome IS NOT NULL
GROUP BY outcome;

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
CREATE OR REPLACE TABLE mart_agency_year_over_year AS SELECT * FROM agency_year_over_year ORDER BY ALL;
CREATE OR REPLACE TABLE mart_coverage_by_region_year AS SELECT * FROM coverage_by_region_year ORDER BY ALL;
CREATE OR REPLACE TABLE mart_failed_checks_by_region_year AS SELECT * FROM failed_checks_by_region_year ORDER BY ALL;

-- The data dictionary is generated from these comments (a view column without one takes the
-- meaning of the same-named column of a table, then of an earlier view).
COMMENT ON VIEW requests_cells IS 'Table 三 cells of canonical reports with the value every view counts: as published, or derived by an identity where the published cell is blank.';
COMMENT ON COLUMN requests_cells.value IS 'effective value: a correction where one applies, else fact_requests.value, else derived_value; NULL when none is known';
COMMENT ON COLUMN requests_cells.derived IS 'TRUE when value is derived by an identity (the published cell is blank)';
COMMENT ON COLUMN requests_cells.corrected IS 'TRUE when value is a person''s correction (data/corrections/), not what the document printed';
COMMENT ON VIEW review_litigation_cells IS 'Table 四 cells of canonical reports with their effective value (as requests_cells).';
COMMENT ON VIEW canonical_outcomes IS 'Per canonical report and applicant column: the outcome groups 3.1 … 3.7 across templates (a group of sub-rows is known only when every sub-row is).';
COMMENT ON COLUMN canonical_outcomes.outcome IS 'outcome group: 3.1 … 3.6, 3.7 (total handled), as in codes.md';
COMMENT ON COLUMN canonical_outcomes.requests IS 'requests with that outcome: the group''s own row, else the sum of its sub-rows when all are known; NULL otherwise';
COMMENT ON COLUMN canonical_outcomes.derived IS 'TRUE when requests uses a derived cell';
COMMENT ON VIEW outcomes_with_handled IS 'Per canonical report: each outcome of the 总计 column beside the requests handled (3.7), for shares.';
COMMENT ON COLUMN outcomes_with_handled.handled IS 'requests handled (3.7) of the same report; NULL when unknown';
COMMENT ON VIEW requests_by_outcome_region_year IS 'Contract view: table 三 outcome totals (3.1 … 3.7, 总计 column) of canonical reports per region and year.';
COMMENT ON COLUMN requests_by_outcome_region_year.requests IS 'sum over the reports where the outcome is known (see reports); NULL when none is';
COMMENT ON COLUMN requests_by_outcome_region_year.reports IS 'canonical reports whose value is summed in requests';
COMMENT ON COLUMN requests_by_outcome_region_year.derived_reports IS 'of those reports, how many contribute a derived number (a blank total an identity determines)';
COMMENT ON COLUMN requests_by_outcome_region_year.derived_requests IS 'the part of requests that comes from derived numbers (subtract it to count published numbers only)';
COMMENT ON COLUMN requests_by_outcome_region_year.share_of_handled IS 'requests / handled (3.7), both summed over the reports where both are known (share_reports); NULL when that is 0/0';
COMMENT ON COLUMN requests_by_outcome_region_year.share_reports IS 'reports over which share_of_handled is computed';
COMMENT ON VIEW requests_by_outcome_region_level IS 'Outcome totals rolled up to province, city and county by the admin code; a report counts at its level and above.';
COMMENT ON COLUMN requests_by_outcome_region_level.level IS 'province, city or county';
COMMENT ON COLUMN requests_by_outcome_region_level.region_code IS '6-digit code of the region at that level (PP0000, PPCC00, PPCCDD)';
COMMENT ON COLUMN requests_by_outcome_region_level.region IS 'name of the region at that level';
COMMENT ON VIEW applicants_by_region_year IS 'Applicant mix: new applications (table 三 row 1) per applicant type (the six types; no 总计 row), region and year.';
COMMENT ON COLUMN applicants_by_region_year.label_zh IS 'Chinese label of the applicant type (dim_applicant)';
COMMENT ON COLUMN applicants_by_region_year.label_en IS 'English label of the applicant type (dim_applicant)';
COMMENT ON COLUMN applicants_by_region_year.new_requests IS 'new applications (row 1) of that applicant type, over reports where known';
COMMENT ON VIEW refusal_reasons_by_region_year IS 'Reasons for non-disclosure (3.3.x) and for cannot-provide (3.4.x), totals per province and year.';
COMMENT ON COLUMN refusal_reasons_by_region_year.reason IS 'row_code of the reason (3.3.1 … 3.4.3)';
COMMENT ON COLUMN refusal_reasons_by_region_year.label_zh IS 'Chinese label of the reason (dim_row)';
COMMENT ON COLUMN refusal_reasons_by_region_year.label_en IS 'English label of the reason (dim_row)';
COMMENT ON VIEW review_litigation_by_report IS 'Table 四 of one canonical report per proceeding, one column per result (effective values).';
COMMENT ON COLUMN review_litigation_by_report.upheld IS '结果维持: decisions upholding the agency';
COMMENT ON COLUMN review_litigation_by_report.corrected IS '结果纠正: decisions correcting the agency';
COMMENT ON COLUMN review_litigation_by_report.other IS '其他结果';
COMMENT ON COLUMN review_litigation_by_report.pending IS '尚未审结: not yet decided';
COMMENT ON COLUMN review_litigation_by_report.total IS '总计';
COMMENT ON COLUMN review_litigation_by_report.derived_cells IS 'cells whose value is derived by an identity (published blank)';
COMMENT ON VIEW review_litigation_by_region_year IS 'Table 四 per proceeding, region and year, with the correction rate.';
COMMENT ON COLUMN review_litigation_by_region_year.rate_corrected IS 'corrected, over the rate_reports (the numerator of correction_rate; adds up across rows)';
COMMENT ON COLUMN review_litigation_by_region_year.rate_decided IS 'upheld + corrected + other, over the rate_reports (the denominator of correction_rate; adds up across rows)';
COMMENT ON COLUMN review_litigation_by_region_year.correction_rate IS 'corrected / (upheld + corrected + other) over the reports where all three are known (rate_reports): share of decided cases where the agency was corrected; NULL when nothing was decided';
COMMENT ON COLUMN review_litigation_by_region_year.rate_reports IS 'reports over which correction_rate is computed';
COMMENT ON COLUMN review_litigation_by_region_year.reports IS 'canonical reports with a table 四 row for the proceeding (each result sums those where it is known)';
COMMENT ON VIEW proactive_by_item_year IS 'Table 二 per item, metric and year (money in yuan).';
COMMENT ON COLUMN proactive_by_item_year.item_label_zh IS 'Chinese label of the item (dim_item)';
COMMENT ON COLUMN proactive_by_item_year.item_label_en IS 'English label of the item (dim_item)';
COMMENT ON COLUMN proactive_by_item_year.metric_label_zh IS 'Chinese label of the metric (dim_metric)';
COMMENT ON COLUMN proactive_by_item_year.value IS 'sum over the reports where the cell is known; money in yuan';
COMMENT ON COLUMN proactive_by_item_year.reports IS 'canonical reports whose value is summed';
COMMENT ON VIEW agency_year_panel IS 'One row per agency and year (canonical report) with headline numbers (总计 column, effective values) and confidence.';
COMMENT ON COLUMN agency_year_panel.new_requests IS 'row 1: new applications this year';
COMMENT ON COLUMN agency_year_panel.carried_in IS 'row 2: carried over from last year';
COMMENT ON COLUMN agency_year_panel.handled IS '3.7: applications handled';
COMMENT ON COLUMN agency_year_panel.granted IS '3.1 予以公开';
COMMENT ON COLUMN agency_year_panel.partly_granted IS '3.2 部分公开';
COMMENT ON COLUMN agency_year_panel.refused IS '3.3 不予公开 (sum of 3.3.x, known only when all are)';
COMMENT ON COLUMN agency_year_panel.carried_out IS 'row 4: carried to next year';
COMMENT ON COLUMN agency_year_panel.reviews IS 'table 四 行政复议 total';
COMMENT ON COLUMN agency_year_panel.lawsuits IS 'table 四 行政诉讼 totals (direct + after reconsideration), NULL unless both are known';
COMMENT ON COLUMN agency_year_panel.corrected IS 'table 四 结果纠正 over all proceedings, NULL unless all are known';
COMMENT ON COLUMN agency_year_panel.documents_issued IS 'table 二 regulations and normative documents 本年新公开 (2019) or 本年制发 (2021), NULL unless all are known';
COMMENT ON COLUMN agency_year_panel.licensing_decisions IS 'table 二 行政许可 处理决定数量';
COMMENT ON COLUMN agency_year_panel.penalty_decisions IS 'table 二 行政处罚 处理决定数量';
COMMENT ON COLUMN agency_year_panel.derived_cells IS 'table 三 总计 and table 四 cells of this report whose value is derived by an identity';
COMMENT ON COLUMN agency_year_panel.failed_checks IS 'checks this report failed with severity error or warning';
COMMENT ON VIEW agency_year_over_year IS 'Each agency''s key figures (agency_year_panel) against its previous year, one row per agency, year and figure.';
COMMENT ON COLUMN agency_year_over_year.previous_year IS 'report_year - 1 when the agency has a canonical report for it, else NULL';
COMMENT ON COLUMN agency_year_over_year.figure IS 'column of agency_year_panel: new_requests, handled, granted, partly_granted, refused, carried_out, reviews, lawsuits, corrected, documents_issued, licensing_decisions, penalty_decisions';
COMMENT ON COLUMN agency_year_over_year.label_zh IS 'Chinese label of the figure';
COMMENT ON COLUMN agency_year_over_year.label_en IS 'English label of the figure';
COMMENT ON COLUMN agency_year_over_year.sort_order IS 'order in which to show the figures';
COMMENT ON COLUMN agency_year_over_year.value IS 'the figure in report_year';
COMMENT ON COLUMN agency_year_over_year.previous_value IS 'the figure in the previous year';
COMMENT ON COLUMN agency_year_over_year.delta IS 'value - previous_value; NULL unless both are known';
COMMENT ON VIEW coverage_by_region_year IS 'Files, parsed and canonical reports and their confidence per region and year.';
COMMENT ON VIEW dim_outcome IS 'Labels (zh/en) of the outcome groups 3.1 … 3.7 of table 三, from dim_row.';
COMMENT ON COLUMN dim_outcome.outcome IS 'outcome group: 3.1 … 3.6, 3.7 (total handled)';
COMMENT ON COLUMN dim_outcome.label_zh IS 'Chinese label of the group, as the table prints it';
COMMENT ON COLUMN dim_outcome.label_en IS 'English label of the group';
COMMENT ON COLUMN dim_outcome.sort_order IS 'order of the group in table 三';
COMMENT ON COLUMN coverage_by_region_year.files IS 'files found';
COMMENT ON COLUMN coverage_by_region_year.parsed IS 'files with status parsed';
COMMENT ON COLUMN coverage_by_region_year.partial IS 'files with status partial';
COMMENT ON COLUMN coverage_by_region_year.canonical_reports IS 'canonical reports (one per agency and year)';
COMMENT ON COLUMN coverage_by_region_year.high_confidence IS 'canonical reports of confidence high';
COMMENT ON COLUMN coverage_by_region_year.medium_confidence IS 'canonical reports of confidence medium';
COMMENT ON COLUMN coverage_by_region_year.low_confidence IS 'canonical reports of confidence low';
COMMENT ON VIEW failed_checks_by_region_year IS 'Failed checks of canonical reports per region, year and check.';
COMMENT ON COLUMN failed_checks_by_region_year.failed_error IS 'reports failing the check with severity error (numbers contradict)';
COMMENT ON COLUMN failed_checks_by_region_year.not_evaluable IS 'reports failing with severity warning (cannot be evaluated)';
COMMENT ON COLUMN failed_checks_by_region_year.nothing_to_compare IS 'reports failing with severity info (nothing to compare)';
COMMENT ON COLUMN failed_checks_by_region_year.checked IS 'reports the check ran on';

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
SELECT r.report_year, r.province, r.city, r.county, r.agency, c.source_path, c.table_name, c.row_code,
       c.column_code, p.published_value, c.corrected_value,
       c.corrected_value - p.published_value AS difference, c.reason, c.who, c.corrected_on,
       c.file, c.line
FROM corrections c
JOIN published p USING (report_id, table_name, row_code, column_code)
JOIN (SELECT report_id, any_value(report_year) AS report_year, any_value(province) AS province,
             any_value(city) AS city, any_value(county) AS county, any_value(agency) AS agency
      FROM reports GROUP BY 1) r USING (report_id);

-- Failed checks of canonical reports after corrections: open (nobody looked) against reviewed.
CREATE OR REPLACE VIEW check_reviews_by_region_year AS
SELECT r.report_year, r.province, r.city, r.county, s.check_name,
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
COMMENT ON COLUMN check_reviews_by_region_year.open_error IS 'failed checks (numbers contradict) nobody has reviewed yet';
COMMENT ON COLUMN check_reviews_by_region_year.open_warning IS 'checks that could not be evaluated, not reviewed yet';
COMMENT ON COLUMN check_reviews_by_region_year.reviewed IS 'failed checks a person reviewed (data/corrections/reviews*.csv)';
COMMENT ON COLUMN corrected_cells.published_value IS 'the value as the document printed it (NULL where the cell was blank)';

-- The warehouse's tables. Idempotent: run before every write. Contract columns first, then ours.

-- Writer state (not part of the contract) ------------------------------------------------------

-- Inventory of the raw folder as of the last run: one row per regular file.
CREATE TABLE IF NOT EXISTS raw_files (
    source_path VARCHAR PRIMARY KEY,  -- relative to the raw folder, '/'-separated
    size_bytes  BIGINT,
    sha256      VARCHAR,              -- NULL when the file could not be read
    read_error  VARCHAR,
    modified_ns BIGINT                -- mtime: among copies of one report the latest wins
);

-- One parse per distinct content and parser version. warehouse.load adds one column of cells per
-- fact table (their types come from warehouse.frames), NULL when the parser refused the file
-- (ParseError) or crashed.
CREATE TABLE IF NOT EXISTS parse_cache (
    sha256         VARCHAR NOT NULL,
    parser_version VARCHAR NOT NULL,
    parsed_name    VARCHAR,           -- the file name the content was parsed under
    status         VARCHAR NOT NULL,
    error          VARCHAR,
    agency         VARCHAR,
    province       VARCHAR,
    city           VARCHAR,
    county         VARCHAR,
    admin_code     VARCHAR,
    report_year    INTEGER,
    template       VARCHAR,
    source_format  VARCHAR,
    n_values       INTEGER,           -- non-NULL cells over tables 二/三/四
    meta_notes     VARCHAR[],
    transient      BOOLEAN,           -- an outcome of this run, not of the bytes: parsed again next run
    PRIMARY KEY (sha256, parser_version)
);

-- Contract tables ------------------------------------------------------------------------------

CREATE TABLE IF NOT EXISTS reports (
    report_id      VARCHAR,           -- sha256 of the file's bytes
    source_path    VARCHAR PRIMARY KEY,
    status         VARCHAR NOT NULL,
    error          VARCHAR,
    agency         VARCHAR,
    province       VARCHAR,
    city           VARCHAR,
    county         VARCHAR,
    admin_code     VARCHAR,
    report_year    INTEGER,
    template       VARCHAR,
    is_canonical   BOOLEAN NOT NULL DEFAULT FALSE,
    agency_key     VARCHAR,
    canonical_report_id VARCHAR,
    confidence     VARCHAR,
    source_format  VARCHAR,
    size_bytes     BIGINT,
    n_values       INTEGER,
    meta_notes     VARCHAR[],
    parser_version VARCHAR
);

-- The fact tables have no primary key: a report's cells are unique by construction (one Value per
-- key in parsers.report.Report, replaced per report in one transaction), and the index would cost
-- a third of every load.
CREATE TABLE IF NOT EXISTS fact_requests (
    report_id          VARCHAR NOT NULL,
    row_code           VARCHAR NOT NULL,
    applicant          VARCHAR NOT NULL,
    value              BIGINT,         -- NULL: blank or unreadable, never a guessed 0
    raw                VARCHAR,
    source_where       VARCHAR,
    note               VARCHAR,
    derived_value      BIGINT,
    derived_rule       VARCHAR,
    row_label_zh       VARCHAR,
    applicant_label_zh VARCHAR
);

CREATE TABLE IF NOT EXISTS fact_review_litigation (
    report_id           VARCHAR NOT NULL,
    proceeding          VARCHAR NOT NULL,
    result              VARCHAR NOT NULL,
    value               BIGINT,
    raw                 VARCHAR,
    source_where        VARCHAR,
    note                VARCHAR,
    derived_value       BIGINT,
    derived_rule        VARCHAR,
    proceeding_label_zh VARCHAR,
    result_label_zh     VARCHAR
);

CREATE TABLE IF NOT EXISTS fact_proactive (
    report_id       VARCHAR NOT NULL,
    item            VARCHAR NOT NULL,
    metric          VARCHAR NOT NULL,
    value           DOUBLE,            -- money in yuan
    unit            VARCHAR,           -- 'count' or 'yuan'
    raw             VARCHAR,
    source_where    VARCHAR,
    note            VARCHAR,
    item_label_zh   VARCHAR,
    metric_label_zh VARCHAR
);

-- Rows an agency added to a statutory table on its own, kept as published.
CREATE TABLE IF NOT EXISTS fact_extra (
    report_id    VARCHAR NOT NULL,
    table_name   VARCHAR NOT NULL,     -- '二', '三' or '四'
    row_label    VARCHAR NOT NULL,
    column_label VARCHAR NOT NULL,
    value        DOUBLE,
    raw          VARCHAR,
    source_where VARCHAR,
    note         VARCHAR
);

CREATE TABLE IF NOT EXISTS check_results (
    report_id  VARCHAR NOT NULL,
    check_name VARCHAR NOT NULL,
    passed     BOOLEAN NOT NULL,
    detail     VARCHAR,
    severity   VARCHAR
);

-- Label dimensions, regenerated from parsers/templates/statutory.toml on every load.
CREATE TABLE IF NOT EXISTS dim_applicant (applicant VARCHAR PRIMARY KEY, label_zh VARCHAR, label_en VARCHAR, sort_order INTEGER);
CREATE TABLE IF NOT EXISTS dim_row (row_code VARCHAR PRIMARY KEY, label_zh VARCHAR, label_en VARCHAR, outcome VARCHAR, templates VARCHAR[], sort_order INTEGER);
CREATE TABLE IF NOT EXISTS dim_proceeding (proceeding VARCHAR PRIMARY KEY, label_zh VARCHAR, label_en VARCHAR, sort_order INTEGER);
CREATE TABLE IF NOT EXISTS dim_result (result VARCHAR PRIMARY KEY, label_zh VARCHAR, label_en VARCHAR, sort_order INTEGER);
CREATE TABLE IF NOT EXISTS dim_item (item VARCHAR PRIMARY KEY, label_zh VARCHAR, label_en VARCHAR, metrics_2019 VARCHAR[], metrics_2021 VARCHAR[], sort_order INTEGER);
CREATE TABLE IF NOT EXISTS dim_metric (metric VARCHAR PRIMARY KEY, label_zh VARCHAR, label_en VARCHAR, unit VARCHAR, signed BOOLEAN, sort_order INTEGER);

-- Columns added after the first release: warehouses built before them gain them here.
ALTER TABLE raw_files ADD COLUMN IF NOT EXISTS modified_ns BIGINT;
ALTER TABLE reports ADD COLUMN IF NOT EXISTS agency_key VARCHAR;
ALTER TABLE reports ADD COLUMN IF NOT EXISTS canonical_report_id VARCHAR;
ALTER TABLE reports ADD COLUMN IF NOT EXISTS confidence VARCHAR;
ALTER TABLE fact_requests ADD COLUMN IF NOT EXISTS derived_value BIGINT;
ALTER TABLE fact_requests ADD COLUMN IF NOT EXISTS derived_rule VARCHAR;
ALTER TABLE fact_review_litigation ADD COLUMN IF NOT EXISTS derived_value BIGINT;
ALTER TABLE fact_review_litigation ADD COLUMN IF NOT EXISTS derived_rule VARCHAR;

-- The data dictionary (docs/data-dictionary.md, python -m warehouse.dictionary) is generated
-- from these comments and the catalog.
COMMENT ON TABLE reports IS 'One row per file under the raw folder, whatever became of it.';
COMMENT ON COLUMN reports.report_id IS 'sha256 of the file''s bytes; byte-identical files share it and its cells';
COMMENT ON COLUMN reports.status IS 'what became of the file: one of the statuses listed under Codes';
COMMENT ON COLUMN reports.admin_code IS '6-digit 行政区划代码 of the most specific region';
COMMENT ON COLUMN reports.report_year IS 'the year the report covers (not the publication year)';
COMMENT ON COLUMN reports.template IS '2019, 2021 or hybrid, detected from the tables';
COMMENT ON COLUMN reports.is_canonical IS 'the one report per agency_key and year that counts in aggregates';
COMMENT ON COLUMN reports.agency_key IS 'admin_code:name without the region prefix the code already says; stable across years';
COMMENT ON COLUMN reports.canonical_report_id IS 'report_id of the canonical report of this agency and year (itself when canonical)';
COMMENT ON COLUMN reports.confidence IS 'from the checks as they stand after people''s corrections (check_status.passed); high: every check passed; medium: some check not evaluable, metadata unknown, or the numbers read by OCR (source_format pdf-ocr or image, or a cell whose source_where says ocr: a Word file''s or a web page''s pictures); low: numbers contradict or tables missing';
COMMENT ON TABLE fact_requests IS 'Table 三, one row per cell the report has (codes: see Codes above).';
COMMENT ON COLUMN fact_requests.value IS 'as published; NULL where blank or unreadable, never a guessed 0';
COMMENT ON COLUMN fact_requests.derived_value IS 'for a blank cell that is the only unknown of an identity: the value the identity implies (value stays NULL)';
COMMENT ON COLUMN fact_requests.derived_rule IS 'the identity derived_value comes from';
COMMENT ON COLUMN fact_requests.source_where IS 'where the cell was read: page, table, row and column, or position; for a cell read by OCR also ''ocr bbox=x0,y0,x1,y1pt'' (px for image files) ''conf='' the lowest glyph confidence and ''doubt='' the glyphs it may have misread';
COMMENT ON COLUMN fact_requests.note IS 'how an ambiguous cell was resolved or why it was left NULL (for OCR: what was read and what it could be)';
COMMENT ON TABLE fact_review_litigation IS 'Table 四, one row per cell.';
COMMENT ON COLUMN fact_review_litigation.derived_value IS 'as in fact_requests';
COMMENT ON TABLE fact_proactive IS 'Table 二, one row per cell; money in yuan.';
COMMENT ON TABLE fact_extra IS 'Rows an agency added to a statutory table on its own, kept as published.';
COMMENT ON TABLE check_results IS 'One row per check per report; a failed check never changes a published number.';
COMMENT ON COLUMN check_results.severity IS 'of a failure: error (numbers contradict), warning (cannot be evaluated), info (nothing to compare)';
COMMENT ON COLUMN reports.source_path IS 'path relative to the raw folder, /-separated';
COMMENT ON COLUMN reports.error IS 'a reason a person can read when status is not parsed, else NULL';
COMMENT ON COLUMN reports.agency IS 'the reporting agency in simplified Chinese';
COMMENT ON COLUMN reports.province IS 'province (省级) of the agency, e.g. 广东省; NULL when unknown';
COMMENT ON COLUMN reports.city IS 'city (地级) of the agency, e.g. 广州市; NULL where not applicable or unknown';
COMMENT ON COLUMN reports.county IS 'county or district (县级) of the agency, e.g. 海珠区; NULL where not applicable or unknown';
COMMENT ON COLUMN reports.size_bytes IS 'size of the file in bytes';
COMMENT ON COLUMN reports.n_values IS 'readable (non-NULL) cells over tables 二/三/四';
COMMENT ON COLUMN reports.meta_notes IS 'how the metadata (agency, region, year) was found, and doubts about it';
COMMENT ON COLUMN reports.parser_version IS 'digest of the parser code that read the file';
COMMENT ON COLUMN fact_requests.row_code IS 'table 三 row (Codes: row_code)';
COMMENT ON COLUMN fact_requests.applicant IS 'table 三 column (Codes: applicant)';
COMMENT ON COLUMN fact_requests.raw IS 'the cell''s text as published';
COMMENT ON COLUMN fact_requests.source_where IS 'where in the document the cell was read (page, table, row, column)';
COMMENT ON COLUMN fact_requests.note IS 'how the cell''s text was read, when not plainly';
COMMENT ON COLUMN fact_requests.row_label_zh IS 'Chinese label of row_code (dim_row)';
COMMENT ON COLUMN fact_requests.applicant_label_zh IS 'Chinese label of applicant (dim_applicant)';
COMMENT ON COLUMN fact_review_litigation.proceeding IS 'table 四 proceeding (Codes: proceeding)';
COMMENT ON COLUMN fact_review_litigation.result IS 'table 四 result (Codes: result)';
COMMENT ON COLUMN fact_review_litigation.value IS 'as published; NULL where blank or unreadable, never a guessed 0';
COMMENT ON COLUMN fact_review_litigation.proceeding_label_zh IS 'Chinese label of proceeding (dim_proceeding)';
COMMENT ON COLUMN fact_review_litigation.result_label_zh IS 'Chinese label of result (dim_result)';
COMMENT ON COLUMN fact_proactive.item IS 'table 二 item (Codes: item)';
COMMENT ON COLUMN fact_proactive.metric IS 'table 二 metric (Codes: metric), kept apart per template';
COMMENT ON COLUMN fact_proactive.value IS 'as published, money in yuan; NULL where blank or unreadable';
COMMENT ON COLUMN fact_proactive.unit IS 'count or yuan';
COMMENT ON COLUMN fact_proactive.item_label_zh IS 'Chinese label of item (dim_item)';
COMMENT ON COLUMN fact_proactive.metric_label_zh IS 'Chinese label of metric (dim_metric)';
COMMENT ON COLUMN fact_extra.table_name IS 'the statutory table the row was added to: 二, 三 or 四';
COMMENT ON COLUMN fact_extra.row_label IS 'the added row''s label as published';
COMMENT ON COLUMN fact_extra.column_label IS 'the column''s label as published';
COMMENT ON COLUMN fact_extra.value IS 'as published; NULL where blank or unreadable';
COMMENT ON COLUMN check_results.check_name IS 'the identity or check (parsers/identities.py, sql/checks.sql)';
COMMENT ON COLUMN check_results.passed IS 'TRUE when the numbers satisfy the check; a check with nothing to evaluate does not pass';
COMMENT ON COLUMN check_results.detail IS 'what was compared, or why it could not be';
COMMENT ON COLUMN dim_applicant.applicant IS 'table 三 column code';
COMMENT ON COLUMN dim_row.row_code IS 'table 三 row code';
COMMENT ON COLUMN dim_row.outcome IS 'outcome group (3.1 … 3.7) of an outcome row, else NULL';
COMMENT ON COLUMN dim_row.templates IS 'templates (2019, 2021) whose table has the row';
COMMENT ON COLUMN dim_proceeding.proceeding IS 'table 四 proceeding code';
COMMENT ON COLUMN dim_result.result IS 'table 四 result code';
COMMENT ON COLUMN dim_item.item IS 'table 二 item code';
COMMENT ON COLUMN dim_item.metrics_2019 IS 'the item''s metrics in the 2019 template';
COMMENT ON COLUMN dim_item.metrics_2021 IS 'the item''s metrics in the 2021 template';
COMMENT ON COLUMN dim_metric.metric IS 'table 二 metric code';
COMMENT ON COLUMN dim_metric.unit IS 'count or yuan';
COMMENT ON COLUMN dim_metric.signed IS 'TRUE when the value may be negative (本年增/减)';
COMMENT ON COLUMN dim_applicant.label_zh IS 'Chinese label, as in the statutory table';
COMMENT ON COLUMN dim_applicant.label_en IS 'English label';
COMMENT ON COLUMN dim_applicant.sort_order IS 'order of the code in the statutory table';
COMMENT ON COLUMN raw_files.source_path IS 'path relative to the raw folder, /-separated';
COMMENT ON COLUMN raw_files.size_bytes IS 'size of the file in bytes';
COMMENT ON COLUMN raw_files.sha256 IS 'sha256 of the bytes; NULL when the file could not be read';
COMMENT ON COLUMN raw_files.read_error IS 'why the file could not be read, else NULL';
COMMENT ON COLUMN raw_files.modified_ns IS 'modification time (ns since the epoch): among copies of one report the latest wins';
COMMENT ON COLUMN parse_cache.sha256 IS 'sha256 of the content parsed';
COMMENT ON COLUMN parse_cache.parser_version IS 'digest of the parser code that parsed it';
COMMENT ON COLUMN parse_cache.parsed_name IS 'the file name the content was parsed under';
COMMENT ON COLUMN parse_cache.error IS 'the reason, when status is not parsed';
COMMENT ON COLUMN parse_cache.n_values IS 'readable cells over tables 二/三/四';
COMMENT ON COLUMN parse_cache.meta_notes IS 'how the metadata was found';
COMMENT ON TABLE raw_files IS 'Writer state: the raw folder as of the last run.';
COMMENT ON TABLE parse_cache IS 'Writer state: one parse per content and parser version.';
COMMENT ON COLUMN parse_cache.transient IS 'the outcome depends on more than the bytes and the parser (a file that could not be read, a time or memory limit, a dead worker): parsed again by the next run';
COMMENT ON TABLE dim_applicant IS 'Labels (zh/en) of table 三 applicant columns.';
COMMENT ON TABLE dim_row IS 'Labels (zh/en) of table 三 rows, with their outcome group.';
COMMENT ON TABLE dim_proceeding IS 'Labels (zh/en) of table 四 proceedings.';
COMMENT ON TABLE dim_result IS 'Labels (zh/en) of table 四 results.';
COMMENT ON TABLE dim_item IS 'Labels (zh/en) of table 二 items.';
COMMENT ON TABLE dim_metric IS 'Labels (zh/en) and units of table 二 metrics.';

-- Writer state: what the warehouse was last built from, so a run with nothing new does nothing.
CREATE TABLE IF NOT EXISTS build_info (
    tables_digest VARCHAR,            -- fingerprint of raw_files, the parses and the load code
    views_digest  VARCHAR,            -- of tables_digest and sql/views.sql; NULL: views to rebuild
    files         BIGINT              -- rows of reports at that build
);
COMMENT ON TABLE build_info IS 'Writer state: fingerprints of what the tables and views were last built from (one row; no timestamp, so equal inputs give equal files).';
COMMENT ON COLUMN build_info.tables_digest IS 'fingerprint of raw_files, each content''s parse and the load code the tables were built from';
COMMENT ON COLUMN build_info.views_digest IS 'fingerprint of tables_digest and sql/views.sql the views were built from; NULL: views not built since';
COMMENT ON COLUMN build_info.files IS 'rows of reports at that build';

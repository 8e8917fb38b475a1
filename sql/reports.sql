-- Rebuilds `reports` (one row per file in raw_files) from the parse of its content, then picks
-- one canonical report per agency and year. Runs inside the load transaction; parse_cache holds
-- only the current parser version (pruned by the parse step).
DELETE FROM reports;

INSERT INTO reports BY NAME
WITH files AS (
    SELECT
        f.sha256 AS report_id,
        f.source_path,
        f.size_bytes,
        CASE WHEN f.sha256 IS NULL THEN 'unreadable' ELSE coalesce(c.status, 'not_parsed') END AS status,
        coalesce(f.read_error, c.error, CASE WHEN c.sha256 IS NULL THEN 'not parsed yet' END) AS error,
        c.agency, c.province, c.city, c.county, c.admin_code, c.report_year, c.template,
        c.source_format, c.n_values, c.meta_notes, c.parser_version,
        c.status IN ('parsed', 'partial') AND c.agency IS NOT NULL AND c.report_year IS NOT NULL AS eligible
    FROM raw_files f
    LEFT JOIN parse_cache c ON c.sha256 = f.sha256
)
SELECT * EXCLUDE (eligible),
    -- Preference: all tables found, then an original format over a text copy, then the most
    -- readable cells, then the path (so byte-identical copies lose to the first path).
    coalesce(eligible AND row_number() OVER (
        PARTITION BY agency, report_year, eligible
        ORDER BY status = 'parsed' DESC,
                 source_format IN ('pdf', 'html', 'docx') DESC,
                 n_values DESC NULLS LAST,
                 source_path
    ) = 1, FALSE) AS is_canonical
FROM files;

-- Rebuilds `reports` (one row per file in raw_files) from the parse of its content, then picks
-- one canonical report per agency and year. Runs inside the load transaction, after the facts and
-- per-report check_results are loaded; parse_cache holds only the current parser version.

-- An agency's stable identity: its admin code plus its name without the province/city/county
-- prefix that the code already says, so 淮安市洪泽区人民政府 and 洪泽区人民政府 (320813) are one
-- agency. A name that is nothing but the region (平潭县) keeps itself.
CREATE OR REPLACE MACRO strip_prefix(name, prefix) AS
    CASE WHEN prefix IS NOT NULL AND starts_with(name, prefix)
         THEN substr(name, length(prefix) + 1) ELSE name END;
CREATE OR REPLACE MACRO agency_key(admin_code, agency, province, city, county) AS
    CASE WHEN agency IS NOT NULL THEN
        coalesce(admin_code, '?') || ':' || coalesce(nullif(
            strip_prefix(strip_prefix(strip_prefix(
                regexp_replace(agency, '\s+', '', 'g'), province), city), county), ''),
            regexp_replace(agency, '\s+', '', 'g'))
    END;

DELETE FROM reports;

INSERT INTO reports BY NAME
WITH files AS (
    SELECT
        f.sha256 AS report_id,
        f.source_path,
        f.size_bytes,
        f.modified_ns,
        CASE WHEN f.sha256 IS NULL THEN 'unreadable' ELSE coalesce(c.status, 'not_parsed') END AS status,
        coalesce(f.read_error, c.error, CASE WHEN c.sha256 IS NULL THEN 'not parsed yet' END) AS error,
        c.agency, c.province, c.city, c.county, c.admin_code, c.report_year, c.template,
        agency_key(c.admin_code, c.agency, c.province, c.city, c.county) AS agency_key,
        c.source_format, c.n_values, c.meta_notes, c.parser_version,
        c.status IN ('parsed', 'partial') AND c.agency IS NOT NULL AND c.report_year IS NOT NULL AS eligible
    FROM raw_files f
    LEFT JOIN parse_cache c ON c.sha256 = f.sha256
),
trust AS (
    SELECT report_id,
           bool_or(check_name = 'template completeness' AND passed) AS complete,
           count(*) FILTER (NOT passed AND severity = 'error') AS errors
    FROM check_results
    WHERE NOT starts_with(check_name, 'cross-year')
    GROUP BY ALL
),
ranked AS (
    SELECT files.*,
        -- Preference: all tables found and complete, then the most readable cells, then an
        -- original format with a text layer over a text copy or an OCR reading (ogi's own
        -- reading may be wrong), then fewer contradictions, then the latest file,
        -- then the path (so byte-identical copies lose to the first path).
        row_number() OVER (
            PARTITION BY agency_key, report_year, eligible
            ORDER BY status = 'parsed' DESC,
                     coalesce(t.complete, FALSE) DESC,
                     n_values DESC NULLS LAST,
                     source_format IN ('pdf', 'html', 'docx', 'doc', 'word-xml', 'rtf', 'odt') DESC,
                     coalesce(t.errors, 0),
                     modified_ns DESC NULLS LAST,
                     source_path
        ) AS preference
    FROM files LEFT JOIN trust t USING (report_id)
)
SELECT * EXCLUDE (eligible, preference, modified_ns),
    coalesce(eligible AND preference = 1, FALSE) AS is_canonical,
    CASE WHEN eligible THEN first(report_id) OVER (
        PARTITION BY agency_key, report_year, eligible ORDER BY preference) END AS canonical_report_id
FROM ranked;

-- The view {fact}_effective, one per fact table (warehouse/corrections.py fills in the names):
-- the cells with their effective value, the one place the analyst views read numbers from. A
-- correction of a cell the report lacks (a table ogi did not find: a picture it could not read,
-- a table the crawl dropped) is a row of its own, with no published value.
CREATE OR REPLACE VIEW {fact}_effective AS
SELECT f.*, c.corrected_value::{type} AS corrected_value,
       coalesce(c.corrected_value::{type}, f.value) AS effective_value,
       c.report_id IS NOT NULL AS is_corrected
FROM {fact} f
LEFT JOIN corrections c
  ON c.table_name = '{table}' AND c.report_id = f.report_id
 AND c.row_code = f.{row} AND c.column_code = f.{column}
UNION ALL BY NAME
SELECT * FROM (
    SELECT c.report_id, c.row_code AS {row}, c.column_code AS {column},
           'entered by a correction: the report as read has no such cell' AS note,
           c.corrected_value::{type} AS corrected_value,
           c.corrected_value::{type} AS effective_value, true AS is_corrected
    FROM corrections c
    ANTI JOIN {fact} f
      ON f.report_id = c.report_id AND f.{row} = c.row_code AND f.{column} = c.column_code
    WHERE c.table_name = '{table}'
) {labels};

COMMENT ON VIEW {fact}_effective IS '{fact} with the corrections applied: value as published, corrected_value, effective_value (the correction, else value) and is_corrected; a cell entered by a correction for a table the report as read lacks has no value and says so in note.';
COMMENT ON COLUMN {fact}_effective.corrected_value IS 'the correction of this cell; NULL when none applies';
COMMENT ON COLUMN {fact}_effective.effective_value IS 'corrected_value where a correction applies, else value as published: what the analyst views sum';
COMMENT ON COLUMN {fact}_effective.is_corrected IS 'whether a correction applies to this cell';

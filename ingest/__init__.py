"""Parse execution, the stage between parsers/ (bytes → Report) and warehouse/ (DuckDB): the raw
folder's inventory (raw), the worker contract (contract: jobs, limits, the never-raising parse and
the rows it returns, cells), and where parses run (parse: in-process, pool, dask_cluster).
Imports parsers/ only; knows nothing of DuckDB or Dagster."""

"""Parse execution, the stage between parsers/ (bytes → Report) and warehouse/ (DuckDB): the raw
folder's inventory (raw), the worker contract (contract: jobs, limits, the never-raising parse and
the rows it returns, cells), and where parses run (parse: the local pool or dask_cluster; warm:
what the workers' forkserver loads once). Imports parsers/ only; knows nothing of DuckDB or
Dagster."""

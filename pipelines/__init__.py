"""Dagster wiring of parsers and warehouse: resources, assets, checks, schedule, sensor, CLI."""

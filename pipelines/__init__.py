"""Dagster definitions, resources, schedules, sensors and the `arqam` command."""

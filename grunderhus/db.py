"""Database helpers shared by the apps.

PostgreSQL enforces the house's overlap rules with exclusion constraints. The embedded default
(SQLite) has none, so ``PostgresExclusionConstraint`` emits its SQL only on PostgreSQL and is a
no-op elsewhere; there the services' locking (BEGIN IMMEDIATE) holds the same rule.
"""

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateRangeField, DateTimeRangeField
from django.db import models


class TsTzRange(models.Func):
    """``tstzrange(start, end, '[)')`` – a half-open time range for exclusion constraints."""

    function = "TSTZRANGE"
    output_field = DateTimeRangeField()

    def __init__(self, start, end, bounds="[)", **extra):
        super().__init__(start, end, models.Value(bounds), **extra)


class DateRange(models.Func):
    """``daterange(start, end, '[)')``; a NULL end means open-ended."""

    function = "DATERANGE"
    output_field = DateRangeField()

    def __init__(self, start, end, bounds="[)", **extra):
        super().__init__(start, end, models.Value(bounds), **extra)


class PostgresExclusionConstraint(ExclusionConstraint):
    """An ExclusionConstraint that exists only where the database can hold it."""

    @staticmethod
    def _is_postgres(schema_editor):
        return schema_editor.connection.vendor == "postgresql"

    def constraint_sql(self, model, schema_editor):
        return (
            super().constraint_sql(model, schema_editor)
            if self._is_postgres(schema_editor)
            else None
        )

    def create_sql(self, model, schema_editor):
        return (
            super().create_sql(model, schema_editor) if self._is_postgres(schema_editor) else None
        )

    def remove_sql(self, model, schema_editor):
        return (
            super().remove_sql(model, schema_editor) if self._is_postgres(schema_editor) else None
        )

    def validate(self, model, instance, exclude=None, using="default"):
        from django.db import connections

        if connections[using].vendor == "postgresql":
            super().validate(model, instance, exclude=exclude, using=using)


def is_postgres(using="default"):
    from django.db import connections

    return connections[using].vendor == "postgresql"


def is_deadlock(exc) -> bool:
    """True for PostgreSQL's 'deadlock detected' (SQLSTATE 40P01). Concurrent inserts checked
    by one exclusion constraint can deadlock; PostgreSQL aborts one, which lost the race."""
    return getattr(exc.__cause__, "sqlstate", None) == "40P01"

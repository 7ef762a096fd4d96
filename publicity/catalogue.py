"""Loading the disclosure catalogue from fixtures/ (used by a data migration and by
`manage.py load_disclosure_catalogue`)."""

import datetime
import json
from pathlib import Path

from django.conf import settings
from django.db import transaction

DEFAULT_FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "disclosure-tt09-2024.json"
REQUIREMENT_FIELDS = (
    "title",
    "description",
    "group",
    "order",
    "legal_basis",
    "stages",
    "is_conditional",
    "is_optional",
    "timing",
    "deadline_day",
    "deadline_month",
    "working_days",
)
DEFAULTS = {
    "description": "",
    "legal_basis": "",
    "is_conditional": False,
    "is_optional": False,
    "timing": "yearly",
    "deadline_day": 30,
    "deadline_month": 6,
    "working_days": 10,
}


def read_fixture(path=None):
    with open(path or DEFAULT_FIXTURE, encoding="utf-8") as handle:
        return json.load(handle)


def load_catalogue(data, catalogue_model, requirement_model, update=False):
    """Create the catalogue and any missing requirement; idempotent. Existing rows are
    left alone (office administrators may have reworded them) unless `update`.
    Returns (created, updated)."""
    created = updated = 0
    with transaction.atomic():
        catalogue, _new = catalogue_model.objects.get_or_create(
            version=data["version"],
            defaults={
                "title": data["title"],
                "effective_from": datetime.date.fromisoformat(data["effective_from"]),
            },
        )
        existing = {r.code: r for r in requirement_model.objects.filter(catalogue=catalogue)}
        # A migration's historical model may predate a field (is_optional came later).
        known = {f.name for f in requirement_model._meta.get_fields()}
        names = [name for name in REQUIREMENT_FIELDS if name in known]
        for row in data["requirements"]:
            values = {name: row.get(name, DEFAULTS.get(name)) for name in names}
            requirement = existing.get(row["code"])
            if requirement is None:
                requirement_model.objects.create(catalogue=catalogue, code=row["code"], **values)
                created += 1
            elif update:
                for name, value in values.items():
                    setattr(requirement, name, value)
                requirement.save()
                updated += 1
    return created, updated

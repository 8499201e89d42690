"""The built-in measure frameworks, ensured after every migrate (and after a database flush)."""

FRAMEWORKS = [
    ("ASCOF", "Adult Social Care Outcomes Framework"),
    ("BCF", "Better Care Fund"),
    ("Oflog", "Office for Local Government"),
    ("NHS", "NHS England / NHS Digital"),
    ("Local", "Local measure"),
]


def ensure_frameworks(framework_model) -> None:
    for code, name in FRAMEWORKS:
        framework_model.objects.get_or_create(code=code, defaults={"name": name})

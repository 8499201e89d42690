"""Reading a number that a person typed or a spreadsheet held. The one parser for extracts, definitions
files, forms and national files; writing numbers for people is `formatting`'s job."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

# A cell or field that holds no figure (and is not a reason: "Due June 2022" is a reason).
NO_FIGURE = {"", "n/a", "na", "-", "\u2013", "none", "null"}


def parse_number(value: object, blank_words: bool = True) -> Decimal | None:
    """'1,252' -> 1252; '37.5%' -> 37.5; a blank -> None; 'N/A' or '-' -> None unless `blank_words` is
    false. Exact: floats go through their shortest text (0.1 stays 0.1). Raises ValueError."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a number")
    if isinstance(value, Decimal | int):
        number = Decimal(value)
    else:
        text = str(value)
        cleaned = text.strip().replace(",", "").replace("\u00a0", "").replace(" ", "")
        if cleaned == "" or (blank_words and cleaned.lower() in NO_FIGURE):
            return None
        cleaned = cleaned.removesuffix("%")
        try:
            number = Decimal(cleaned)
        except InvalidOperation:
            raise ValueError(f'"{text}" is not a number') from None
    if not number.is_finite():
        raise ValueError(f'"{value}" is not a number')
    return number

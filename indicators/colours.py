"""The colours a comparison is drawn in on every map (national, and by area), and the outline each
colour needs to stand out from whatever is beside it: WCAG 2.2 asks 3:1 for the parts of a graphic that
carry meaning (1.4.11). Every colour reaches at least 4.5:1 against white or against near-black, so
each area is outlined, inside its own edge, in whichever of the two stands out more from its fill; two
neighbours' outlines then meet at 1:1 (one line) or about 19:1."""

from __future__ import annotations

# Darker is stronger evidence; told apart by the common kinds of colour blindness; every shape also has
# its words, and better and worse a texture.
COMPARISON = {
    "best": "#08306b",
    "better": "#4292c6",
    "similar": "#ffd966",
    "worse": "#e6852e",
    "worst": "#8c2d04",
    "higher": "#54278f",
    "lower": "#bcbddc",
    "not compared": "#f2f2f2",
}
QUARTILES = {1: "#08306b", 2: "#4292c6", 3: "#c6dbef", 4: "#f7fbff"}
NO_FIGURE = "#bdbdbd"
WHITE, BLACK = "#ffffff", "#0b0c0c"


def luminance(colour: str) -> float:
    """The relative luminance of a colour written #rrggbb, as WCAG defines it."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one: str, other: str) -> float:
    """WCAG's contrast ratio of two colours, from 1 to 21."""
    lighter, darker = sorted((luminance(one), luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def outline(fill: str) -> str:
    """White or near-black, whichever stands out more from `fill`."""
    return WHITE if contrast(fill, WHITE) >= contrast(fill, BLACK) else BLACK

"""The reading pages a councillor reaches, checked as every other page is (test_every_page_in_browser.py):
axe finds no WCAG 2.2 A or AA problem at 1280 and 320 px, and no page scrolls sideways. A module of its
own so the test processes share the work."""

from .test_every_page_in_browser import READING, SIGNED_OUT, check_pages, check_role


def test_every_reading_page_passes_axe_reflows_and_prints_its_status_words(demo_site, page):
    """The signed-out pages, then every page a councillor reads, then a scorecard as printed (one demo)."""
    assert check_pages(page, demo_site, SIGNED_OUT) == []
    check_role(page, demo_site, "councillor", "demo-councillor-pass", READING)
    status_words_print_dark_with_a_border(page, demo_site)


def status_words_print_dark_with_a_border(page, demo_site: str) -> None:
    """Browsers print without background colours unless asked: GREEN, AMBER and RED must still read
    dark on white, with a border (contrast measured as printed)."""
    page.goto(demo_site + "/scorecards/cabinet-scorecard/2020-09/")
    page.emulate_media(media="print")
    found = page.evaluate(
        """() => {
        const luminance = (rgb) => {
            const [r, g, b] = rgb.match(/[\\d.]+/g).slice(0, 3).map(Number).map(v => {
                v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
            return 0.2126 * r + 0.7152 * g + 0.0722 * b;
        };
        return [...document.querySelectorAll('.status')].slice(0, 40).map(el => {
            const style = getComputedStyle(el);
            const text = luminance(style.color);
            const ratio = (1 + 0.05) / (text + 0.05);  // against white paper: backgrounds are not printed
            return {word: el.textContent.trim(), ratio, border: style.borderTopStyle};
        });
    }"""
    )
    assert found, "no status words on the page"
    weak = [f for f in found if f["ratio"] < 4.5 or f["border"] == "none"]
    assert weak == [], weak

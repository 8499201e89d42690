"""What the rooms above the reading side add to it, registered by them when they start (their
`AppConfig.ready`), so that the reading side never imports them.

    benchmark_sources   functions (measures, council code, up to year) -> {measure id: [BenchmarkFacts]}
                        whose benchmarks replace those typed in for the years they give (national's)
    pdf_sections        functions (report, staff) -> {measure id: HTML} printed on each measure's page of
                        the PDF after its figures (the breakdown by area's map and table)
"""

from __future__ import annotations

from collections.abc import Callable

from indicators.facts import BenchmarkFacts

BenchmarkSource = Callable[[list, str, int], dict[int, list[BenchmarkFacts]]]
benchmark_sources: list[BenchmarkSource] = []


def add_benchmark_source(source: BenchmarkSource) -> None:
    if source not in benchmark_sources:
        benchmark_sources.append(source)


PdfSection = Callable[[object, bool], dict[int, str]]
pdf_sections: list[PdfSection] = []


def add_pdf_section(section: PdfSection) -> None:
    if section not in pdf_sections:
        pdf_sections.append(section)

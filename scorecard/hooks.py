"""What the rooms above the reading side add to it, registered by them when they start (their
`AppConfig.ready`), so that the reading side never imports them.

    benchmark_sources   functions (measures, council code, up to year) -> {measure id: [BenchmarkFacts]}
                        whose benchmarks replace those typed in for the years they give (national's)
"""

from __future__ import annotations

from collections.abc import Callable

from indicators.facts import BenchmarkFacts

BenchmarkSource = Callable[[list, str, int], dict[int, list[BenchmarkFacts]]]
benchmark_sources: list[BenchmarkSource] = []


def add_benchmark_source(source: BenchmarkSource) -> None:
    if source not in benchmark_sources:
        benchmark_sources.append(source)

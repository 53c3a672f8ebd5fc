"""The backtest in CI on a small history: forecasts made with only what was known then must cover
the outcome with their 80% interval about as often as they claim, and beat the straight line."""

from __future__ import annotations

from pathlib import Path


def test_the_forecast_beats_the_naive_baseline_on_the_demo_history(tmp_path: Path) -> None:
    from bench.bench_forecast import backtest, demo_database

    db = demo_database(tmp_path, periods=7, scale=0.6)
    try:
        result = backtest(db, points=(0.3, 0.6), draws=400)
    finally:
        db.engine.dispose()
    assert result["forecasts"] == 16 * 5 * 2
    assert 0.65 <= result["coverage"] <= 0.95, result
    assert result["mae"] < 0.8 * result["mae_naive"], result

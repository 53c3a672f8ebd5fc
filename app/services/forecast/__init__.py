"""Looking ahead: the forecast per municipality and what a swap would change (issue 16)."""

from app.domain.forecast import Outlook, SwapChange
from app.services.forecast.region import (
    MunicipalityForecast,
    RegionForecast,
    SideEffect,
    SwapEffect,
    forecast_region,
    swap_effect,
)

__all__ = [
    "MunicipalityForecast",
    "Outlook",
    "RegionForecast",
    "SideEffect",
    "SwapChange",
    "SwapEffect",
    "forecast_region",
    "swap_effect",
]

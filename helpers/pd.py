"""Alpha-4 integrin saturation: what the drug in the blood does to the immune cells.

A direct Emax model, S = Smax·Cⁿ / (EC50ⁿ + Cⁿ), with S in %, C in µg/mL. Its two presets are this
collection's calibrations to published trough and saturation pairs (registry keys ``pd.default.*``
and ``pd.alt.*``, status teaching-assumption), not published natalizumab fits.
"""
from __future__ import annotations

import numpy as np

from . import pk, sources
from .validate import check_array, check_choice, check_number

SMAX_PCT_RANGE = (1.0, 100.0)
EC50_UG_PER_ML_RANGE = (0.01, 100.0)
HILL_RANGE = (0.1, 5.0)


def _preset(prefix: str) -> dict:
    return {"smax_pct": float(sources.value(f"{prefix}.smax_pct")),
            "ec50_ug_per_ml": float(sources.value(f"{prefix}.ec50_ug_per_ml")),
            "hill": float(sources.value(f"{prefix}.hill"))}


PD_PRESETS = {"default": _preset("pd.default"), "alternative": _preset("pd.alt")}
PRESET_NAMES = tuple(PD_PRESETS)


def _pd_params(preset, smax_pct, ec50_ug_per_ml, hill) -> tuple[float, float, float]:
    base = PD_PRESETS[check_choice("preset", preset, PRESET_NAMES)]

    def pick(name, given, rng):
        return check_number(name, base[name] if given is None else given, *rng)

    return (pick("smax_pct", smax_pct, SMAX_PCT_RANGE),
            pick("ec50_ug_per_ml", ec50_ug_per_ml, EC50_UG_PER_ML_RANGE),
            pick("hill", hill, HILL_RANGE))


def saturation_pct(conc_ug_per_ml, preset: str = "default", smax_pct: float | None = None,
                   ec50_ug_per_ml: float | None = None, hill: float | None = None) -> np.ndarray:
    """Alpha-4 integrin saturation (%) from concentration: S = Smax·C^n / (EC50^n + C^n).

    Presets (:data:`PD_PRESETS`): "default" ``pd.default.*`` (92 %, 2.5 µg/mL, n = 1) and
    "alternative" ``pd.alt.*`` (100 %, 1.0 µg/mL, n = 0.5); explicit arguments override the preset.
    Both are this collection's calibrations, not published natalizumab fits.

    Parameters
    ----------
    conc_ug_per_ml : float or array of float
        Serum concentration (µg/mL, 0 or more).
    preset : {"default", "alternative"}
        Which calibration to use.

    Returns
    -------
    numpy.ndarray
        Saturation in percent, shaped like `conc_ug_per_ml`.

    Examples
    --------
    >>> round(float(saturation_pct(26.6)), 1)     # the 4-weekly trough of the model
    84.1
    >>> saturation_pct([0.0, 2.5]).round(1).tolist()
    [0.0, 46.0]
    """
    smax, ec50, n = _pd_params(preset, smax_pct, ec50_ug_per_ml, hill)
    c = check_array("conc_ug_per_ml", conc_ug_per_ml, nonnegative=True)
    cn = c ** n
    return smax * cn / (ec50 ** n + cn)


def conc_for_saturation(sat_pct: float, preset: str = "default", smax_pct=None, ec50_ug_per_ml=None,
                        hill=None) -> float:
    """The concentration (µg/mL) at which saturation equals `sat_pct` (inverse Emax).

    Examples
    --------
    >>> round(conc_for_saturation(80), 1)
    16.7
    >>> round(float(saturation_pct(conc_for_saturation(80))), 6)
    80.0
    """
    smax, ec50, n = _pd_params(preset, smax_pct, ec50_ug_per_ml, hill)
    s = check_number("sat_pct", sat_pct, 0.0, smax, low_open=True)
    if s >= smax:
        raise ValueError(f"sat_pct must be below the maximum saturation {smax:g}, got {s:g}")
    return ec50 * (s / (smax - s)) ** (1 / n)



def saturation_below_after_last_dose_days(regimen, sat_threshold_pct: float, model: str = "1cmt",
                                          preset: str = "default", pd_params: dict | None = None,
                                          **params) -> float:
    """Days from the start of the last infusion until saturation falls below `sat_threshold_pct`."""
    c = conc_for_saturation(sat_threshold_pct, preset, **(pd_params or {}))
    return pk.time_below_after_last_dose_days(regimen, c, model, **params)

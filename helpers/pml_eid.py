"""The extended-interval dosing scenario: the Ryerson 2019 hazard ratio applied to a PML estimate
from :func:`helpers.pml.risk`, with the caveats that always travel with it (our arithmetic, not a
published figure)."""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache

from . import sources
from .pml import Estimate

# ---------------------------------------------------------------------------------------------
# The extended-interval scenario (Ryerson 2019)
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class EidScenario:
    applies: bool
    reason: str = ""
    hr: float = math.nan
    hr_ci: tuple = ()
    per_1000: float = math.nan
    range_per_1000: tuple = ()
    caveats: tuple = field(default_factory=tuple)


def eid_caveats() -> tuple[str, ...]:
    days = sources.value("eid.ryerson_eid_interval_days")
    return (
        "Observational registry (US TOUCH programme), not a randomised trial: it shows an "
        "association and cannot prove that longer gaps caused the lower risk.",
        "The hazard ratio comes from anti-JCV positive patients only.",
        f"The extended groups averaged about {sources.format_value(days)} days between "
        "infusions.",
        "Here the hazard ratio scales a per-period estimate: our approximation, fair only while "
        "the risk is small.",
        "The approved interval is every 4 weeks; whether extended intervals work as well against "
        "MS has not been established. A missed infusion is not extended-interval dosing.",
    )


@lru_cache(maxsize=256)
def eid_scenario(estimate: Estimate) -> EidScenario:
    """The Ryerson 2019 hazard ratio (0.06, 95% CI 0.01-0.22) applied to `estimate`.

    Applies only to an anti-JCV positive profile with a confirmed estimate; otherwise
    ``applies`` is False and ``reason`` says why. The caveats always travel with the result.
    """
    if not isinstance(estimate, Estimate):
        raise TypeError(f"estimate must be a pml.Estimate from pml.risk(), got {estimate!r}")
    caveats = eid_caveats()
    if estimate.profile.anti_jcv != "positive":
        return EidScenario(False, "The Ryerson 2019 study included only anti-JCV positive "
                           "patients, so its hazard ratio is not applied here.", caveats=caveats)
    if not estimate.found:
        return EidScenario(False, "No confirmed estimate to apply it to. " + estimate.message,
                           caveats=caveats)
    hr = float(sources.value("eid.ryerson_hr"))
    lo, hi = (float(x) for x in sources.value("eid.ryerson_hr_ci"))
    base_lo, base_hi = estimate.range_per_1000 or (estimate.per_1000, estimate.per_1000)
    return EidScenario(True, "", hr, (lo, hi), estimate.per_1000 * hr,
                       (base_lo * lo, base_hi * hi), caveats)

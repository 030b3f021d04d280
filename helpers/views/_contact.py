"""Whom to call, in the same words in every lesson.

The emergency route is lesson 04's own contact blocks (helpers/content/04_living_with_treatment.md:
"emergency numbers", "contact emergency", "emergency note"), rendered here so that a lesson that
lists a sign that cannot wait gives the same route without retyping it. The same-day fallback for
"contact your MS team at once" is block "same day" of helpers/content/00_start_here.md.
"""

from __future__ import annotations

from .. import content

LESSON_04 = "04_living_with_treatment"
EMERGENCY_NUMBERS = content.render(LESSON_04, "emergency numbers", {})
EMERGENCY_CONTACT = content.render(LESSON_04, "contact emergency",
                                   {"emergency_numbers": EMERGENCY_NUMBERS})
EMERGENCY_NOTE = content.render(LESSON_04, "emergency note",
                                {"emergency_numbers": EMERGENCY_NUMBERS})
SAME_DAY = content.render("00_start_here", "same day", {})


def contact_numbers() -> dict:
    """Placeholders a lesson's content file may use for whom to call."""
    return {"emergency_numbers": EMERGENCY_NUMBERS, "emergency_contact": EMERGENCY_CONTACT,
            "emergency_note": EMERGENCY_NOTE, "same_day": SAME_DAY}

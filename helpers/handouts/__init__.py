"""A printed page to take home: one handout per lesson, built from the same content files and
registry as the live lessons (never retyped).

- :mod:`helpers.handouts.model`: what a handout holds (:func:`build`), read from the lesson's
  content file (its ``main message``, ``handout`` and ``questions for your MS team`` blocks,
  the fact boxes it names) and the registry, with every number it prints traced to its origin;
- :mod:`helpers.handouts.page`: the handout as one printable HTML page (A4 or US Letter);
- :mod:`helpers.handouts.figures`: the one key figure a lesson's handout may carry, as vector SVG
  readable in greyscale, with its alt text;
``python3 tasks.py handouts`` (tools/handouts.py) adds the QR code of each lesson's link (segno,
vector SVG) and prints the pages to PDF with Chromium.
"""
from .model import Handout, HandoutError, build, lessons

__all__ = ["Handout", "HandoutError", "build", "lessons"]

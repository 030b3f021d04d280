"""The page around the lessons: a reading column, readable text and long sliders, in JupyterLab and
in the Voilà app alike.

The first code cell of every lesson shows :func:`setup`, which returns a style sheet (an invisible
output). In the app, a cell tagged ``app-hide`` (version lists, raw file text, instructions about
running code) is hidden: Voilà and nbconvert give a cell the class ``celltag_<tag>``; JupyterLab
does not, so students and instructors still see those cells there.

Measured targets, checked by the browser tests at 1280x800: text lines of at most about 90
characters, body text of at least 16 px, and every slider track at least 300 px long.
"""
from __future__ import annotations

READING_WIDTH_EM = 44      # about 90 characters of 16 px text a line
BODY_FONT_PX = 16
SLIDER_MIN_PX = 300

CSS = f"""
.celltag_app-hide {{ display: none !important; }}
.jp-RenderedMarkdown {{ font-size: {BODY_FONT_PX}px; line-height: 1.55; }}
.jp-RenderedMarkdown > p, .jp-RenderedMarkdown > ul, .jp-RenderedMarkdown > ol,
.jp-RenderedMarkdown > blockquote, .jp-RenderedMarkdown > details,
.jp-RenderedMarkdown > h1, .jp-RenderedMarkdown > h2, .jp-RenderedMarkdown > h3 {{
  max-width: {READING_WIDTH_EM}em;
}}
.jp-RenderedMarkdown table {{ font-size: {BODY_FONT_PX}px; }}
/* A link is told from the text around it by more than its colour. */
.jp-RenderedMarkdown a, .nz-view a {{ text-decoration: underline !important; }}
/* A control whose label wraps above it grows with it: ipywidgets fixes every control's height to
   one line, and a wrapped slider or menu then draws over the control below. */
.nz-view .widget-slider, .nz-view .widget-dropdown, .nz-view .widget-datepicker {{
  height: auto; min-height: var(--jp-widgets-inline-height);
}}
.nz-view .widget-slider {{ flex-wrap: wrap; width: 100%; }}
.nz-view .widget-slider > .slider-container, .nz-view .widget-slider > .widget-readout {{
  height: var(--jp-widgets-inline-height); line-height: var(--jp-widgets-inline-height);
}}
.nz-view .widget-slider > .widget-label {{
  width: 100% !important; max-width: none; text-align: left; font-size: {BODY_FONT_PX}px;
}}
.nz-view .widget-slider > .slider-container {{ flex: 1 1 {SLIDER_MIN_PX}px;
  min-width: min({SLIDER_MIN_PX}px, 100% - 5em); }}
/* On a narrow screen a menu's or date's label takes its own line and may wrap. */
.nz-view .widget-dropdown > .widget-label, .nz-view .widget-datepicker > .widget-label {{
  white-space: normal; max-width: 100%;
}}
.nz-view .widget-dropdown > select, .nz-view .widget-datepicker > input {{ min-width: 0; }}
.nz-view .widget-dropdown > .widget-label, .nz-view .widget-datepicker > .widget-label {{
  font-size: {BODY_FONT_PX}px;
}}
.nz-view .widget-dropdown, .nz-view .widget-datepicker {{ flex-wrap: wrap; }}
.nz-view .widget-dropdown > select {{ font-size: {BODY_FONT_PX}px; }}
"""


class PageStyle:
    """Displays as a <style> element (text/html) and as nothing in plain text."""

    def _repr_html_(self) -> str:
        return f'<style class="nz-page-style">{CSS}</style>'

    def __repr__(self) -> str:
        return ""


def setup() -> PageStyle:
    """The collection's page style; show it as the last expression of a lesson's first cell."""
    return PageStyle()

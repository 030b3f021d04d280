"""The page around the lessons: a reading column, readable text and long sliders, in JupyterLab and
in the Voilà app alike.

The first code cell of every lesson shows :func:`setup`, which returns a style sheet (an invisible
output). In the app, a cell tagged ``app-hide`` (version lists, raw file text, instructions about
running code) is hidden: Voilà and nbconvert give a cell the class ``celltag_<tag>``; JupyterLab
does not, so students and instructors still see those cells there. A widget part with the class
``nz-lab-only`` (the planner's save row) is hidden in Voilà's ``#rendered_cells`` likewise.

Measured targets, checked by the browser tests at 1280x800: text lines of at most about 90
characters, body text of at least 16 px, and every slider track at least 300 px long.

The same output carries a small script, :data:`SLIDER_NAMES_JS`: ipywidgets 8 draws a slider with
noUiSlider, whose handle (the element with ``role="slider"`` a screen reader lands on) has no
accessible name, whatever the description or tooltip. The script copies each slider's label text
to its handle's ``aria-label``, now and for every slider drawn later (a MutationObserver). It is
part of the output, so it works wherever the lesson runs (JupyterLab, Voila, Binder) with nothing
to install; JupyterLab runs it for outputs made in this session (a notebook opened with stored
outputs gets it when its first cell runs).
"""
from __future__ import annotations

READING_WIDTH_EM = 44      # about 90 characters of 16 px text a line
BODY_FONT_PX = 16
SLIDER_MIN_PX = 300
PHONE_MAX_PX = 600          # at most this wide: a phone, where tables scroll inside themselves
TABLE_SCROLL_HINT = "Swipe sideways to see the whole table."
FOCUS_RING_PX = 3
FOCUS_RING_COLOUR = "#0072B2"  # Okabe-Ito blue: 5.1:1 on white

CSS = f"""
.celltag_app-hide {{ display: none !important; }}
/* Voila renders the lesson inside #rendered_cells, JupyterLab does not: what only makes sense
   beside a notebook (the planner's "save it next to the notebook") is hidden in the app. */
#rendered_cells .nz-lab-only {{ display: none !important; }}
.jp-RenderedMarkdown {{ font-size: {BODY_FONT_PX}px; line-height: 1.55; }}
.jp-RenderedMarkdown > p, .jp-RenderedMarkdown > ul, .jp-RenderedMarkdown > ol,
.jp-RenderedMarkdown > blockquote, .jp-RenderedMarkdown > details,
.jp-RenderedMarkdown > h1, .jp-RenderedMarkdown > h2, .jp-RenderedMarkdown > h3 {{
  max-width: {READING_WIDTH_EM}em;
}}
.jp-RenderedMarkdown table {{ font-size: {BODY_FONT_PX}px; }}
/* On a phone a wide table scrolls sideways inside itself (not the page), and says so. */
@media (max-width: {PHONE_MAX_PX}px) {{
  .jp-RenderedMarkdown table {{ display: block; max-width: 100%; overflow-x: auto; }}
  .jp-RenderedMarkdown table::before {{
    content: "{TABLE_SCROLL_HINT}"; display: block; font-style: italic; margin-bottom: 0.3em;
  }}
}}
/* Focus seen from across the room: ipywidgets marks a focused menu with a 1 px light-blue border
   and a slider handle with a change of colour; a keyboard user gets a 3 px ring instead, inside a
   menu or field (a widget's box would cut it off outside), around a handle, link or button. (A
   date field's calendar button, the last stop in the field, has the browser's own ring.) */
.nz-view select:focus-visible, .nz-view input:focus-visible,
.nz-view input[type="date"]:focus {{
  box-shadow: inset 0 0 0 {FOCUS_RING_PX}px {FOCUS_RING_COLOUR} !important; outline: none;
}}
.nz-view button:focus-visible, .nz-view a:focus-visible, .nz-view .noUi-handle:focus-visible,
.nz-view [tabindex]:focus-visible, .jp-RenderedMarkdown a:focus-visible,
.jp-RenderedMarkdown summary:focus-visible {{
  outline: {FOCUS_RING_PX}px solid {FOCUS_RING_COLOUR} !important; outline-offset: 2px;
}}
/* A link is told from the text around it by more than its colour. */
.jp-RenderedMarkdown a, .nz-view a {{ text-decoration: underline !important; }}
/* A slider's long label wraps on a phone instead of ending in "..." (lesson 04's "Missed infusion
   (number in the year, 0 = none)" at 390 px). A control whose label wraps above it grows with
   it: ipywidgets fixes every control's height to one line, and a wrapped slider or menu then
   draws over the control below. */
.nz-view .widget-slider, .nz-view .widget-dropdown, .nz-view .widget-datepicker {{
  height: auto; min-height: var(--jp-widgets-inline-height);
}}
.nz-view .widget-slider {{ flex-wrap: wrap; width: 100%; }}
.nz-view .widget-slider > .slider-container, .nz-view .widget-slider > .widget-readout {{
  height: var(--jp-widgets-inline-height); line-height: var(--jp-widgets-inline-height);
}}
.nz-view .widget-slider > .widget-label {{
  width: 100% !important; max-width: none; text-align: left; font-size: {BODY_FONT_PX}px;
  white-space: normal; overflow: visible; height: auto; line-height: 1.35;
}}
.nz-view .widget-slider > .slider-container {{ flex: 1 1 {SLIDER_MIN_PX}px;
  min-width: min({SLIDER_MIN_PX}px, 100% - 5em); }}
/* A menu's or date's label takes its own line (it may wrap), as a slider's does, and the menu the
   whole line under it: beside its label, a menu's chosen option was cut ("Earlier immunosuppressant
   medicin" in lesson 03 at 1280 px). */
.nz-view .widget-dropdown > .widget-label, .nz-view .widget-datepicker > .widget-label {{
  white-space: normal; width: 100% !important; max-width: 100%; text-align: left;
}}
.nz-view .widget-dropdown > select, .nz-view .widget-datepicker > input {{
  min-width: 0; flex: 1 1 100%; max-width: 100%;
}}
.nz-view .widget-dropdown > .widget-label, .nz-view .widget-datepicker > .widget-label {{
  font-size: {BODY_FONT_PX}px;
}}
.nz-view .widget-dropdown, .nz-view .widget-datepicker {{ flex-wrap: wrap; }}
.nz-view .widget-dropdown > select {{ font-size: {BODY_FONT_PX}px; }}
"""


# Idempotent: a second run (the first cell run again) renames what is there and keeps one observer.
SLIDER_NAMES_JS = """(() => {
  const name = () => {
    for (const slider of document.querySelectorAll('.widget-slider')) {
      const label = slider.querySelector(':scope > .widget-label');
      const text = label ? label.textContent.replace(/\\s+/g, ' ').trim() : '';
      if (!text) continue;
      for (const handle of slider.querySelectorAll('[role="slider"]')) {
        if (handle.getAttribute('aria-label') !== text) handle.setAttribute('aria-label', text);
      }
    }
  };
  name();
  if (window.nzSliderNames) return;
  let queued = false;
  window.nzSliderNames = new MutationObserver(() => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => { queued = false; name(); });
  });
  window.nzSliderNames.observe(document.body, {childList: true, subtree: true});
})();"""


# Figures drawn for the width they are shown at: each live figure's box is watched
# (ResizeObserver); where it is narrower than the laptop figure reads well (the image's
# data-narrow-below, from the kernel), its width, rounded down to 10 px, is written to the view's
# hidden field (.nz-width-probe, an IntText) and sent as a change, and the kernel draws a figure
# for that width (helpers.widgets.LiveFigure.show_width); 0 asks for the laptop figure again. At
# laptop width nothing is sent. Idempotent, like the slider names.
FIGURE_WIDTH_JS = """(() => {
  if (window.nzFigureWidths) { window.nzFigureWidths.scan(); return; }
  const report = (box) => {
    const view = box.closest('.nz-view');
    const img = box.querySelector('img.nz-frame');
    const probe = view && view.querySelector('.nz-width-probe input');
    const width = Math.floor(box.getBoundingClientRect().width);
    if (!img || !probe || !width) return;
    const below = parseFloat(img.dataset.narrowBelow) || 0;
    const want = String(width < below ? Math.floor(width / 10) * 10 : 0);
    if (probe.value === want) return;
    probe.value = want;
    probe.dispatchEvent(new Event('change', {bubbles: true}));
  };
  const seen = new WeakSet();
  const resized = new ResizeObserver(entries => entries.forEach(e => report(e.target)));
  const scan = () => {
    for (const box of document.querySelectorAll('.nz-view .nz-live-frame')) {
      if (seen.has(box)) continue;
      seen.add(box);
      resized.observe(box);
    }
  };
  let queued = false;
  const found = new MutationObserver(() => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => { queued = false; scan(); });
  });
  found.observe(document.body, {childList: true, subtree: true});
  window.nzFigureWidths = {scan};
  scan();
})();"""


class PageStyle:
    """Displays as a <style> element and the slider-naming script (text/html), and as nothing in
    plain text."""

    def _repr_html_(self) -> str:
        return (f'<style class="nz-page-style">{CSS}</style>'
                f'<script class="nz-page-script">{SLIDER_NAMES_JS}\n{FIGURE_WIDTH_JS}</script>')

    def __repr__(self) -> str:
        return ""


def setup() -> PageStyle:
    """The collection's page style; show it as the last expression of a lesson's first cell."""
    return PageStyle()

"""The small HTML parts a view shows around its figure or table: the message when a value is not
used, and a link that saves a file to the reader's own device."""
from __future__ import annotations

import base64
import html
from dataclasses import dataclass

from . import style


def _error_html(message: str) -> str:
    return (
        f'<div role="alert" class="nz-error" '
        f'style="color:{style.ALERT_TEXT};font-size:16px;line-height:1.45">'
        f"<b>That value was not used:</b> {html.escape(message)} The view still shows the last "
        "valid values.</div>"
    )


@dataclass(frozen=True)
class Download:
    """A file the reader saves to their own device from a view (a result's ``"download"``): a link
    holding the file as a data URL, so it works in JupyterLab, in the Voila app and on Binder
    alike, with no server folder involved."""

    file_name: str
    label: str
    text: str
    mime: str = "text/calendar"

    def html(self) -> str:
        data = base64.b64encode(self.text.encode("utf-8")).decode("ascii")
        return (
            f'<p style="margin:0.4em 0"><a class="nz-download" '
            f'download="{html.escape(self.file_name)}" '
            f'href="data:{self.mime};charset=utf-8;base64,{data}" '
            f'style="font-size:16px;font-weight:bold">{html.escape(self.label)}</a></p>'
        )

"""Analysis of survey submissions: cross-tabulations, monthly series, charts, exports
and published tables.

- ``tables``: pure functions (no Django) from columns to labelled, suppressed cells.
- ``charts``: pure functions that draw those cells as SVG, mirrored right-to-left.
- ``data``: reads of a form's submissions for analysis (selectors).
- ``services``: exports and publications, each audit-logged.
"""

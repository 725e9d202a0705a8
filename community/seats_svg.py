"""Server-rendered SVG for staff: the desk map and the occupancy chart.

Readable without colour: every desk carries its state as text and as a fill pattern, and is a
link with an accessible name; every bar carries its value as text. Both pages also show the
same numbers as a table.
"""

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from . import selectors

DESK_W, DESK_H = 58, 50


def state_labels():
    return {
        selectors.FREE: _("Free"),
        selectors.OCCUPIED: _("Occupied"),
        selectors.RESERVED: _("Reserved"),
        selectors.INACTIVE: _("Not in use"),
    }


_DEFS = (
    "<defs>"
    '<pattern id="p-occupied" width="8" height="8" patternUnits="userSpaceOnUse" '
    'patternTransform="rotate(45)"><rect width="8" height="8" fill="#cfe3d6"/>'
    '<line x1="0" y1="0" x2="0" y2="8" stroke="#0b5d3b" stroke-width="4"/></pattern>'
    '<pattern id="p-reserved" width="8" height="8" patternUnits="userSpaceOnUse">'
    '<rect width="8" height="8" fill="#fbe3c8"/><circle cx="4" cy="4" r="2" fill="#8a3700"/>'
    "</pattern>"
    '<pattern id="p-inactive" width="10" height="10" patternUnits="userSpaceOnUse">'
    '<rect width="10" height="10" fill="#e4e4e4"/>'
    '<path d="M0 0L10 10M10 0L0 10" stroke="#555" stroke-width="1.5"/></pattern>'
    "</defs>"
)

_FILL = {
    selectors.FREE: "#ffffff",
    selectors.OCCUPIED: "url(#p-occupied)",
    selectors.RESERVED: "url(#p-reserved)",
    selectors.INACTIVE: "url(#p-inactive)",
}


def _desk_name(state, labels):
    desk = state.desk
    parts = [f"{_('Desk')} {desk.code}", desk.zone, labels[state.state]]
    a = state.allocation
    if a is not None:
        who = a.member.full_name
        if a.startup_id:
            who += f" ({a.startup.name})"
        parts.append(who)
        parts.append(
            _("from %(start)s") % {"start": a.start.strftime("%d.%m.%Y")}
            + (" " + _("until %(end)s") % {"end": a.end.strftime("%d.%m.%Y")} if a.end else "")
        )
    return ", ".join(parts)


def desk_map_svg(*, states, links, day):
    labels = state_labels()
    width = max((s.desk.x for s in states), default=0) + DESK_W + 20
    height = max((s.desk.y for s in states), default=0) + DESK_H + 20
    zones = {}
    for s in states:
        x0, y0, x1, y1 = zones.get(s.desk.zone, (10**6, 10**6, 0, 0))
        zones[s.desk.zone] = (
            min(x0, s.desk.x),
            min(y0, s.desk.y),
            max(x1, s.desk.x + DESK_W),
            max(y1, s.desk.y + DESK_H),
        )
    title = escape(_("Floor plan with desks on %(day)s") % {"day": day.strftime("%d.%m.%Y")})
    out = [
        f'<svg class="desk-map" viewBox="0 0 {width} {height}" role="group" '
        f'aria-labelledby="desk-map-title" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="desk-map-title">{title}</title>',
        _DEFS,
    ]
    for zone, (x0, y0, x1, y1) in zones.items():
        out.append(
            f'<rect class="zone" x="{x0 - 8}" y="{y0 - 26}" width="{x1 - x0 + 16}" '
            f'height="{y1 - y0 + 34}" fill="none" stroke="#5f6b75" stroke-width="1.5" rx="6" '
            f'aria-hidden="true"/>'
            f'<text x="{x0 - 2}" y="{y0 - 10}" class="zone-label" aria-hidden="true">'
            f"{escape(zone)}</text>"
        )
    for s in states:
        d = s.desk
        inner = (
            f'<rect class="desk-bg" x="{d.x}" y="{d.y}" width="{DESK_W}" height="{DESK_H}" '
            f'rx="4" fill="{_FILL[s.state]}" stroke="#1b1f24" stroke-width="1.5"/>'
            f'<rect x="{d.x + 4}" y="{d.y + 8}" width="{DESK_W - 8}" height="32" fill="#fff" '
            f'rx="2"/>'
            f'<text x="{d.x + DESK_W / 2}" y="{d.y + 22}" text-anchor="middle" '
            f'class="desk-code">{escape(d.code)}</text>'
            f'<text x="{d.x + DESK_W / 2}" y="{d.y + 35}" text-anchor="middle" '
            f'class="desk-state">{escape(labels[s.state])}</text>'
        )
        name = escape(_desk_name(s, labels))
        href = links.get(d.pk)
        if href:
            out.append(
                f'<a href="{escape(href)}" class="desk desk-{s.state}" aria-label="{name}">'
                f"{inner}</a>"
            )
        else:
            out.append(f'<g class="desk desk-{s.state}" role="img" aria-label="{name}">{inner}</g>')
    out.append("</svg>")
    return mark_safe("".join(out))


def occupancy_chart_svg(*, months):
    """Bars of the average seats taken per month, each labelled with its number."""
    total = max((m["total"] for m in months), default=0) or 1
    bar_w, gap, chart_h, left, top = 44, 14, 200, 40, 20
    width = left + len(months) * (bar_w + gap) + 10
    height = top + chart_h + 50
    title = escape(_("Average seats taken per month"))
    desc = escape(
        "; ".join(f"{m['month'].strftime('%m.%Y')}: {m['average']} / {m['total']}" for m in months)
    )
    out = [
        f'<svg class="occupancy-chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="occ-title occ-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="occ-title">{title}</title><desc id="occ-desc">{desc}</desc>',
        f'<line x1="{left}" y1="{top + chart_h}" x2="{width - 5}" y2="{top + chart_h}" '
        f'stroke="#1b1f24"/>',
        f'<text x="{left - 6}" y="{top + 4}" text-anchor="end" class="axis">{total}</text>',
        f'<text x="{left - 6}" y="{top + chart_h}" text-anchor="end" class="axis">0</text>',
        f'<line x1="{left}" y1="{top}" x2="{width - 5}" y2="{top}" stroke="#8a949c" '
        f'stroke-dasharray="4 4"/>',
    ]
    for i, m in enumerate(months):
        h = round(chart_h * min(m["average"], total) / total)
        x = left + gap / 2 + i * (bar_w + gap)
        y = top + chart_h - h
        out.append(
            f'<rect x="{x}" y="{y}" width="{bar_w}" height="{h}" fill="#0b5d3b"/>'
            f'<text x="{x + bar_w / 2}" y="{max(y - 4, top + 12)}" text-anchor="middle" '
            f'class="value">{m["average"]:.0f}</text>'
            f'<text x="{x + bar_w / 2}" y="{top + chart_h + 16}" text-anchor="middle" '
            f'class="axis">{m["month"].strftime("%m")}</text>'
            f'<text x="{x + bar_w / 2}" y="{top + chart_h + 30}" text-anchor="middle" '
            f'class="axis">{m["month"].strftime("%Y")}</text>'
        )
    out.append("</svg>")
    return mark_safe("".join(out))

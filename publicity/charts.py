"""The office's progress over the school year as a small inline SVG (no library, no CDN),
drawn from stored daily snapshots (OfficeComplianceSnapshot)."""

from collections import defaultdict

from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

WIDTH, HEIGHT, PAD = 560, 160, 28


def daily_percent(snapshots):
    """[(day, percent done, percent on time)] summed over the offices in scope."""
    by_day = defaultdict(lambda: [0, 0, 0])  # done, on time, due
    for s in snapshots:
        totals = by_day[s.day]
        totals[0] += s.on_time + s.late + s.not_applicable
        totals[1] += s.on_time + s.not_applicable
        totals[2] += s.due
    return [
        (day, round(100 * done / due), round(100 * on_time / due))
        for day, (done, on_time, due) in sorted(by_day.items())
        if due
    ]


def progress_svg(snapshots):
    points = daily_percent(snapshots)
    if not points:
        return format_html(
            "<p>{}</p>", _("Chưa có số liệu theo ngày (chạy record_compliance_snapshot hằng ngày).")
        )
    first, last = points[0][0], points[-1][0]
    span = max((last - first).days, 1)

    def xy(day, percent):
        x = PAD + (WIDTH - 2 * PAD) * (day - first).days / span
        y = HEIGHT - PAD - (HEIGHT - 2 * PAD) * percent / 100
        return f"{x:.1f},{y:.1f}"

    done = " ".join(xy(day, p) for day, p, _o in points)
    on_time = " ".join(xy(day, o) for day, _p, o in points)
    grid = format_html_join(
        "",
        '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#ddd"/><text x="2" y="{}" font-size="10">{}%</text>',
        (
            (PAD, WIDTH - PAD, y, y, y + 3, p)
            for p in (0, 50, 100)
            for y in [HEIGHT - PAD - (HEIGHT - 2 * PAD) * p / 100]
        ),
    )
    label = _("Tiến độ công khai của các trường từ %(first)s đến %(last)s") % {
        "first": first.strftime("%d/%m/%Y"),
        "last": last.strftime("%d/%m/%Y"),
    }
    return format_html(
        '<svg class="cong-khai-chart" role="img" aria-label="{label}" width="{w}" height="{h}" '
        'viewBox="0 0 {w} {h}" xmlns="http://www.w3.org/2000/svg"><title>{label}</title>{grid}'
        '<polyline fill="none" stroke="#2e7d32" stroke-width="2" points="{done}"/>'
        '<polyline fill="none" stroke="#1565c0" stroke-width="2" stroke-dasharray="4 3" '
        'points="{on_time}"/>'
        '<text x="{x1}" y="{yb}" font-size="10">{first}</text>'
        '<text x="{x2}" y="{yb}" font-size="10" text-anchor="end">{last}</text></svg>'
        '<p class="help">{legend}</p>',
        label=label,
        w=WIDTH,
        h=HEIGHT,
        grid=grid,
        done=done,
        on_time=on_time,
        x1=PAD,
        x2=WIDTH - PAD,
        yb=HEIGHT - 8,
        first=first.strftime("%d/%m"),
        last=last.strftime("%d/%m"),
        legend=format_html(
            "<span style='color:#2e7d32'>━ {}</span> · <span style='color:#1565c0'>┅ {}</span>",
            _("đã công khai / đến hạn"),
            _("đúng hạn / đến hạn"),
        ),
    )

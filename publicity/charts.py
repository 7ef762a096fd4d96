"""The office's progress over the school year as a small inline SVG (no library, no CDN),
drawn from stored daily snapshots (OfficeComplianceSnapshot), with the two shares of
publicity.figures: a point and its value from the first stored day on."""

from collections import defaultdict

from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from .figures import Figures, label

WIDTH, HEIGHT, PAD = 560, 170, 30
MARKED_POINTS = 62  # every point gets a dot up to two months of days; then the last one


def daily_percent(snapshots):
    """[(day, tỷ lệ đã công khai, tỷ lệ đúng hạn)] summed over the offices in scope; days
    with nothing due are left out."""
    by_day = defaultdict(Figures)
    for snapshot in snapshots:
        by_day[snapshot.day] += Figures.of(snapshot)
    return [
        (day, figures.percent_published, figures.percent_on_time)
        for day, figures in sorted(by_day.items())
        if figures.due
    ]


COLOURS = {"published": "#2e7d32", "on_time": "#1565c0"}


def progress_svg(snapshots):
    points = daily_percent(snapshots)
    if not points:
        return format_html(
            '<p class="help cong-khai-chart-empty">{}</p>',
            _(
                "Chưa có số liệu theo ngày: mỗi đêm hệ thống ghi lại số liệu của đơn vị, "
                "biểu đồ tiến độ hiện từ ngày đầu tiên có số liệu."
            ),
        )
    first, last = points[0][0], points[-1][0]
    span = (last - first).days

    def x(day):
        """Coordinates as text: format_html escapes its arguments before formatting."""
        if not span:
            return f"{WIDTH / 2:.1f}"
        return f"{PAD + (WIDTH - 2 * PAD) * (day - first).days / span:.1f}"

    def y(percent, shift=0):
        return f"{HEIGHT - PAD - (HEIGHT - 2 * PAD) * percent / 100 + shift:.1f}"

    def line(index, colour, dashed):
        coords = " ".join(f"{x(p[0])},{y(p[index])}" for p in points)
        return format_html(
            '<polyline fill="none" stroke="{}" stroke-width="2" stroke-dasharray="{}" '
            'points="{}"/>',
            colour,
            "4 3" if dashed else "none",
            coords,
        )

    marked = points if len(points) <= MARKED_POINTS else points[-1:]
    dots = format_html_join(
        "",
        '<circle cx="{}" cy="{}" r="3" fill="{}"><title>{}: {}%</title></circle>',
        (
            (x(p[0]), y(p[index]), colour, p[0].strftime("%d/%m/%Y"), p[index])
            for p in marked
            for index, colour in ((1, COLOURS["published"]), (2, COLOURS["on_time"]))
        ),
    )
    final = points[-1]
    values = format_html(
        '<text x="{}" y="{}" font-size="11" fill="{}" text-anchor="{}">{}%</text>'
        '<text x="{}" y="{}" font-size="11" fill="{}" text-anchor="{}">{}%</text>',
        x(final[0]),
        y(final[1], -6),
        COLOURS["published"],
        "end" if span else "middle",
        final[1],
        x(final[0]),
        y(final[2], 14),
        COLOURS["on_time"],
        "end" if span else "middle",
        final[2],
    )
    grid = format_html_join(
        "",
        '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#ddd"/>'
        '<text x="2" y="{}" font-size="10">{}%</text>',
        ((PAD, WIDTH - PAD, y(p), y(p), y(p, 3), p) for p in (0, 50, 100)),
    )
    caption = _("Tiến độ công khai của các trường từ %(first)s đến %(last)s") % {
        "first": first.strftime("%d/%m/%Y"),
        "last": last.strftime("%d/%m/%Y"),
    }
    axis = format_html(
        '<text x="{}" y="{}" font-size="10">{}</text>'
        '<text x="{}" y="{}" font-size="10" text-anchor="end">{}</text>',
        PAD,
        HEIGHT - 8,
        first.strftime("%d/%m/%Y"),
        WIDTH - PAD,
        HEIGHT - 8,
        last.strftime("%d/%m/%Y"),
    )
    return format_html(
        '<svg class="cong-khai-chart" role="img" aria-label="{label}" width="{w}" height="{h}" '
        'viewBox="0 0 {w} {h}" xmlns="http://www.w3.org/2000/svg"><title>{label}</title>'
        "{grid}{published}{on_time}{dots}{values}{axis}</svg>"
        '<p class="help">{legend}</p>',
        label=caption,
        w=WIDTH,
        h=HEIGHT,
        grid=grid,
        published=line(1, COLOURS["published"], False),
        on_time=line(2, COLOURS["on_time"], True),
        dots=dots,
        values=values,
        axis=axis,
        legend=format_html(
            "<span style='color:{}'>━ {} {}%</span> · <span style='color:{}'>┅ {} {}%</span> ({})",
            COLOURS["published"],
            label("percent_published"),
            final[1],
            COLOURS["on_time"],
            label("percent_on_time"),
            final[2],
            final[0].strftime("%d/%m/%Y"),
        ),
    )

"""Native Excel charts (DrawingML): a drawing part anchoring chart parts, each with cached values."""

from __future__ import annotations

import math
from collections.abc import Mapping
from xml.sax.saxutils import escape

from srm_xl.io.draft import Chart, ChartKind
from srm_xl.io.page import DEFAULT_WIDTH, column_pixels

C_NS = "http://schemas.openxmlformats.org/drawingml/2006/chart"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
XDR_NS = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PALETTE = ("4472C4", "ED7D31", "A5A5A5", "FFC000", "5B9BD5", "70AD47")
ROW_PX = 20
"""A row of the default height (15 pt) in pixels at 96 dpi."""
BAR_PX = 16
"""The thickness of one bar, so that a label beside it stays readable."""
_FRAME_PX = 90
"""Title, axis labels and margins around the plot."""
_LEGEND_PX = 18
"""One line of legend entries (about four per line)."""


def chart_size(kind: ChartKind, categories: int, series: int) -> tuple[int, int]:
    """Width and height in pixels at which every category of a chart is readable: bar charts grow taller and
    column and line charts wider with the number of categories (and of series side by side)."""
    legend = _LEGEND_PX * math.ceil(series / 4) if series > 1 or kind == "pie" else 0
    if kind == "pie":
        return 380, 260 + legend
    group = series * BAR_PX + 10 if kind in ("bar", "column") else 36
    if kind == "bar":
        return 480, max(220, _FRAME_PX + categories * group) + legend
    return max(420, 110 + categories * group), 260 + legend


def chart_anchor(
    kind: ChartKind,
    categories: int,
    series: int,
    col: int,
    row: int,
    widths: Mapping[int, float],
    max_width_px: int | None = None,
) -> tuple[int, int, int, int]:
    """The cell anchor (first column, first row, end column, end row; 0-based) of a chart of ``chart_size`` placed
    at ``col``, ``row`` of a sheet whose columns have ``widths`` (characters), at most ``max_width_px`` wide."""
    width, height = chart_size(kind, categories, series)
    if max_width_px is not None:
        width = min(width, max_width_px)
    end, covered = col, 0
    while True:
        step = column_pixels(widths.get(end, DEFAULT_WIDTH))
        if covered + step > width and end > col:
            break
        covered += step
        end += 1
    return col, row, end, row + math.ceil(height / ROW_PX)


def _text(text: str) -> str:
    """A chart title: 11 pt bold."""
    return (
        f'<c:tx><c:rich><a:bodyPr/><a:p><a:pPr><a:defRPr sz="1100" b="1"/></a:pPr><a:r><a:rPr lang="zh-CN" sz="1100" b="1"/>'
        f"<a:t>{escape(text)}</a:t></a:r></a:p></c:rich></c:tx>"
    )


_TEXT_9PT = '<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="900"/></a:pPr><a:endParaRPr lang="zh-CN"/></a:p></c:txPr>'
"""Axis labels and legend at 9 pt, readable when the chart prints at its anchored size."""


def _str_cache(ref: str, values: tuple[str, ...]) -> str:
    points = "".join(f'<c:pt idx="{i}"><c:v>{escape(str(v))}</c:v></c:pt>' for i, v in enumerate(values))
    return f'<c:strRef><c:f>{escape(ref)}</c:f><c:strCache><c:ptCount val="{len(values)}"/>{points}</c:strCache></c:strRef>'


def _num_cache(ref: str, values: tuple[float | None, ...]) -> str:
    points = "".join(f'<c:pt idx="{i}"><c:v>{v!r}</c:v></c:pt>' for i, v in enumerate(values) if v is not None)
    return f'<c:numRef><c:f>{escape(ref)}</c:f><c:numCache><c:formatCode>General</c:formatCode><c:ptCount val="{len(values)}"/>{points}</c:numCache></c:numRef>'


def chart_xml(chart: Chart) -> bytes:
    """One chart part."""
    series = []
    for index, item in enumerate(chart.series):
        color = PALETTE[index % len(PALETTE)]
        fill = (
            ""
            if chart.kind == "pie"
            else (
                f'<c:spPr><a:ln w="28575"><a:solidFill><a:srgbClr val="{color}"/></a:solidFill></a:ln></c:spPr>'
                if chart.kind == "line"
                else f'<c:spPr><a:solidFill><a:srgbClr val="{color}"/></a:solidFill></c:spPr>'
            )
        )
        series.append(
            f'<c:ser><c:idx val="{index}"/><c:order val="{index}"/><c:tx><c:v>{escape(item.name)}</c:v></c:tx>{fill}'
            + ('<c:marker><c:symbol val="circle"/></c:marker>' if chart.kind == "line" else "")
            + f"<c:cat>{_str_cache(chart.categories_ref, chart.categories)}</c:cat>"
            f"<c:val>{_num_cache(item.ref, item.values)}</c:val>"
            + ('<c:smooth val="0"/>' if chart.kind == "line" else "")
            + "</c:ser>"
        )
    body = "".join(series)
    axes = '<c:axId val="50001"/><c:axId val="50002"/>'
    if chart.kind == "pie":
        plot = f'<c:pieChart><c:varyColors val="1"/>{body}<c:firstSliceAng val="0"/></c:pieChart>'
    elif chart.kind == "line":
        plot = f'<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>{body}<c:marker val="1"/>{axes}</c:lineChart>'
    else:
        direction = "bar" if chart.kind == "bar" else "col"
        plot = (
            f'<c:barChart><c:barDir val="{direction}"/><c:grouping val="clustered"/><c:varyColors val="0"/>{body}'
            f'<c:gapWidth val="80"/>{axes}</c:barChart>'
        )
    if chart.kind != "pie":
        plot += (
            '<c:catAx><c:axId val="50001"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/>'
            '<c:axPos val="b"/><c:numFmt formatCode="General" sourceLinked="0"/><c:tickLblPos val="nextTo"/><c:crossAx val="50002"/>'
            '<c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/></c:catAx>'
            '<c:valAx><c:axId val="50002"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/>'
            '<c:axPos val="l"/><c:majorGridlines/><c:numFmt formatCode="General" sourceLinked="1"/><c:tickLblPos val="nextTo"/>'
            '<c:crossAx val="50001"/><c:crosses val="autoZero"/><c:crossBetween val="between"/></c:valAx>'
        )
    legend = (
        '<c:legend><c:legendPos val="b"/><c:overlay val="0"/></c:legend>'
        if len(chart.series) > 1 or chart.kind == "pie"
        else ""
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<c:chartSpace xmlns:c="{C_NS}" xmlns:a="{A_NS}" xmlns:r="{R_NS}">'
        f'<c:roundedCorners val="0"/><c:chart><c:title>{_text(chart.title)}<c:overlay val="0"/></c:title><c:autoTitleDeleted val="0"/>'
        f'<c:plotArea><c:layout/>{plot}</c:plotArea>{legend}<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>'
        f"{_TEXT_9PT}</c:chartSpace>"
    ).encode()


def drawing_xml(charts: list[Chart]) -> bytes:
    """The drawing part placing each chart (relationship ids rIdChart1, rIdChart2 …)."""
    anchors = []
    for index, chart in enumerate(charts, start=1):
        c1, r1, c2, r2 = chart.anchor
        anchors.append(
            f"<xdr:twoCellAnchor><xdr:from><xdr:col>{c1}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>{r1}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>"
            f"<xdr:to><xdr:col>{c2}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>{r2}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>"
            f'<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="{index + 1}" name="Chart {index}"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>'
            '<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm><a:graphic>'
            f'<a:graphicData uri="{C_NS}"><c:chart xmlns:c="{C_NS}" r:id="rIdChart{index}"/></a:graphicData></a:graphic>'
            "</xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>"
        )
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<xdr:wsDr xmlns:xdr="{XDR_NS}" xmlns:a="{A_NS}" xmlns:r="{R_NS}">'
        + "".join(anchors)
        + "</xdr:wsDr>"
    ).encode("utf-8")

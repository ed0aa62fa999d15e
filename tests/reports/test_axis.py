"""Chart axes: round steps (1, 2, 5 × 10ⁿ), whole-number labels for counts, the same on screen and in PDF."""

import pytest

from frontdesk.reports.axis import is_empty, nice_step, value_axis
from frontdesk.reports.pdf import stats_charts


@pytest.mark.parametrize("peak, top, step", [(783, 800, 200), (1044, 1500, 500), (7, 8, 2), (3, 3, 1), (12, 15, 5)])
def test_count_axes_tick_at_round_steps_with_integer_labels(peak, top, step):
    axis = value_axis(peak)
    assert (axis.top, axis.step) == (top, step)
    assert all(label.isdigit() for label in map(axis.label, axis.ticks))
    assert str(nice_step(axis.step)).rstrip("0").rstrip(".")[0] in "125"


def test_an_empty_period_has_a_small_whole_number_axis():
    axis = value_axis(0)
    assert [axis.label(t) for t in axis.ticks] == ["0", "1", "2", "3", "4", "5"]
    assert is_empty([[0, 0], [None]]) and not is_empty([[0, 2]])


def test_the_pdf_charts_use_the_same_axis_and_say_no_data():
    drawing = stats_charts.category_chart({"咨询": 0, "报修": 0})
    texts = [getattr(item, "text", "") for item in drawing.contents]
    assert "暂无数据" in texts
    chart = stats_charts.category_chart({"咨询": 783, "报修": 12}).contents[1]
    assert (chart.valueAxis.valueMax, chart.valueAxis.valueStep) == (800, 200)
    assert chart.valueAxis.labelTextFormat(400.0) == "400"

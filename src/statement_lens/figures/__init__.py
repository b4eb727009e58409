"""DataFrame → Plotly figure, one module per chart family (like BERTopic's ``plotting/``).

No Streamlit, no I/O, no model: every function takes frames and returns a ``go.Figure``.
``base`` holds the shared palette and layout; ``topics``, ``stance``, ``compare`` and ``corpus`` the charts.
"""

from statement_lens.figures.base import (
    FONT,
    STANCE_COLORS,
    STANCE_ORDER,
    STANCE_SCALE,
    TOPIC_COLOR,
    layout,
    legend_above,
    plotly_text,
    short_label,
    topic_order,
    wrap_label,
)
from statement_lens.figures.stance import (
    read_by_model,
    stance_heatmap_figure,
    stance_overview_figure,
    unit_labels,
    weighted_stance,
)
from statement_lens.figures.topics import topic_emphasis_figure

__all__ = [
    "FONT",
    "STANCE_COLORS",
    "STANCE_ORDER",
    "STANCE_SCALE",
    "TOPIC_COLOR",
    "layout",
    "legend_above",
    "plotly_text",
    "read_by_model",
    "short_label",
    "stance_heatmap_figure",
    "stance_overview_figure",
    "topic_emphasis_figure",
    "topic_order",
    "unit_labels",
    "weighted_stance",
    "wrap_label",
]

"""Agreement between annotators: Krippendorff's alpha (nominal) with the ``krippendorff`` package.

Units are answers labelled by two or more annotators (their current labels); each answer's
labels are one column of the reliability matrix (annotators x answers, missing labels NaN).
Alpha is ``nan`` where it is undefined: no answer with two labels, or one label used throughout
(no disagreement can be expected, so none can be measured).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from .._extras import import_extra

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["alpha", "alpha_by", "disagreements", "shared"]

BY = ("question", "article", "source")


def _krippendorff() -> Any:
    return import_extra("labels", "krippendorff", what="agreement")


def shared(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``frame`` (current labels) whose answer has labels of two or more annotators."""
    counts = frame.groupby("answer_id")["annotator"].transform("nunique")
    return frame[counts >= 2]


def alpha(frame: pd.DataFrame) -> float:
    """Krippendorff's alpha (nominal) over the answers in ``frame`` labelled by 2+ annotators."""
    import numpy as np

    rows = shared(frame)
    if rows.empty or rows["label"].nunique() < 2:
        return math.nan
    codes = {label: float(i) for i, label in enumerate(sorted(rows["label"].unique()))}
    matrix = rows.pivot(index="annotator", columns="answer_id", values="label")
    data = matrix.apply(lambda column: column.map(codes)).to_numpy(dtype=float, na_value=np.nan)
    value = _krippendorff().alpha(
        reliability_data=data, level_of_measurement="nominal", value_domain=sorted(codes.values())
    )
    return float(value)


def alpha_by(frame: pd.DataFrame, by: str) -> pd.DataFrame:
    """Alpha and the number of answers labelled by 2+ annotators for each value of ``by``."""
    import pandas as pd

    rows = shared(frame)
    records = [
        {by: key, "alpha": alpha(group), "answers": int(group["answer_id"].nunique())}
        for key, group in rows.groupby(by, sort=True)
    ]
    return pd.DataFrame(records, columns=[by, "alpha", "answers"])


def disagreements(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per answer whose annotators gave different labels, with ``labels`` {annotator: label}."""
    import pandas as pd

    rows = shared(frame)
    columns = ["article", "question", "source", "answer", "context", "answer_id", "labels"]
    records = []
    for answer_id, group in rows.groupby("answer_id", sort=False):
        if group["label"].nunique() < 2:
            continue
        first = group.iloc[0]
        records.append(
            {
                **{name: first[name] for name in columns[:5]},
                "answer_id": answer_id,
                "labels": dict(zip(group["annotator"], group["label"], strict=True)),
            }
        )
    return pd.DataFrame(records, columns=columns)

"""Research for ctxwidget.pipeline: the offline answer step measured against the real pipeline's answers."""

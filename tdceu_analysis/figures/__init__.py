"""Figures: the frames behind the notebooks' tables and charts, one module per figure."""

"""Shared, tested helpers for the natalizumab teaching notebooks.

Data flows one way: sources -> models -> views -> notebooks.

    from helpers import sources, pk, style, widgets
"""
__version__ = "0.1.0"

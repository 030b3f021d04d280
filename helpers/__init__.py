"""Shared, tested helpers for the natalizumab teaching notebooks.

Data flows one way: sources -> models -> views -> notebooks.

    from helpers import sources, pk, style, widgets
"""
import os as _os

__version__ = "0.1.0"

# One BLAS thread unless the reader set otherwise. The models multiply and exponentiate 4x4
# matrices (helpers.immune: a batch of 420 for lesson 01's comparison), where a second OpenBLAS
# thread only adds waiting: measured on the 2-core machine under load, scipy.linalg.expm of 420
# 4x4 matrices took 1.39 s with OpenBLAS's default threads and 0.001 s with one, and lesson 01's
# first cells 2.5 s longer. OpenBLAS reads the variable when it first starts its threads, so set
# here, before any model runs, it holds for this process only.
_os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

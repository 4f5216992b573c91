"""An OpenAPI 3.0 → Python bindings generator: attrs models and urllib3 endpoint functions.

Stages, one module each: ``load`` → ``build`` (the IR in ``ir``) → ``render`` →
``formatting`` (black) → ``write``; ``pipeline`` runs them, ``cli`` is the command line.
"""

__version__ = "0.1.0"

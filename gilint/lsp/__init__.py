"""The gilint language server (needs the ``lsp`` extra: pygls and lsprotocol).

``gilint lsp`` calls :func:`main`. Importing this package imports pygls, so a missing extra is
reported by the command line as such; ``gilint.cli`` itself never imports it.
"""
from gilint.lsp.server import create_server, main

__all__ = ["create_server", "main"]

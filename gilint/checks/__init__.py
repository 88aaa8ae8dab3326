"""Check kinds, one module per rule family; each rule's documentation is its docstring."""

"""The offline plan: the program's resource graph as data, rendered for people (tree, mermaid) or scripts (json)."""

"""The rules: one file per rule, grouped by family (document, tables, arithmetic, text,
suppressions), each family listing its rules in its RULES; ``base`` is the Rule class and the
registry, ``kinds`` the check kinds packs declare rules with, ``declarative`` builds those rules.
Each rule's documentation is its class docstring."""

"""python -m gilint.schema: regenerate gilint/schema/gilint.schema.json."""
from gilint.schema import SCHEMA_FILE, write_schema

write_schema()
print(SCHEMA_FILE)

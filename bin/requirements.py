"""Print pyproject.toml's requirement specifiers, one per line, for `make lock`."""

import sys
import tomllib
from pathlib import Path

project = tomllib.loads(Path("pyproject.toml").read_text())["project"]
specs = list(project["dependencies"])
if sys.argv[1:] == ["dev"]:
    specs += project["optional-dependencies"]["dev"]
print("\n".join(specs))

"""Print the lines of a pip requirements file that are not satisfied.

Usage: missing_reqs.py [--names-only] [--path=DIR] requirements.txt

Lines whose environment marker does not apply are ignored. With
--names-only, a requirement counts as satisfied when any version of the
distribution is installed (used for Odoo's exact pins, so that a working
installation is not churned). With --path, distributions are looked up in
DIR (a `pip install --target` folder) instead of sys.path.
"""

import re
import sys
from importlib import metadata

try:
    from packaging.requirements import InvalidRequirement, Requirement
except ImportError:  # pip always vendors packaging
    from pip._vendor.packaging.requirements import InvalidRequirement, Requirement


def installed_version(name, search_path=None):
    """The installed version of distribution NAME, None when it is missing."""
    if search_path is None:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return None
    found = next(iter(metadata.distributions(name=name, path=search_path)), None)
    return found.version if found else None


def main(argv):
    names_only = "--names-only" in argv
    search_path = [a.split("=", 1)[1] for a in argv if a.startswith("--path=")]
    paths = [a for a in argv if not a.startswith("--")]
    missing = []
    for path in paths:
        with open(path, encoding="utf-8") as fh:
            for raw in fh:
                line = re.sub(r"(^|\s)#.*", "", raw).strip()
                if not line or line.startswith("-"):
                    continue
                try:
                    req = Requirement(line)
                except InvalidRequirement:
                    missing.append(line)
                    continue
                if req.marker and not req.marker.evaluate():
                    continue
                version = installed_version(req.name, search_path or None)
                if version is None:
                    missing.append(line)
                    continue
                if (
                    not names_only
                    and req.specifier
                    and not req.specifier.contains(version, prereleases=True)
                ):
                    missing.append(line)
    if missing:
        print("\n".join(missing))


if __name__ == "__main__":
    main(sys.argv[1:])

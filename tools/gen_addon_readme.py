"""Generate static/description/index.html (Odoo's Apps screen) from the readme/ fragments.

OCA's `oca-gen-addon-readme` does this for OCA repositories, but it ships only in OCA's
maintainer-tools repository, not on PyPI, so it cannot be installed here. This follows
its layout (title, summary, table of contents, then the fragments DESCRIPTION, CONFIGURE,
USAGE, ROADMAP, then Credits: authors, contributors, maintainers) and renders with
docutils, as that tool does.

    python tools/gen_addon_readme.py           # (re)write static/description/index.html
    python tools/gen_addon_readme.py --check   # exit 1 when index.html is out of date
"""
import argparse
import ast
import sys
from pathlib import Path

from docutils.core import publish_string

ROOT = Path(__file__).resolve().parent.parent
INDEX = ROOT / "static" / "description" / "index.html"
# (fragment, section title) in OCA's order; a missing fragment is left out
SECTIONS = [("CONFIGURE.rst", "Configuration"), ("USAGE.rst", "Usage"),
            ("ROADMAP.rst", "Known issues / Roadmap")]


def fragment(name):
    path = ROOT / "readme" / name
    return path.read_text().strip() + "\n" if path.exists() else None


def heading(text, char):
    return "%s\n%s\n\n" % (text, char * len(text))


def readme_rst():
    manifest = ast.literal_eval((ROOT / "__manifest__.py").read_text())
    title = manifest["name"]
    rst = ["=" * len(title) + "\n" + title + "\n" + "=" * len(title) + "\n\n",
           "**%s**\n\n" % manifest["summary"],
           "Version %s, %s, licence %s.\n\n" % (manifest["version"],
                                                manifest["development_status"],
                                                manifest["license"]),
           fragment("DESCRIPTION.rst"), "\n**Table of contents**\n\n"
           ".. contents::\n   :local:\n\n"]
    for name, title in SECTIONS:
        text = fragment(name)
        if text:
            rst += [heading(title, "="), text, "\n"]
    rst += [heading("Credits", "="), heading("Authors", "~")]
    rst += ["* %s\n" % a.strip() for a in manifest["author"].split(",")] + ["\n"]
    contributors = fragment("CONTRIBUTORS.rst")
    if contributors:
        rst += [heading("Contributors", "~"), contributors, "\n"]
    rst += [heading("Maintainers", "~"), "Current maintainers: %s.\n\n" % ", ".join(
        manifest["maintainers"]), "Project: %s\n" % manifest["website"]]
    return "".join(rst)


def index_html():
    return publish_string(readme_rst(), writer_name="html4css1", settings_overrides={
        "embed_stylesheet": True, "output_encoding": "unicode", "report_level": 2,
        "halt_level": 2})  # a warning in a fragment is an error: fix the fragment


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    html = index_html()
    if args.check:
        if not INDEX.exists() or INDEX.read_text() != html:
            sys.exit("%s is out of date with readme/ and the manifest: run "
                     "`make readme` and commit it" % INDEX.relative_to(ROOT))
        return
    INDEX.write_text(html)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Build data/skills.tsv (canonical<TAB>aliases<TAB>category) for Shortlist.

Inputs:
  * the O*NET-derived skills list of the project's shared test data
    (skills/skills.tsv and skills/raw/onet-29.2/Technology Skills.txt, O*NET
    29.2, CC BY 4.0), given as the first argument (the skills/ folder);
  * build-aux/skills-concepts.tsv (CC0): concepts, methods and practices with
    their aliases, which take precedence over O*NET names.

Selection: every concept, plus the O*NET technology examples that are either
flagged "Hot Technology" or listed for at least MIN_OCCUPATIONS occupations
(widely used tools), or that carry hand-curated aliases. O*NET content-model
entries ("Design", "Monitoring", ...) are left out: they are ordinary words.
Aliases that are common words or clash with another skill are dropped.

Python 3 stdlib only, deterministic:
  python3 build-aux/build-skills.py /path/to/skills > data/skills.tsv
"""
import csv
import os
import sys
from collections import Counter

MIN_OCCUPATIONS = 3
HERE = os.path.dirname(os.path.abspath(__file__))

# Aliases too ambiguous to keep, whatever skill proposes them.
STOP_ALIASES = {
    "access", "word", "project", "teams", "darwin", "flex", "pig", "ps", "ai", "es", "vs",
    "tf", "next", "rn", "ado", "hg", "ps1", "py", "office", "spreadsheets", "sheets",
    "docs", "forms", "drive", "maps", "mail", "calendar", "photos", "notes", "pages",
    "numbers", "keynote", "publisher", "analytics", "cloud", "server", "studio", "one",
    "live", "connect", "reader", "viewer", "player", "designer", "builder", "manager",
    "explorer", "works", "dynamics", "sharepoint server", "lens", "bridge", "edge",
    "ace", "act", "apex", "atlas", "arc", "aspen", "basis", "camel", "crystal", "delta",
    "eclipse", "focus", "fusion", "gem", "harvest", "impact", "jade", "keystone",
    "maven", "mercury", "meteor", "nexus", "nova", "oasis", "orbit", "phoenix", "prism",
    "quest", "sage", "scout", "sentinel", "shield", "spark", "sprint", "summit", "vault",
    "vision", "zoom", "box", "go", "r", "c", "d", "j", "e", "basic", "logo", "alice",
    "ant", "make", "hive", "chef", "puppet", "salt", "express", "node", "mono", "ruby",
    "swift", "rust", "dart", "elm", "julia", "pascal", "processing", "scheme", "forth",
    "mason", "etc", "sap", "oracle", "apple", "amazon", "google", "microsoft", "ibm", "meta",
}

# O*NET examples never worth keeping as skills (too generic as written).
STOP_CANONICALS = {
    "facebook", "linkedin", "twitter", "instagram", "youtube", "web browser software",
    "email software", "word processing software", "spreadsheet software",
    "presentation software", "internet browser software", "calculator",
}


def norm(s):
    return " ".join(s.lower().split())


def main():
    src = sys.argv[1]
    counts = Counter()
    hot = set()
    with open(os.path.join(src, "raw", "onet-29.2", "Technology Skills.txt"),
              encoding="utf-8", newline="") as f:
        rows = csv.reader(f, delimiter="\t")
        next(rows)
        for row in rows:
            row = [c.strip() for c in row]
            counts[row[1]] += 1
            if row[4] == "Y":
                hot.add(row[1])

    curated = set()
    with open(os.path.join(src, "skills_provenance.tsv"), encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 2 and "curated" in parts[1]:
                curated.add(parts[0])

    skills = []          # [canonical, [aliases], category]
    owner = {}           # normalised key -> index in skills

    def claim(index, name):
        key = norm(name.lstrip("~"))
        if not key or key in owner:
            return False
        owner[key] = index
        return True

    with open(os.path.join(HERE, "skills-concepts.tsv"), encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            canonical, aliases, category = line.split("\t")
            index = len(skills)
            if not claim(index, canonical):
                sys.exit("duplicate concept %r" % canonical)
            kept = [a.strip() for a in aliases.split(",") if a.strip()]
            kept = [a for a in kept if claim(index, a) or norm(a.lstrip("~")) == norm(canonical)]
            skills.append([canonical, kept, category])

    with open(os.path.join(src, "skills.tsv"), encoding="utf-8") as f:
        rows = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(rows)
        for canonical, aliases, category in rows:
            if category.startswith("O*NET "):
                continue
            if norm(canonical) in STOP_CANONICALS:
                continue
            if not (counts[canonical] >= MIN_OCCUPATIONS or canonical in hot or canonical in curated):
                continue
            names = [canonical] + [a.strip() for a in aliases.split(",") if a.strip()]
            names = [n for n in names if norm(n) not in STOP_ALIASES and "," not in n]
            if not names:
                continue
            # An O*NET entry naming a concept (by its name or a long alias)
            # adds its names to that concept instead of becoming a new skill.
            target = None
            for n in names:
                if norm(n) in owner and (n == canonical or len(n) >= 4):
                    target = owner[norm(n)]
                    break
            if target is None:
                target = len(skills)
                if not claim(target, canonical):
                    continue
                skills.append([canonical, [], category])
                names = names[1:]
            for n in names:
                if claim(target, n):
                    skills[target][1].append(n)

    out = sys.stdout
    out.write("canonical\taliases\tcategory\n")
    for canonical, aliases, category in sorted(skills, key=lambda s: s[0].lower()):
        out.write("%s\t%s\t%s\n" % (canonical, ",".join(aliases), category))
    sys.stderr.write("%d skills\n" % len(skills))


if __name__ == "__main__":
    main()

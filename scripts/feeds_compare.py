#!/usr/bin/python3
"""Compare `corroborate parse feed` with Python's feedparser, field by field.

Runs both parsers on every file given (directories are walked for *.xml,
*.rss, *.atom, *.rdf, *.cdf and extensionless files), maps feedparser's
result onto gofeed's universal model (the model `parse feed` prints), and
reports where the values differ. It finds gaps; it does not score: where
the two disagree either may be right.

feedparser -> universal model, as mapped here:
  feed.title/subtitle/link/id/language/rights/generator -> title/description/
    link/id/language/copyright/generator (an Atom generator's name, version
    and uri joined as gofeed joins them: "Name vX uri")
  feed.links[rel=self].href -> feedLink; feed.image.href -> image.url
  feed.author_detail (else publisher_detail) -> author.name/email
  *.updated_parsed/published_parsed -> updatedParsed/publishedParsed
  *.tags[].term -> categories
  entries[] -> items[]: summary -> description, content[0].value -> content,
    id -> guid, enclosures[] -> enclosures (href -> url), image.href -> image.url
  version -> feedType/feedVersion (rss20 -> rss 2.0, atom03 -> atom 0.3 ...)
Text fields are compared as text (tags stripped, entities decoded,
whitespace collapsed), since feedparser sanitizes markup; dates as instants.

Usage: scripts/feeds_compare.py [--bin build/release/corroborate] [-v] PATH...
Prints, per field, how often the two agree, differ, or only one has a
value; with -v every difference. Needs python3-feedparser (Debian).
"""
import argparse
import calendar
import datetime as dt
import html
import json
import os
import pathlib
import re
import subprocess
import sys
from collections import Counter, defaultdict

import feedparser

EXTENSIONS = {".xml", ".rss", ".atom", ".rdf", ".cdf", ""}
TEXT_FIELDS = {"title", "description", "content", "copyright"}
VERSIONS = {
    "rss090": ("rss", "0.9"), "rss091u": ("rss", "0.91"), "rss091n": ("rss", "0.91"),
    "rss092": ("rss", "0.92"), "rss093": ("rss", "0.93"), "rss094": ("rss", "0.94"),
    "rss20": ("rss", "2.0"), "rss10": ("rss", "1.0"), "rss": ("rss", ""),
    "atom01": ("atom", "0.1"), "atom02": ("atom", "0.2"), "atom03": ("atom", "0.3"),
    "atom10": ("atom", "1.0"), "atom": ("atom", ""), "cdf": ("cdf", ""),
}


def text(value):
    if not isinstance(value, str):
        return value
    value = re.sub(r"<[^>]*>", " ", value)
    return " ".join(html.unescape(value).split())


def instant_fp(struct):
    if not struct:
        return None
    return calendar.timegm(struct)


def instant_ours(value):
    if not isinstance(value, str):
        return None
    try:
        stamp = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=dt.timezone.utc)
    return int(stamp.timestamp())


def person(ctx):
    detail = ctx.get("author_detail") or ctx.get("publisher_detail") or {}
    return detail.get("name"), detail.get("email")


def from_feedparser(parsed):
    """The universal-model fields feedparser's result maps onto."""
    feed = parsed.feed
    out = {}
    kind = VERSIONS.get(parsed.get("version", ""))
    if kind:
        out["feedType"], out["feedVersion"] = kind
    for ours, theirs in (("title", "title"), ("description", "subtitle"), ("link", "link"),
                         ("id", "id"), ("language", "language"), ("copyright", "rights")):
        if theirs in feed:
            out[ours] = feed[theirs]
    if "generator" in feed or "generator_detail" in feed:
        gen = feed.get("generator_detail") or {}
        parts = [gen.get("name") or feed.get("generator", "")]
        if kind and kind[0] == "atom":
            if gen.get("version"):
                parts.append("v" + gen["version"])
            if gen.get("href"):
                parts.append(gen["href"])
        elif not parts[0]:
            parts = [gen.get("href", "")]
        out["generator"] = " ".join(p for p in parts if p)
    for link in feed.get("links", []):
        if link.get("rel") == "self" and link.get("href"):
            out["feedLink"] = link["href"]
            break
    if "updated" in feed:
        out["updatedParsed"] = instant_fp(feed.get("updated_parsed"))
    if "published" in feed:
        out["publishedParsed"] = instant_fp(feed.get("published_parsed"))
    out["author.name"], out["author.email"] = person(feed)
    image = feed.get("image") or {}
    out["image.url"] = image.get("href")
    out["categories"] = [t.get("term") for t in feed.get("tags", []) if t.get("term")] or None
    items = []
    for entry in parsed.entries:
        item = {}
        for ours, theirs in (("title", "title"), ("description", "summary"), ("link", "link"),
                             ("guid", "id")):
            if theirs in entry:
                item[ours] = entry[theirs]
        if entry.get("content"):
            item["content"] = entry.content[0].get("value")
        if "updated" in entry:
            item["updatedParsed"] = instant_fp(entry.get("updated_parsed"))
        if "published" in entry:
            item["publishedParsed"] = instant_fp(entry.get("published_parsed"))
        item["author.name"], item["author.email"] = person(entry)
        item["categories"] = [t.get("term") for t in entry.get("tags", []) if t.get("term")] or None
        enclosures = [(e.get("href"), e.get("type"), e.get("length")) for e in entry.get("enclosures", [])]
        item["enclosures"] = enclosures or None
        image = entry.get("image") or {}
        item["image.url"] = image.get("href")
        items.append(item)
    return out, items


def from_ours(obj):
    def flat(ctx, keys):
        out = {k: ctx.get(k) for k in keys}
        author = ctx.get("author") or {}
        out["author.name"], out["author.email"] = author.get("name"), author.get("email")
        out["image.url"] = (ctx.get("image") or {}).get("url")
        for key in ("updatedParsed", "publishedParsed"):
            out[key] = instant_ours(ctx.get(key))
        return out

    feed = flat(obj, ("feedType", "feedVersion", "title", "description", "link", "id", "language",
                      "copyright", "generator", "feedLink", "categories"))
    items = []
    for it in obj.get("items", []):
        item = flat(it, ("title", "description", "content", "link", "guid", "categories"))
        encs = [(e.get("url"), e.get("type"), e.get("length")) for e in it.get("enclosures", [])]
        item["enclosures"] = encs or None
        items.append(item)
    return feed, items


def same(field, a, b):
    if field in TEXT_FIELDS:
        return text(a) == text(b)
    if field == "enclosures":
        return [(u, t or None, str(n) if n else None) for u, t, n in a or []] == \
               [(u, t or None, str(n) if n else None) for u, t, n in b or []]
    if isinstance(a, str) and isinstance(b, str):
        return a.strip() == b.strip()
    return a == b


def compare(where, theirs, ours, tally, diffs):
    for field in sorted(set(theirs) | set(ours)):
        a, b = theirs.get(field), ours.get(field)
        if a in (None, "", []) and b in (None, "", []):
            continue
        if a in (None, "", []):
            verdict = "only ours"
        elif b in (None, "", []):
            verdict = "only feedparser"
        elif same(field, a, b):
            verdict = "agree"
        else:
            verdict = "differ"
        tally[field][verdict] += 1
        if verdict != "agree":
            diffs.append(f"{where} {field}: {verdict}: feedparser {a!r} / ours {b!r}")


def files(paths):
    for p in paths:
        path = pathlib.Path(p)
        if path.is_dir():
            for f in sorted(path.rglob("*")):
                if f.is_file() and f.suffix.lower() in EXTENSIONS:
                    yield f
        elif path.is_file():
            yield path


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", default=os.environ.get("CORROBORATE_BIN", "build/release/corroborate"))
    parser.add_argument("-v", "--verbose", action="store_true", help="print every difference")
    parser.add_argument("paths", nargs="+")
    args = parser.parse_args()
    tally = defaultdict(Counter)
    diffs = []
    refused = []
    count = 0
    for path in files(args.paths):
        count += 1
        data = path.read_bytes()
        parsed = feedparser.parse(data)
        run = subprocess.run([args.bin, "parse", "feed", str(path)], capture_output=True, timeout=60)
        theirs_feed, theirs_items = from_feedparser(parsed)
        if run.returncode != 0:
            if parsed.get("version") or parsed.entries:
                refused.append(f"{path}: ours refused ({run.stderr.decode(errors='replace').strip()}), "
                               f"feedparser read {parsed.get('version') or '?'} with {len(parsed.entries)} entries")
            continue
        obj = json.loads(run.stdout)
        ours_feed, ours_items = from_ours(obj)
        compare(f"{path}: feed", theirs_feed, ours_feed, tally, diffs)
        if len(theirs_items) != len(ours_items):
            tally["items[len]"]["differ"] += 1
            diffs.append(f"{path}: items: feedparser {len(theirs_items)} / ours {len(ours_items)}")
        for index, (a, b) in enumerate(zip(theirs_items, ours_items)):
            compare(f"{path}: items[{index}]", a, b, tally, diffs)
    if args.verbose:
        for line in diffs:
            print(line)
    for line in refused:
        print(line)
    print(f"{'field':<18} {'agree':>7} {'differ':>7} {'only fp':>8} {'only us':>8}")
    for field in sorted(tally):
        t = tally[field]
        print(f"{field:<18} {t['agree']:>7} {t['differ']:>7} {t['only feedparser']:>8} {t['only ours']:>8}")
    agree = sum(t["agree"] for t in tally.values())
    total = sum(sum(t.values()) for t in tally.values())
    print(f"feeds_compare: {count} files, {len(refused)} refused by us only, "
          f"{agree}/{total} field values agree ({100.0 * agree / max(total, 1):.1f}%)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

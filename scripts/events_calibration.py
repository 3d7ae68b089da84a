#!/usr/bin/env python3
"""Reliability table of the cause probabilities `corroborate rank` gives on the
events corpus, from the outputs events_eval.py kept:

  python3 ../shared/eval/events_eval.py --bin build/release/corroborate --keep /tmp/ev
  python3 scripts/events_calibration.py /tmp/ev [--events ../shared/corpora/events]

Each (event, cause of the vocabulary) pair is one forecast: the probability
summed over the cause's hypotheses, and whether the cause is the established
one (or an acceptable one). Prints a Markdown table: probability bin, forecasts,
mean forecast, observed frequency; then the Brier score as events_eval.py
computes it (sum over the vocabulary, mean over events).
Python 3 standard library only.
"""
import argparse
import glob
import json
import os

VOCAB = ["government_directed", "cyberattack", "technical_problem", "maintenance", "power_outage", "cable_cut",
         "military_action", "natural_disaster", "weather", "fire", "upstream_cutoff", "unknown"]
BINS = [(0.0, 0.05), (0.05, 0.2), (0.2, 0.45), (0.45, 0.55), (0.55, 0.8), (0.8, 0.95), (0.95, 1.0001)]


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument("keep")
    ap.add_argument("--events", default=os.path.join(here, "..", "..", "shared", "corpora", "events"))
    args = ap.parse_args()
    rows, briers = [], []
    for d in sorted(glob.glob(os.path.join(args.events, "*", "truth.json"))):
        slug = os.path.basename(os.path.dirname(d))
        truth = json.load(open(d, encoding="utf-8"))
        true_set = {truth["cause"], *truth.get("acceptable_causes", [])}
        agg = {}
        try:
            for h in json.load(open(os.path.join(args.keep, slug, "rank.json"), encoding="utf-8"))["hypotheses"]:
                agg[h["cause"]] = agg.get(h["cause"], 0.0) + h["probability"]
        except (OSError, ValueError, KeyError):
            pass
        target = max(true_set, key=lambda c: (agg.get(c, 0.0), c == truth["cause"]))
        briers.append(sum((agg.get(c, 0.0) - (c == target)) ** 2 for c in set(VOCAB) | set(agg)))
        for c in VOCAB:
            rows.append((agg.get(c, 0.0), c in true_set))
    print("| forecast | n | mean forecast | observed |")
    print("|---|---|---|---|")
    for lo, hi in BINS:
        sel = [(p, y) for p, y in rows if lo <= p < hi]
        if not sel:
            print(f"| {lo:.2f}–{min(hi, 1):.2f} | 0 | – | – |")
            continue
        print(f"| {lo:.2f}–{min(hi, 1):.2f} | {len(sel)} | {sum(p for p, _ in sel) / len(sel):.3f} | "
              f"{sum(y for _, y in sel) / len(sel):.3f} |")
    print(f"\nBrier {sum(briers) / max(len(briers), 1):.3f} over {len(briers)} events")


if __name__ == "__main__":
    main()

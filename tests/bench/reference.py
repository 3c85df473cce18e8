#!/usr/bin/env python3
"""Side-by-side speed against the reference package (DADApy), in the same run as `peakscope bench`.

Usage: python3 tests/bench/reference.py DIR
DIR is what `peakscope bench --save DIR` wrote: one .npy per data set and bench.json (PeakScope's
times). When DADApy (and numpy) are importable, every set is timed with the reference package's
pipeline of the benchmark (maxk = 100, TwoNN, PAk, ADP at Z = 1.65) and the ratio is printed.
Otherwise it says so and prints README's stored figures, marked as stored: a ratio counts only when
both sides ran on this machine in this run.
"""
import json
import os
import sys
import time

# Stored figures (README "Speed"): measured on another day and machine, never a ratio of this run.
STORED = {"measured": "by the side-by-side audit of the speed issue, DADApy 0.3.3 on 2 cores of a machine of this kind",
          "seconds": {(50000, 2): 8.23, (50000, 10): 12.58, (50000, 50): 57.7}}


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: reference.py DIR (written by: peakscope bench --save DIR)")
    folder = sys.argv[1]
    with open(os.path.join(folder, "bench.json")) as f:
        ours = json.load(f)
    try:
        import numpy as np
        from dadapy import Data
    except ImportError as e:
        print(f"reference package not importable here ({e.name or e}): no side-by-side ratio in this run.")
        print(f"Stored reference figures ({STORED['measured']}) — NOT comparable with this run's times:")
        for (n, d), s in sorted(STORED["seconds"].items()):
            print(f"  N = {n:6d}, D = {d:3d}: DADApy {s:7.2f} s (stored)")
        return 0
    print("reference package (DADApy) side by side, same data, this run:")
    print(f"{'N':>8} {'D':>4} {'DADApy_s':>10} {'PeakScope_s':>12} {'ratio':>7} {'ID ref':>8} {'ID ours':>8} "
          f"{'peaks ref':>9} {'peaks ours':>10}")
    for row in ours:
        x = np.load(os.path.join(folder, row["file"]))
        t0 = time.perf_counter()
        data = Data(x, maxk=min(100, len(x) - 1))
        data.compute_distances()
        data.compute_id_2NN()
        data.compute_density_PAk()
        data.compute_clustering_ADP(Z=1.65)
        ref = time.perf_counter() - t0
        print(f"{row['n']:8d} {row['d']:4d} {ref:10.3f} {row['total_s']:12.3f} {ref / row['total_s']:6.1f}x "
              f"{data.intrinsic_dim:8.2f} {row['id']:8.2f} {len(data.cluster_centers):9d} {row['peaks']:10d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

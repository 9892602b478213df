"""The measurements of tools/bench/distributed_bench.sh (see there)."""

import os
import shutil
import statistics
import subprocess
import sys
import time

import distributed

import cooc
import cooc.distributed
from cooc import _cooc



def seconds(call):
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def fresh(path):
    shutil.rmtree(path, ignore_errors=True)
    return path


def report(name, a, b):
    ratios = [x / y for x, y in zip(a, b)]
    print(f"{name}: ratio {statistics.median(ratios):.2f} (median of "
          f"{len(ratios)} pairs; A {statistics.median(a):.2f} s, "
          f"B {statistics.median(b):.2f} s; ratios "
          f"{', '.join(f'{r:.2f}' for r in ratios)})")



def main():
    binary, text, out = sys.argv[1], sys.argv[2], sys.argv[3]
    size_mb = os.path.getsize(text) / 1e6
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1,
                                       processes=True, host="127.0.0.1",
                                       dashboard_address=None, silence_logs=40)
    client = distributed.Client(cluster)
    for chunk_mib in (48, 16):
        chunk = chunk_mib << 20
        print(f"== 2 workers (A) against cooc ingest --threads 2 (B), "
              f"{chunk_mib} MiB ranges")
        plain_times, spread_times = [], []
        for _ in range(3):
            plain_db = fresh(f"{out}/plain.db")
            spread_db = fresh(f"{out}/spread.db")
            plain_times.append(seconds(lambda: subprocess.run(
                [binary, "ingest", "--quiet", "--threads", "2", "--db",
                 plain_db, text], check=True, stdout=subprocess.DEVNULL)))
            summary = {}
            spread_times.append(seconds(lambda: summary.update(
                cooc.distributed.ingest(spread_db, text, client=client,
                                        chunk_bytes=chunk, progress=False))))
        report("distributed / plain", spread_times, plain_times)
        print(f"  {summary['tasks']} tasks; the cluster was started before "
              f"the timing")
    chunk = 16 << 20
    print()
    print("== one core counting one range into a part (one task, one thread)")
    part = f"{out}/one.part"
    arguments = cooc._counting_arguments(None, None, None, None, None, None, None,
                                         None, None, None, False, 1, 1024)
    end = chunk
    rates, part_sizes = [], []
    for _ in range(3):
        counted = {}
        elapsed = seconds(lambda: counted.update(
            _cooc.count_range(part, text, 0, end, arguments, None)))
        rates.append(counted["bytes"] / 1e6 / elapsed)
        part_sizes.append(counted["part_bytes"] / counted["bytes"])
    print(f"  {statistics.median(rates):.1f} MB of text per second per core "
          f"(median of 3; {counted['bytes'] / 1e6:.1f} MB, {counted['tokens']} tokens); "
          f"part: {statistics.median(part_sizes):.2f} bytes per byte of text")

    print()
    print("== the fold of 64 parts of the whole text: on the 2 workers (A, a "
          "split fold) against on the client (B, all cores), in turn")
    parts_dir = fresh(f"{out}/parts")
    os.makedirs(parts_dir)
    size = os.path.getsize(text)
    cuts = cooc.distributed._cuts(text, size // 64 + 1, size)
    parts = [f"{parts_dir}/{i:03d}.part" for i in range(len(cuts) - 1)]
    options = dict.fromkeys(cooc.distributed._DEFINITION)
    options.update(dictionary=None, stopwords=None, threads=1, memory=1024,
                   encoding=None)
    futures = client.map(cooc.distributed._count_task, parts,
                         [text] * len(parts), cuts[:-1], cuts[1:],
                         [options] * len(parts), pure=False)
    part_bytes = sum(result[2] for result in client.gather(futures))
    entry = _cooc.fingerprint(text)
    fold_db = f"{out}/fold.db"
    on_workers, on_client, steps = [], [], []
    for _ in range(3):
        fresh(fold_db)
        on_client.append(seconds(lambda: _cooc.ingest_parts(
            fold_db, parts, False, 0, 1024, None, [entry])))
        fresh(fold_db)
        work_dir = fresh(f"{out}/fold-work")
        start = time.perf_counter()
        split = _cooc._SplitFold(fold_db, parts, work_dir, False, [entry])
        began = time.perf_counter()
        client.gather(client.map(cooc.distributed._remap_task, parts,
                                 split.map_files, split.run_files,
                                 [1024] * len(parts), pure=False))
        remapped = time.perf_counter()
        run_bytes = sum(os.path.getsize(f) for f in split.run_files)
        tasks = split.shard_tasks
        client.gather(client.map(cooc.distributed._shard_task, tasks,
                                 [split.run_files] * len(tasks), pure=False))
        written = time.perf_counter()
        split.commit()
        split.close()
        done = time.perf_counter()
        on_workers.append(done - start)
        steps.append((began - start, remapped - began, written - remapped,
                      done - written))
    client.close()
    cluster.close()
    report("fold on the workers / on the client", on_workers, on_client)
    median = [statistics.median(step[i] for step in steps) for i in range(4)]
    print(f"  split fold steps (median): id maps on the client {median[0]:.2f} s, "
          f"re-sorting {len(parts)} parts on the workers {median[1]:.2f} s, "
          f"{len(tasks)} shards on the workers {median[2]:.2f} s, "
          f"commit on the client {median[3]:.2f} s; run files "
          f"{run_bytes / 1e6:.0f} MB ({run_bytes / size:.2f} bytes per byte "
          f"of text)")
    fold_seconds = statistics.median(on_client)
    print(f"  {len(parts)} parts, {part_bytes / 1e6:.0f} MB of parts "
          f"({part_bytes / size:.2f} bytes per byte of text): folded on the "
          f"client in {fold_seconds:.1f} s = {size_mb / fold_seconds:.1f} MB "
          f"of text per second; on the workers in "
          f"{statistics.median(on_workers):.1f} s, of which the client's "
          f"share {median[0] + median[3]:.2f} s = "
          f"{size_mb / (median[0] + median[3]):.0f} MB of text per second")
    plain_db = f"{out}/plain.db"
    with cooc.Database(fold_db) as a, cooc.Database(plain_db) as b:
        stats_a, stats_b = a.stats(), b.stats()
    for stats in (stats_a, stats_b):  # Layout, not content.
        del stats["db_bytes"], stats["distinct_pairs"]
    same = stats_a == stats_b
    print(f"  the folded database has the plain ingest's stats: {same}")


# The workers of a LocalCluster start by importing this file: only the
# process run as a script measures.
if __name__ == "__main__":
    main()

"""Peer: pyignite, the Python thin client, sync `Client` or asyncio `AioClient`.

    python peer.py sync|async --workload W --port P --concurrency C --warmup-ms M --runs R
                              --run-ms D --max-ms X

Prints ONE JSON line on stdout, the same shape as bench/peers/harness.mjs, with the same loop:
callers each awaiting their own operation, keys (i * 7919) % 100000, batches of 100 consecutive
keys, page size 1024. The sync client has one caller only (a `Client` is not safe to share between
threads); concurrent callers are asyncio tasks on one `AioClient`.
"""
import asyncio
import json
import sys
import time
import traceback

import pyignite
from pyignite import AioClient, Client

VALUE = 'abcdefghij' * 10
KEY_SPACE = 100_000
BATCH = 100
PAGE_SIZE = 1024
SQL = 'SELECT id, a, b, c FROM bench_sql'
SQL_LAZY = True  # as every peer sends it (bench/peers/harness.mjs)


def key_of(i):
    return (i * 7919) % KEY_SPACE


def keys_of(i):
    start = (i * BATCH) % KEY_SPACE
    return list(range(start, start + BATCH))


def parse_args(argv):
    opts = {'workload': 'get1', 'port': 10850, 'concurrency': 1, 'warmup_ms': 2000, 'runs': 5,
            'run_ms': 1500, 'max_ms': 20000}
    for k, v in zip(argv[0::2], argv[1::2]):
        key = k.lstrip('-').replace('-', '_')
        opts[key] = v if key == 'workload' else int(float(v))
    return opts


def peak_rss_kb():
    try:
        with open('/proc/self/status') as f:
            for line in f:
                if line.startswith('VmHWM:'):
                    return int(line.split()[1])
    except OSError:
        pass
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def percentile(sorted_values, p):
    if not sorted_values:
        return float('nan')
    import math
    idx = min(len(sorted_values) - 1, max(0, math.ceil(p * len(sorted_values)) - 1))
    return sorted_values[idx]


def summarize(latencies_ns, ops, seconds):
    latencies_ns.sort()
    return {'ops': ops, 'seconds': seconds, 'opsPerSec': ops / seconds,
            'p50Ms': percentile(latencies_ns, 0.5) / 1e6, 'p99Ms': percentile(latencies_ns, 0.99) / 1e6}


def query_result(rows, seconds):
    if rows != KEY_SPACE:
        raise RuntimeError(f'query returned {rows} rows, expected {KEY_SPACE}')
    return {'ops': rows, 'rows': rows, 'seconds': seconds, 'opsPerSec': rows / seconds,
            'p50Ms': seconds * 1000, 'p99Ms': seconds * 1000}


# ---------------------------------------------------------------- sync

def measure_sync(client, opts):
    cache = client.get_cache('bench')
    probe = cache.get(key_of(1))
    if probe != VALUE:
        raise RuntimeError(f'get({key_of(1)}) returned {probe!r:.40}, expected the 100-character value')

    def get_all(i):
        n = len(cache.get_all(keys_of(i)))
        if n != BATCH:
            raise RuntimeError(f'get_all returned {n} entries, expected {BATCH}')

    ops = {
        'get': lambda i: cache.get(key_of(i)),
        'put': lambda i: cache.put(key_of(i), VALUE),
        'getAll': get_all,
        'putAll': lambda i: cache.put_all({k: VALUE for k in keys_of(i)}),
    }

    def scan():
        rows = 0
        with cache.scan(page_size=PAGE_SIZE) as cursor:
            for _ in cursor:
                rows += 1
        return rows

    def sql():
        rows = 0
        with client.sql(SQL, page_size=PAGE_SIZE, lazy=SQL_LAZY) as cursor:
            for _ in cursor:
                rows += 1
        return rows

    def timed_query(query):
        t0 = time.perf_counter()
        rows = query()
        return query_result(rows, time.perf_counter() - t0)

    def timed_ops(op, ms, record):
        if opts['concurrency'] != 1:
            raise RuntimeError('the sync client has one caller only')
        lat = []
        ops_done = 0
        start = time.perf_counter_ns()
        end = start + ms * 1_000_000
        i = 0
        now = start
        while now < end:
            t0 = now
            op(i)
            now = time.perf_counter_ns()
            if record:
                lat.append(now - t0)
            ops_done += 1
            i += 1
        seconds = (time.perf_counter_ns() - start) / 1e9
        return summarize(lat, ops_done, seconds) if record else None

    w = opts['workload']
    runs = []
    if w in ('scan', 'sql'):
        query = scan if w == 'scan' else sql
        warm_end = time.perf_counter() + opts['warmup_ms'] / 1000
        while True:
            timed_query(query)
            if time.perf_counter() >= warm_end:
                break
        end = time.perf_counter() + opts['max_ms'] / 1000
        for r in range(opts['runs']):
            runs.append(timed_query(query))
            if time.perf_counter() > end and r >= 2:
                break
        return runs
    op = ops[w.rstrip('0123456789')]
    timed_ops(op, opts['warmup_ms'], False)
    for _ in range(opts['runs']):
        runs.append(timed_ops(op, opts['run_ms'], True))
    return runs


def run_sync(opts, info):
    client = Client()
    client.connect('127.0.0.1', opts['port'])
    try:
        info['protocol'] = '.'.join(map(str, client.protocol_context.version))
        return measure_sync(client, opts)
    finally:
        client.close()


# ---------------------------------------------------------------- asyncio

async def measure_async(client, opts):
    cache = await client.get_cache('bench')
    probe = await cache.get(key_of(1))
    if probe != VALUE:
        raise RuntimeError(f'get({key_of(1)}) returned {probe!r:.40}, expected the 100-character value')

    async def get_all(i):
        n = len(await cache.get_all(keys_of(i)))
        if n != BATCH:
            raise RuntimeError(f'get_all returned {n} entries, expected {BATCH}')

    ops = {
        'get': lambda i: cache.get(key_of(i)),
        'put': lambda i: cache.put(key_of(i), VALUE),
        'getAll': get_all,
        'putAll': lambda i: cache.put_all({k: VALUE for k in keys_of(i)}),
    }

    async def scan():
        rows = 0
        async with cache.scan(page_size=PAGE_SIZE) as cursor:
            async for _ in cursor:
                rows += 1
        return rows

    async def sql():
        rows = 0
        async with client.sql(SQL, page_size=PAGE_SIZE, lazy=SQL_LAZY) as cursor:
            async for _ in cursor:
                rows += 1
        return rows

    async def timed_query(query):
        t0 = time.perf_counter()
        rows = await query()
        return query_result(rows, time.perf_counter() - t0)

    async def timed_ops(op, ms, record):
        conc = opts['concurrency']
        lat = []
        counter = [0]
        start = time.perf_counter_ns()
        end = start + ms * 1_000_000

        async def caller(w):
            i = w
            while time.perf_counter_ns() < end:
                t0 = time.perf_counter_ns()
                await op(i)
                if record:
                    lat.append(time.perf_counter_ns() - t0)
                counter[0] += 1
                i += conc

        await asyncio.gather(*(caller(w) for w in range(conc)))
        seconds = (time.perf_counter_ns() - start) / 1e9
        return summarize(lat, counter[0], seconds) if record else None

    w = opts['workload']
    runs = []
    if w in ('scan', 'sql'):
        query = scan if w == 'scan' else sql
        warm_end = time.perf_counter() + opts['warmup_ms'] / 1000
        while True:
            await timed_query(query)
            if time.perf_counter() >= warm_end:
                break
        end = time.perf_counter() + opts['max_ms'] / 1000
        for r in range(opts['runs']):
            runs.append(await timed_query(query))
            if time.perf_counter() > end and r >= 2:
                break
        return runs
    op = ops[w.rstrip('0123456789')]
    await timed_ops(op, opts['warmup_ms'], False)
    for _ in range(opts['runs']):
        runs.append(await timed_ops(op, opts['run_ms'], True))
    return runs


async def run_async(opts, info):
    client = AioClient()
    async with client.connect('127.0.0.1', opts['port']):
        info['protocol'] = '.'.join(map(str, client.protocol_context.version))
        return await measure_async(client, opts)


def main():
    mode = sys.argv[1]
    opts = parse_args(sys.argv[2:])
    info = {'name': f'pyignite ({mode})', 'version': getattr(pyignite, '__version__', '?'),
            'runtime': f'python {sys.version.split()[0]}'}
    try:
        runs = run_sync(opts, info) if mode == 'sync' else asyncio.run(run_async(opts, info))
        result = {'ok': True, 'runs': runs}
    except Exception:  # noqa: BLE001 - reported to the orchestrator
        result = {'ok': False, 'error': '\n'.join(traceback.format_exc().splitlines()[-6:])}
    result['rssPeakKb'] = peak_rss_kb()
    result['client'] = info
    sys.stdout.write(json.dumps(result) + '\n')
    sys.stdout.flush()


if __name__ == '__main__':
    main()

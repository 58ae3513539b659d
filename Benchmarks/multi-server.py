#!/usr/bin/env python3
"""Several `coach serve --store postgres://...` processes against one PostgreSQL, as a bridge's workers use them
(issue 13): requests per second and latency with 1, 2 and 4 processes, and the cost per turn against the file store.

    Benchmarks/multi-server.py [--coach .build/release/coach] [--conversations 400] [--clients 32] [--processes 1,2,4]

Needs a release build and PostgreSQL's server programs: it starts a throwaway cluster with PostgreSQL's durable
defaults (fsync and synchronous commit on; scripts/postgres-cluster with PG_DURABLE=1) unless COACH_BENCH_POSTGRES
names a server. A closed loop: `clients` conversations in flight at once, each request sent to a process chosen at
random (no sticky routing: a process usually holds a stale copy and checks the store first), the next request of a
conversation sent when its reply arrives. Every conversation answers the off-track walk to its plan (36 requests).
Compare within one run: the machine is noisy, and it has 2 cores shared by coach, PostgreSQL and this driver.
"""
import argparse, asyncio, json, os, random, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ANSWERS = ["Dana", "25", "no", "14", "yes", "nothing", "yes", "call planning, opportunity analyses", "4", "4",
           "yes", "yes", "yes", "yes", "yes", "yes", "yes", "yes", "no", "never could", "discovery, call planning", "no",
           "recognition or reward", "no", "no", "yes", "yes", "no", "yes", "yes", "yes", "4", "", "", "Observe Dana"]


class Server:
    def __init__(self, coach, args, env):
        self.proc = None
        self.coach, self.args, self.env = coach, args, env
        self.waiting = asyncio.Queue()

    async def start(self):
        self.proc = await asyncio.create_subprocess_exec(self.coach, "serve", *self.args, env=self.env, cwd=ROOT,
                                                         stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
                                                         stderr=asyncio.subprocess.DEVNULL, limit=1 << 24)
        self.reader = asyncio.create_task(self.read())
        await self.call("initialize", {"protocolVersion": "2026-11-27"})

    async def read(self):
        while True:
            line = await self.proc.stdout.readline()
            if not line:
                return
            future = await self.waiting.get()
            future.set_result(line)

    async def call(self, method, params):
        future = asyncio.get_running_loop().create_future()
        await self.waiting.put(future)
        self.proc.stdin.write((json.dumps({"jsonrpc": "2.0", "id": 1, "method": method, "params": params}) + "\n").encode())
        line = await future
        reply = json.loads(line)
        if "error" in reply:
            raise RuntimeError(f"{method}: {reply['error']}")
        return reply["result"]

    async def stop(self):
        self.proc.stdin.close()
        await self.proc.wait()


async def run(coach, args, env, processes, conversations, clients, seed, sticky=False):
    servers = [Server(coach, args, env) for _ in range(processes)]
    for s in servers:
        await s.start()
    rng = random.Random(seed)
    todo = list(range(conversations))
    latencies = []

    async def client():
        while todo:
            c = todo.pop()
            requests = [("conversation/start", {"conversation": f"c{c}", "dialog": "off-track", "messageId": f"c{c}-s"})]
            requests += [("conversation/message", {"conversation": f"c{c}", "text": a, "messageId": f"c{c}-m{k}"})
                         for k, a in enumerate(ANSWERS)]
            for method, params in requests:
                s = servers[c % processes] if sticky else servers[rng.randrange(processes)]
                t = time.perf_counter()
                await s.call(method, params)
                latencies.append(time.perf_counter() - t)

    start = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    elapsed = time.perf_counter() - start
    for s in servers:
        await s.stop()
    latencies.sort()
    pick = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1e3
    return len(latencies) / elapsed, pick(0.5), pick(0.99), len(latencies)


def psql(url, sql):
    subprocess.run(["psql", url, "-q", "-v", "ON_ERROR_STOP=1", "-c", sql], check=True, stdout=subprocess.DEVNULL)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--coach", default=os.path.join(ROOT, ".build/release/coach"))
    parser.add_argument("--conversations", type=int, default=400)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--processes", default="1,2,4")
    parser.add_argument("--routing", default="random,sticky", help="random (any process takes any request), sticky (a conversation stays on one process), or both")
    options = parser.parse_args()
    work = tempfile.mkdtemp(prefix="coach-bench-")
    cluster = None
    server = os.environ.get("COACH_BENCH_POSTGRES")
    if not server:
        cluster = tempfile.mkdtemp(prefix="coach-bench-pg-")
        server = subprocess.run([os.path.join(ROOT, "scripts/postgres-cluster"), "start", cluster], check=True,
                                capture_output=True, text=True, env=dict(os.environ, PG_DURABLE="1")).stdout.strip()
    env = dict(os.environ, XDG_DATA_HOME=work + "/data", XDG_CONFIG_HOME=work + "/config", XDG_CACHE_HOME=work + "/cache",
               COACH_TODAY="2026-11-27")
    print(f"{options.conversations} conversations x {len(ANSWERS) + 1} requests, {options.clients} in flight; coach {options.coach}")
    print("| store | processes | routing | req/s | p50 ms | p99 ms |")
    print("|---|--:|---|--:|--:|--:|")
    try:
        for durability in ["sync", "delayed=1000"]:
            files = ["--transcripts", f"{work}/files-{durability}", "--durability", durability]
            rate, p50, p99, n = asyncio.run(run(options.coach, files, env, 1, options.conversations, options.clients, 1))
            print(f"| files, --durability {durability} | 1 | one process | {rate:,.0f} | {p50:.2f} | {p99:.2f} |", flush=True)
        for routing in options.routing.split(","):
            for p in [int(x) for x in options.processes.split(",")]:
                if p == 1 and routing == "sticky" and "random" in options.routing:
                    continue  # one process: the same run
                database = f"coach_bench_{routing}_{p}_{os.getpid()}"
                psql(server, f"CREATE DATABASE {database}")
                url = server.replace("/postgres?", f"/{database}?", 1)
                subprocess.run([options.coach, "db", "migrate", "--store", url], check=True, stdout=subprocess.DEVNULL, env=env)
                rate, p50, p99, n = asyncio.run(run(options.coach, ["--store", url], env, p, options.conversations, options.clients, p,
                                                    sticky=routing == "sticky"))
                label = "one process" if p == 1 else routing
                print(f"| PostgreSQL | {p} | {label} | {rate:,.0f} | {p50:.2f} | {p99:.2f} |", flush=True)
    finally:
        if cluster:
            subprocess.run([os.path.join(ROOT, "scripts/postgres-cluster"), "stop", cluster])
        subprocess.run(["rm", "-rf", work])


if __name__ == "__main__":
    main()

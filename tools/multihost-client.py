#!/usr/bin/env python3
"""Load for tools/verify-multihost.sh: synchronous runs and asynchronous submissions against Kerat hosts.

  multihost-client.py sync URL N CONCURRENCY OUT.json [--tag T]
      N runs of a Python program that prints a number derived from its index (and the tag), CONCURRENCY at a time,
      through URL (HAProxy's frontend). Writes one record per request to OUT.json: index, start/end (monotonic s),
      HTTP status (0: connection error), whether the answer was the right one, the error text.
  multihost-client.py submit URL N OUT.json      N asynchronous submissions (POST /api/v1/submissions): their ids
  multihost-client.py collect IDS.json URL... OUT.json
      reads each submission back from every URL given (one per host) until all are finished or 240 s passed;
      writes per id: status, stdout, and whether every host gave the same answer.
Stdlib only; prints a one-line summary.
"""
import json
import sys
import threading
import time
import urllib.error
import urllib.request
import os

TOKEN = os.environ.get("KERAT_MH_TOKEN", "")
AUTH = {"Authorization": "Bearer " + TOKEN} if TOKEN else {}

def program(i, tag):
    # Room for a loaded machine: three daemons share its cores, and a cold run took 2.5 s of the default 5 s wall
    # limit; one of 300 once ended as time_limit in CI. This check is about the cluster, not limits.
    return {"language": "python", "limits": {"wall_time_ms": 30000, "cpu_time_ms": 10000},
            "files": [{"name": "main.py", "content": "import sys\nprint(%d * %d, %r)\n" % (i, i, tag)}]}


def expected(i, tag):
    return "%d %s\n" % (i * i, tag)


def post(url, body, timeout=120):
    req = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                 headers=dict(AUTH, **{"Content-Type": "application/json"}))
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode(errors="replace")


def get(url, timeout=30):
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=AUTH), timeout=timeout) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode(errors="replace")


def sync(url, n, conc, out, tag):
    records = [None] * n
    nxt = [0]
    lock = threading.Lock()

    def worker():
        while True:
            with lock:
                i = nxt[0]
                nxt[0] += 1
            if i >= n:
                return
            t0 = time.monotonic()
            status, err, right = 0, "", False
            try:
                status, text = post(url + "/api/v1/runs", program(i, tag))
                if status == 200:
                    r = json.loads(text)
                    right = r.get("status") == "ok" and r["run"]["stdout"] == expected(i, tag)
                    if not right:
                        err = "wrong answer: " + text[:300]
                else:
                    err = text[:300]
            except Exception as e:  # connection refused or reset, timeout: the client sees an error
                err = "%s: %s" % (type(e).__name__, e)
            records[i] = {"i": i, "start": t0, "end": time.monotonic(), "status": status, "right": right,
                          "error": err}

    t0 = time.monotonic()
    ts = [threading.Thread(target=worker) for _ in range(conc)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    took = time.monotonic() - t0
    with open(out, "w") as f:
        json.dump({"took": took, "records": records}, f)
    ok = sum(1 for r in records if r["right"])
    print("sync %s: %d requests at concurrency %d in %.1f s (%.2f/s): %d right, %d errors, %d 5xx" % (
        tag, n, conc, took, n / took, ok, sum(1 for r in records if not r["right"]),
        sum(1 for r in records if r["status"] >= 500)))
    for r in [r for r in records if not r["right"]][:5]:  # what went wrong, for the log
        print("  request %d: HTTP %d after %.1f s: %s" % (r["i"], r["status"], r["end"] - r["start"], r["error"]))


def submit(url, n, out):
    ids = {}
    for i in range(n):
        body = program(i, "async")
        status, text = post(url + "/api/v1/submissions", body)
        if status != 202:
            print("submission %d refused: %d %s" % (i, status, text[:300]))
            sys.exit(1)
        ids[json.loads(text)["id"]] = i
    with open(out, "w") as f:
        json.dump(ids, f)
    print("submitted %d" % n)


def collect(ids_file, urls, out):
    with open(ids_file) as f:
        ids = json.load(f)
    deadline = time.monotonic() + 240
    result = {}
    pending = set(ids)
    while pending and time.monotonic() < deadline:
        for sid in sorted(pending):
            status, text = get(urls[0] + "/api/v1/submissions/" + sid)
            if status == 200 and json.loads(text).get("status") not in ("queued", "running"):
                pending.discard(sid)
        if pending:
            time.sleep(2)
    for sid, i in ids.items():
        answers = []
        for u in urls:
            status, text = get(u + "/api/v1/submissions/" + sid)
            answers.append(text if status == 200 else "HTTP %d" % status)
        first = json.loads(answers[0]) if answers[0].startswith("{") else {}
        res = first.get("result") or {}
        run = res.get("run") or {}
        result[sid] = {"i": i, "status": first.get("status"), "result_status": res.get("status"),
                       "right": run.get("stdout") == expected(i, "async"),
                       "same_everywhere": all(a == answers[0] for a in answers)}
    with open(out, "w") as f:
        json.dump(result, f)
    print("collected %d: %d finished right, %d the same from every host, %d still pending" % (
        len(ids), sum(1 for r in result.values() if r["right"]),
        sum(1 for r in result.values() if r["same_everywhere"]), len(pending)))


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "sync":
        tag = sys.argv[sys.argv.index("--tag") + 1] if "--tag" in sys.argv else "t"
        sync(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], tag)
    elif cmd == "submit":
        submit(sys.argv[2], int(sys.argv[3]), sys.argv[4])
    elif cmd == "collect":
        collect(sys.argv[2], sys.argv[3:-1], sys.argv[-1])
    else:
        sys.exit("unknown command " + cmd)

#!/usr/bin/env python3
"""The statistics hub at scale, through its own HTTP API (standard library only).

    stats_hub.py BASE_URL SERVER_PID [DATASETS] [BIG_OBSERVATIONS]

Signs in as `benchadmin` (password in $BENCH_PASSWORD), creates an agency,
then DATASETS datasets of 13 indicators x 77 provinces x 10 years (10,010
observations each, loaded through POST .../releases and published: every
third as a tidy XLSX workbook, the others as tidy CSV) and one dataset
BENCH_BIG of about BIG_OBSERVATIONS (loaded in parts of at most 260
indicators, merge mode). With BENCH_API_DATASETS=N below DATASETS, only the
first N are loaded through the API and the command in $BENCH_CLONE copies
them in SQL into the rest (stats.sh does so: loading 10 million observations
through the API takes hours on a shared machine; the copies have the same
structure and shifted values). The load throughput is the observations
loaded over the time of the load requests, per format and for BENCH_BIG.
When the hub already holds BENCH_BIG (BENCH_REUSE=1 in stats.sh), loading is
skipped.

Then it times (a) an SDMX data query of one indicator x 77 provinces x 10
years on a random dataset (SDMX-CSV) and (b) CKAN package_search with a Thai
word, one request at a time and from CONCURRENCY clients at once, and
(c) streams the whole BENCH_BIG as SDMX-CSV (and as SDMX-ML GenericData)
while reading the server's peak RSS (VmHWM, reset through
/proc/PID/clear_refs first).
"""
import io
import json
import os
import random
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from concurrent.futures import ThreadPoolExecutor

base, pid = sys.argv[1], int(sys.argv[2])
count = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
big = int(sys.argv[4]) if len(sys.argv) > 4 else 1_000_000
password = os.environ.get("BENCH_PASSWORD", "bench-password-2567")
concurrency = int(os.environ.get("BENCH_CONCURRENCY", "4"))
random.seed(2567)

cookie = ""
csrf = ""


def call(method, path, body=None, content_type="application/json"):
    data = None
    headers = {"cookie": cookie, "x-csrf-token": csrf}
    if body is not None:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        headers["content-type"] = content_type
    request = urllib.request.Request(base + path, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=600) as reply:
            return reply.status, reply.read(), reply.headers
    except urllib.error.HTTPError as error:
        sys.exit(f"{method} {path}: {error.code} {error.read()[:500]!r}")


status, text, headers = call("POST", "/api/session", {"username": "benchadmin", "password": password})
cookie = headers["set-cookie"].split(";")[0]
csrf = json.loads(text)["csrf_token"]

PROVINCES = [10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 30, 31, 32, 33, 34, 35, 36,
             37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 60, 61, 62,
             63, 64, 65, 66, 67, 70, 71, 72, 73, 74, 75, 76, 77, 80, 81, 82, 83, 84, 85, 86, 90, 91, 92, 93, 94,
             95, 96]
assert len(PROVINCES) == 77
YEARS = list(range(2558, 2568))  # BE, ten years
TOPICS = ["แรงงาน", "การศึกษา", "สุขภาพ", "รายได้", "เกษตร", "ท่องเที่ยว", "พลังงาน", "ประชากร", "การคลัง", "อุตสาหกรรม",
          "ขนส่ง", "สิ่งแวดล้อม", "ความยากจน"]
METADATA = {
    "data_type": "ข้อมูลสถิติ", "maintainer": "ผู้ทดสอบ", "maintainer_email": "bench@example.go.th",
    "tag_string": ["ทดสอบ"], "objective": ["พันธกิจหน่วยงาน"], "update_frequency_unit": "ปี",
    "geo_coverage": "จังหวัด", "data_source": "ข้อมูลสร้างขึ้นเพื่อทดสอบความเร็ว", "data_format": ["CSV"],
    "data_category": "ข้อมูลสาธารณะ", "license_id": "Open Data Common",
}
MAPPING = urllib.parse.quote(json.dumps({"header_rows": 1, "columns": [
    {"column": "INDICATOR", "role": "INDICATOR"}, {"column": "AREA", "role": "AREA"},
    {"column": "TIME_PERIOD", "role": "TIME_PERIOD"}, {"column": "OBS_VALUE", "role": "OBS_VALUE"}]}))

stamp = int(time.time())
status, text, _ = call("POST", "/api/org-units", {"parent_id": None, "kind": "ministry", "code": f"BENCHM{stamp}",
                                                  "name": "กระทรวงทดสอบความเร็ว", "province_code": None})
status, text, _ = call("POST", "/api/org-units", {"parent_id": json.loads(text)["id"], "kind": "agency",
                                                  "code": f"BENCH{stamp}", "name": "หน่วยงานทดสอบความเร็ว",
                                                  "province_code": None})
agency = json.loads(text)["id"]


def define(code, title, topic, indicators, sector):
    body = {"agency_id": agency, "id": code, "title_th": title, "title_en": f"Benchmark {code}",
            "description_th": f"ชุดข้อมูลทดสอบ หัวข้อ{topic}", "sector": sector, "dimensions": ["INDICATOR", "AREA"],
            "indicators": [{"code": f"IND{i:04d}", "name_th": f"ตัวชี้วัด{topic} {i}", "name_en": f"Indicator {i}",
                            "unit_th": "ร้อยละ", "unit_en": "percent", "unit_mult": 0} for i in range(indicators)],
            "metadata": dict(METADATA, tag_string=["ทดสอบ", topic])}
    call("POST", "/api/stats/datasets", body)


def rows(indicators):
    for i in indicators:
        for p in PROVINCES:
            for y in YEARS:
                yield f"IND{i:04d}", f"TH-{p}", y, (i * 7 + p * 3 + y) % 1000 / 10


def table(indicators):
    lines = ["INDICATOR,AREA,TIME_PERIOD,OBS_VALUE"]
    lines.extend(f"{i},{a},{y},{v:.1f}" for i, a, y, v in rows(indicators))
    return ("\n".join(lines) + "\n").encode()


XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def workbook(indicators):
    """The same tidy table as a one-sheet XLSX workbook (years and values as numbers)."""
    out = [f'{XML}<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>',
           '<row r="1">' + "".join(f'<c r="{c}1" t="inlineStr"><is><t>{h}</t></is></c>'
                                   for c, h in zip("ABCD", ["INDICATOR", "AREA", "TIME_PERIOD", "OBS_VALUE"])) + "</row>"]
    for n, (i, a, y, v) in enumerate(rows(indicators), start=2):
        out.append(f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>{i}</t></is></c>'
                   f'<c r="B{n}" t="inlineStr"><is><t>{a}</t></is></c><c r="C{n}"><v>{y}</v></c>'
                   f'<c r="D{n}"><v>{v:.1f}</v></c></row>')
    out.append("</sheetData></worksheet>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", f'{XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                   '<Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                   '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
        z.writestr("_rels/.rels", f'{XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   f'<Relationship Id="rId1" Type="{RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", f'{XML}<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                   f'xmlns:r="{RELS}"><sheets><sheet name="data" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", f'{XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   f'<Relationship Id="rId1" Type="{RELS}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
        z.writestr("xl/worksheets/sheet1.xml", "".join(out))
    return buffer.getvalue()


load_time = {"csv": 0.0, "xlsx": 0.0}
load_obs = {"csv": 0, "xlsx": 0}


def load(code, indicators, part, kind="csv"):
    body = table(indicators) if kind == "csv" else workbook(indicators)
    content_type = "text/csv" if kind == "csv" else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    t = time.perf_counter()
    status, text, _ = call("POST", f"/api/stats/datasets/{code}/releases?file_name=part{part}.{kind}&mapping={MAPPING}",
                           body, content_type)
    load_time[kind] += time.perf_counter() - t
    added = json.loads(text)["added"]
    load_obs[kind] += added
    return added


def publish(code):
    _, text, _ = call("GET", f"/api/stats/datasets/{code}")
    version = json.loads(text)["version"]
    call("POST", f"/api/stats/datasets/{code}/publish", {"version": version, "published": True})


def exists(path):
    request = urllib.request.Request(base + path, headers={"cookie": cookie})
    try:
        with urllib.request.urlopen(request, timeout=600) as reply:
            return reply.status == 200
    except urllib.error.HTTPError:
        return False


loaded_through_api = int(os.environ.get("BENCH_API_DATASETS", count))
clone = os.environ.get("BENCH_CLONE")  # a command that copies BENCH_0000.. into the rest of the DATASETS

if exists("/sdmx/dataflow/TH_NSO/BENCH_BIG/latest"):
    print("the hub is already loaded: measuring only", flush=True)
else:
    started = time.time()
    observations = 0
    for n in range(min(count, loaded_through_api)):
        topic = TOPICS[n % len(TOPICS)]
        code = f"BENCH_{n:04d}"
        define(code, f"สถิติ{topic} รายจังหวัด ชุดที่ {n}", topic, 13, f"S{n % 21 + 1:02d}")
        observations += load(code, range(13), 0, "xlsx" if n % 3 == 0 else "csv")
        publish(code)
        if n % 20 == 19:
            print(f"  {n + 1} datasets, {observations:,} observations, {time.time() - started:.0f} s", flush=True)
    if loaded_through_api < count:
        # The rest of the catalog copied in SQL from the datasets loaded above
        # (same structure, values shifted): the queries need a full hub, not its loading time.
        t = time.time()
        if os.system(clone) != 0:
            sys.exit(f"{clone} failed")
        print(f"  copied {count - loaded_through_api} datasets ({(count - loaded_through_api) * 10010:,} observations) "
              f"in SQL in {time.time() - t:.0f} s", flush=True)
    indicators = -(-big // (77 * 10))
    define("BENCH_BIG", "ชุดข้อมูลขนาดใหญ่ทดสอบการส่งต่อเนื่อง", "ประชากร", indicators, "S01")
    big_started = time.time()
    big_time = load_time["csv"]
    big_obs = load_obs["csv"]
    for part, first in enumerate(range(0, indicators, 260)):
        observations += load("BENCH_BIG", range(first, min(first + 260, indicators)), part)
        print(f"  BENCH_BIG part {part}: {time.time() - big_started:.0f} s", flush=True)
    big_time = load_time["csv"] - big_time
    big_obs = load_obs["csv"] - big_obs
    publish("BENCH_BIG")
    print(f"loaded {observations:,} observations through the API in {time.time() - started:.0f} s "
          f"(BENCH_BIG: {big_obs:,} in {time.time() - big_started:.0f} s, its loads {big_time:.0f} s "
          f"= {big_obs / big_time:,.0f} observations/s)", flush=True)
    for kind in ("csv", "xlsx"):
        small_obs = load_obs[kind] - (big_obs if kind == "csv" else 0)
        small_time = load_time[kind] - (big_time if kind == "csv" else 0)
        print(f"load throughput {kind.upper()}, tables of 10,010 observations: {small_obs:,} observations in "
              f"{small_time:.1f} s of load requests = {small_obs / small_time:,.0f} observations/s", flush=True)


def timed(path, check):
    t = time.perf_counter()
    _, body, _ = call("GET", path)
    elapsed = (time.perf_counter() - t) * 1000
    check(body)
    return elapsed


def percentiles(name, paths, check, clients=1):
    for path in paths[:5]:
        call("GET", path)  # warm-up
    t = time.perf_counter()
    if clients == 1:
        times = [timed(path, check) for path in paths]
    else:
        with ThreadPoolExecutor(clients) as pool:
            times = list(pool.map(lambda path: timed(path, check), paths))
    wall = time.perf_counter() - t
    times.sort()
    print(f"{name}, {clients} client(s): n={len(times)} p50 {times[len(times) // 2]:.1f} ms, "
          f"p95 {times[len(times) * 95 // 100]:.1f} ms, max {times[-1]:.1f} ms, {len(times) / wall:.0f} requests/s",
          flush=True)


def rows_770(body):
    rows = body.decode().strip().split("\n")
    assert len(rows) == 1 + 770, len(rows)


sdmx = [f"/sdmx/data/BENCH_{random.randrange(count):04d}/.IND{random.randrange(13):04d}.?startPeriod=2015&endPeriod=2024"
        f"&format=csv" for _ in range(200)]
words = TOPICS + ["จังหวัด", "ทดสอบ"]
search = [f"/api/3/action/package_search?q={urllib.parse.quote(random.choice(words))}&rows=10" for _ in range(200)]
for clients in (1, concurrency):
    percentiles("SDMX data, 1 indicator x 77 provinces x 10 years (SDMX-CSV)", sdmx, rows_770, clients)
    percentiles("CKAN package_search (a Thai word, 10 rows)", search,
                lambda body: json.loads(body)["result"]["count"] > 0, clients)


def rss():
    fields = dict(line.split(":", 1) for line in open(f"/proc/{pid}/status"))
    return int(fields["VmRSS"].split()[0]), int(fields["VmHWM"].split()[0])


def stream(name, path, marker):
    with open(f"/proc/{pid}/clear_refs", "w") as f:
        f.write("5")  # resets the peak RSS (VmHWM) to the current RSS
    before = rss()
    t = time.perf_counter()
    request = urllib.request.Request(base + path, headers={"cookie": cookie})
    size = 0
    count = 0
    tail = b""
    with urllib.request.urlopen(request, timeout=1800) as reply:
        while chunk := reply.read(1 << 20):
            size += len(chunk)
            count += (tail + chunk).count(marker)
            # The bytes a marker split across two reads may start in, never a whole marker.
            tail = (tail + chunk)[max(0, len(tail + chunk) - len(marker) + 1):]
    after = rss()
    count -= marker == b"\n"  # the header row
    print(f"BENCH_BIG as {name}: {count:,} observations, {size / 1e6:.1f} MB in {time.perf_counter() - t:.1f} s; "
          f"server RSS before {before[0] / 1024:.0f} MB, peak during {after[1] / 1024:.0f} MB", flush=True)


stream("SDMX-CSV", "/sdmx/data/BENCH_BIG?format=csv", b"\n")
stream("SDMX-ML GenericData", "/sdmx/data/BENCH_BIG?format=genericdata", b"<generic:Obs>")

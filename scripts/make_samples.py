#!/usr/bin/env python3
"""Writes Samples/: one realistic month (September 2026, period 2026-09, in Samples/2026-09/) of
returns from all 101 reporting units of Jiangxi, as the offices send them, with about ten deliberate
mistakes; the month before (August 2026, Samples/2026-08/), one consolidated file as the provincial
centre's store already holds it, consistent with September except for three deliberate
month-over-month situations; a folder of broken files (Samples/问题文件/); Samples/EXPECTED.tsv,
the findings `jianxi check Samples` must make, and Samples/EXPECTED-ingest.tsv, the findings
`jianxi ingest Samples` must make for the September returns and files.

    python3 scripts/make_samples.py        (from the repository root)

Deterministic (fixed seed, no clock, standard library only): two runs give identical bytes.
Everything under Samples/ is rewritten except Samples/README.md, which describes the files.
"""
import csv
import datetime
import io
import json
import pathlib
import random
import shutil
import struct
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "Samples"
PERIOD = (2026, 9)
SEED = 20260913

KEYS = [
    "units_total", "units_new", "posts_total", "posts_new", "planned", "onboarded",
    "onboarded_grads", "completed", "retained", "retained_grads", "employed_other",
    "ended_abnormal", "on_post", "subsidy_ytd",
]
HEADERS_ZH = [
    "本期末实有见习单位总数", "本期新增见习单位数量", "本期末实有见习岗位总数", "本期新增见习岗位数量",
    "本期计划组织见习人数", "本期实际到岗人数", "其中：离校2年内未就业高校毕业生人数", "本期完成见习人数",
    "被见习单位留用人数", "其中：离校2年内未就业高校毕业生人数", "其他方式就业人数", "本期非正常结束见习人数",
    "本期末实有在岗见习人数", "本年累计各级财政实际拨付的见习补贴资金数",
]
BASE_KEYS = ["region_code", "region_name", "period", "submitted_on", "reporter", "phone"]
BASE_ZH = ["行政区划代码", "填报单位", "统计期", "填报时间", "填报人", "联系电话"]

AREA_CODES = {
    "360100": "0791", "360200": "0798", "360300": "0799", "360400": "0792", "360500": "0790",
    "360600": "0701", "360700": "0797", "360800": "0796", "360900": "0795", "361000": "0794",
    "361100": "0793", "36GJ00": "0791",
}
# Landline numbers: 8 digits in Nanchang, 7 elsewhere; the first digit the local exchanges use.
LOCAL_FIRST = {"0791": "8", "0798": "8", "0799": "6", "0792": "8", "0790": "6", "0701": "6",
               "0797": "8", "0796": "8", "0795": "3", "0794": "8", "0793": "8"}
MOBILE_PREFIXES = ["133", "135", "136", "137", "138", "139", "150", "151", "152", "155", "158",
                   "159", "177", "180", "181", "182", "187", "188", "189", "191", "199"]
SURNAMES = list("刘李王张陈黄胡吴曾罗钟邓徐熊彭肖周杨万余朱涂赖谢龚程廖付詹邹")
GIVEN = ["伟", "芳", "丽", "敏", "静", "婷", "磊", "强", "军", "霞", "燕", "艳", "红", "丹", "琳",
         "建华", "小平", "晓燕", "文斌", "海燕", "志强", "慧敏", "佳怡", "思远", "雨涵", "俊杰",
         "国庆", "春华", "秋萍", "玉兰", "明辉", "卫东", "丽萍", "金凤", "振华", "晓东", "美玲", "云峰"]

# Size of each unit's programme: core districts and big counties run more internships.
BIG = {"360102", "360103", "360111", "360112", "360113", "360121", "360702", "360703", "360731",
       "360781", "360402", "360403", "361102", "360902", "360981", "360802", "361002", "360203",
       "360302", "360502", "360602", "36GJ00"}
BIGGEST = {"360102", "360103", "360111", "360113", "360121", "360702"}  # 南昌 core, 章贡区
SMALL = {"361028", "360926", "360925", "360823", "360729", "360725", "360881", "361125", "360482",
         "360728", "361022", "361026", "360724", "360123", "360735", "360323", "360321", "360222"}

DEADLINE = datetime.date(2026, 10, 13)
ON_TIME_DAYS = [8, 8, 8, 9, 9, 9, 9, 10, 10, 12, 12, 12, 13, 13]

# August 2026, the month before: due on the 5th working day of September (computed and checked
# against Schemas/calendar-cn.csv in check_deadline), every unit on time.
AUGUST_SEED = SEED + 1
AUGUST_DEADLINE = datetime.date(2026, 9, 7)
AUGUST_DAYS = [1, 1, 2, 2, 2, 3, 3, 4, 4, 4, 7, 7]

# Month-over-month situations in September (rules H1-H4 compare a return with the same region's
# accepted return of the month before in the store), each in a county with no other problem.
MOM = {
    # 南昌县: 3.2万元 paid in August was recovered in September, so the year's total fell; no 说明.
    "360121": ("H1", 32_000, "subsidy_ytd 2026-08 = 2026-09 + 3.2万元 (money returned), no explanation"),
    # 万载县: 3 interns moved in from another county, explained in the 说明 column.
    "360922": ("H2", 3, "on_post = 2026-08 on_post + 6 - 8 - 12 + 3 (3 transferred in), explained"),
    # 瑞金市: 6 more host units than August's plus the new ones (new units under-reported); no 说明.
    "360781": ("H3", 6, "units_total = 2026-08 units_total + units_new + 6, no explanation"),
}
H2_EXPLANATION = "H2：3名见习人员由外县转入"


# ---------------------------------------------------------------- reference data and calendar

def read_regions():
    with open(ROOT / "Schemas" / "regions-jiangxi.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    by_code = {r["code"]: r for r in rows}
    parents = {r["parent_code"] for r in rows if r["parent_code"]}
    units = [r for r in rows if r["level"] != "province" and r["code"] not in parents]
    return by_code, units


def working_days_after(start, end, calendar):
    """Working days d with start < d <= end under China's official calendar."""
    days, d = 0, start
    while d < end:
        d += datetime.timedelta(days=1)
        kind = calendar.get(d.isoformat())
        if kind == "workday" or (kind != "holiday" and d.weekday() < 5):
            days += 1
    return days


def deadline(end_of_month, calendar):
    """The 5th working day after the last day of the period."""
    d, count = end_of_month, 0
    while count < 5:
        d += datetime.timedelta(days=1)
        if working_days_after(d - datetime.timedelta(days=1), d, calendar):
            count += 1
    return d


def check_deadline():
    with open(ROOT / "Schemas" / "calendar-cn.csv", encoding="utf-8") as f:
        calendar = {r["date"]: r["kind"] for r in csv.DictReader(f)}
    d = deadline(datetime.date(2026, 9, 30), calendar)
    assert d == DEADLINE, f"deadline for 2026-09 computed as {d}"
    d = deadline(datetime.date(2026, 8, 31), calendar)
    assert d == AUGUST_DEADLINE, f"deadline for 2026-08 computed as {d}"
    assert all(datetime.date(2026, 9, day) <= AUGUST_DEADLINE for day in AUGUST_DAYS)
    one_day = datetime.timedelta(days=1)
    assert all(working_days_after(datetime.date(2026, 9, day) - one_day, datetime.date(2026, 9, day), calendar)
               for day in AUGUST_DAYS), "August returns are dated on working days"
    assert working_days_after(DEADLINE, datetime.date(2026, 10, 14), calendar) == 1
    assert working_days_after(DEADLINE, datetime.date(2026, 10, 15), calendar) == 2
    return calendar


# ---------------------------------------------------------------- figures

def yuan_to_wanyuan(yuan, style):
    """万元 text from whole yuan: 'four' 12.3456, 'two' 12.35, 'whole' 12."""
    if style == "whole":
        return str(round(yuan / 10000))
    if style == "two":
        cents = round(yuan / 100)
        return f"{cents // 100}.{cents % 100:02d}"
    return f"{yuan // 10000}.{yuan % 10000:04d}"


def make_figures(rng, code):
    size = "big" if code in BIG else "small" if code in SMALL else "medium"
    if size == "small":
        units = rng.randint(10, 35); new = rng.randint(1, 5); planned = rng.randint(5, 20)
        completed = rng.randint(0, 12); subsidy = rng.randint(50_000, 200_000)
    elif size == "medium":
        units = rng.randint(25, 90); new = rng.randint(2, 10); planned = rng.randint(10, 40)
        completed = rng.randint(3, 25); subsidy = rng.randint(120_000, 450_000)
    else:
        units = rng.randint(80, 150); new = rng.randint(5, 15); planned = rng.randint(25, 60)
        completed = rng.randint(10, 40); subsidy = rng.randint(350_000, 800_000)
    if code in BIGGEST:
        subsidy = rng.randint(650_000, 1_200_000)
    posts = round(units * rng.uniform(2.0, 5.0))
    posts_new = min(posts, new + rng.randint(0, 2 * new + 3))
    onboarded = max(1, round(planned * rng.uniform(0.6, 1.0)))
    onboarded_grads = round(onboarded * rng.uniform(0.6, 0.9))
    retained = round(completed * rng.uniform(0.3, 0.7))
    retained_grads = round(retained * rng.uniform(0.5, 0.9))
    employed_other = rng.randint(0, (completed - retained) // 2 + ((completed - retained) % 2))
    ended_abnormal = rng.choice([0, 0, 0, 1, 1, 2, 3])
    on_post = max(onboarded + rng.randint(0, 3 * planned), round(posts * rng.uniform(0.15, 0.4)))
    on_post = min(on_post, posts)
    style = rng.choices(["four", "two", "whole"], weights=[7, 2, 1])[0]
    return {
        "units_total": units, "units_new": new, "posts_total": posts, "posts_new": posts_new,
        "planned": planned, "onboarded": onboarded, "onboarded_grads": onboarded_grads,
        "completed": completed, "retained": retained, "retained_grads": retained_grads,
        "employed_other": employed_other, "ended_abnormal": ended_abnormal, "on_post": on_post,
        "subsidy_ytd": yuan_to_wanyuan(subsidy, style),
    }


def broken_relations(v):
    """Relations of the form (R1-R6) and the plausibility checks (P1: 3>=1, P2: 13<=3) that fail."""
    n = {k: v[k] for k in KEYS[:13] if isinstance(v[k], int)}
    checks = {
        "R1": ("units_total", "units_new", lambda: n["units_total"] >= n["units_new"]),
        "R2": ("posts_total", "posts_new", lambda: n["posts_total"] >= n["posts_new"]),
        "R3": ("planned", "onboarded", lambda: n["planned"] >= n["onboarded"]),
        "R4": ("onboarded", "onboarded_grads", lambda: n["onboarded"] >= n["onboarded_grads"]),
        "R5": ("completed", "retained", lambda: n["completed"] >= n["retained"] + n["employed_other"]),
        "R6": ("retained", "retained_grads", lambda: n["retained"] >= n["retained_grads"]),
        "P1": ("posts_total", "units_total", lambda: n["posts_total"] >= n["units_total"]),
        "P2": ("posts_total", "on_post", lambda: n["on_post"] <= n["posts_total"]),
    }
    failed = []
    for rule, (a, b, ok) in checks.items():
        needed = {a, b} | ({"employed_other"} if rule == "R5" else set())
        if needed <= n.keys() and not ok():
            failed.append(rule)
    return failed


# ---------------------------------------------------------------- people and dates

class People:
    def __init__(self, rng):
        self.rng = rng
        self.used = set()

    def name(self):
        while True:
            n = self.rng.choice(SURNAMES) + self.rng.choice(GIVEN)
            if n not in self.used:
                self.used.add(n)
                return n

    def phone(self, city_code):
        if self.rng.random() < 0.5:
            return self.rng.choice(MOBILE_PREFIXES) + "".join(self.rng.choice("0123456789") for _ in range(8))
        area = AREA_CODES[city_code]
        length = 8 if area == "0791" else 7
        local = LOCAL_FIRST[area] + "".join(self.rng.choice("0123456789") for _ in range(length - 1))
        return f"{area}-{local}"


def date_text(day, style):
    if style == "slash":
        return f"2026/10/{day}"
    if style == "cn":
        return f"2026年10月{day}日"
    return f"2026-10-{day:02d}"


def period_text(style):
    return {"iso": "2026-09", "compact": "202609", "cn": "2026年9月", "excel": "2026/9/1"}[style]


def name_text(region, city, style):
    bare = region["name"]
    if style == "city":
        return city["name"] + bare
    if style == "bureau":
        return bare + "人社局"
    if style == "bureau_full":
        return bare + "人力资源和社会保障局"
    if style == "centre":
        return bare + "就业创业服务中心"
    return bare


# ---------------------------------------------------------------- writers

def write_bytes(path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def csv_text(rows, eol, quote_all=False):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=eol, quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL)
    writer.writerows(rows)
    return out.getvalue()


def encode(text, encoding):
    if encoding == "gbk":
        data = text.encode("gbk")
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return data
        raise AssertionError("GBK sample happens to be valid UTF-8")
    if encoding == "utf-8-bom":
        return b"\xef\xbb\xbf" + text.encode("utf-8")
    return text.encode("utf-8")


def header_row(style):
    if style == "canonical":
        return BASE_KEYS + KEYS
    base = list(BASE_ZH)
    if style == "number":
        return base + [str(i) for i in range(1, 15)]
    if style == "zhibiao":
        return base + [f"指标{i}" for i in range(1, 15)]
    if style == "aliases":  # the older form's words for the period and the date
        base[2], base[3] = "报告期", "填报日期"
    return base + [f"{i}.{h}" for i, h in enumerate(HEADERS_ZH, 1)]


def data_row(r):
    return [r["code_text"], r["name_text"], r["period_text"], r["date_text"], r["reporter"], r["phone"]] + \
           [str(r["values"][k]) for k in KEYS]


def json_text(returns, single=False):
    """Pretty JSON, 2-space indent, figures written as literal numbers (exact decimals)."""
    def obj(r, indent):
        pad, pad2 = " " * indent, " " * (indent + 2)
        lines = [f'{pad}{{']
        for key in BASE_KEYS:
            lines.append(f'{pad2}{json.dumps(key)}: {json.dumps(r[key], ensure_ascii=False)},')
        lines.append(f'{pad2}"indicators": {{')
        items = [(str(i) if r.get("number_keys") else k, r["values"][k]) for i, k in enumerate(KEYS, 1)]
        for j, (k, v) in enumerate(items):
            lines.append(f'{pad2}  {json.dumps(k)}: {v}' + ("," if j < len(items) - 1 else ""))
        lines.append(f'{pad2}}}')
        lines.append(f'{pad}}}')
        return "\n".join(lines)
    if single:
        return obj(returns[0], 0) + "\n"
    return "[\n" + ",\n".join(obj(r, 2) for r in returns) + "\n]\n"


def excel_number(text):
    """Excel's General format drops trailing zeros of a decimal: 12.3450 -> 12.345, 12.50 -> 12.5."""
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


# ---------------------------------------------------------------- the month

def main():
    check_deadline()
    by_code, units = read_regions()
    assert len(units) == 101, len(units)
    rng = random.Random(SEED)
    people = People(rng)
    expected = []          # (source, row, code)
    problems = []          # for the record: (source, row, code, what)
    covered = {}
    september = {}         # region code -> the return as written (its final figures)

    def base_return(region):
        city = by_code[region["parent_code"]] if region["level"] == "county" else region
        return {
            "region": region, "city": city, "values": make_figures(rng, region["code"]),
            "reporter": people.name(), "phone": people.phone(city["code"]),
            "day": rng.choice(ON_TIME_DAYS),
        }

    def fill(r, *, date_style="iso", period_style="iso", name_style="bare", code_text=None):
        r["code_text"] = code_text or r["region"]["code"]
        r["name_text"] = name_text(r["region"], r["city"], name_style)
        r["period_text"] = period_text(period_style)
        r["date_text"] = date_text(r["day"], date_style)
        return r

    def record(source, r, row, codes=(), what=""):
        rel = f"Samples/{source}"
        code = r["region"]["code"]
        assert code not in covered, f"{code} twice"
        covered[code] = (rel, row)
        september[code] = r
        if code in MOM:
            assert not codes, f"{code}: a month-over-month situation in a county with another problem"
        fails = broken_relations(r["values"])
        relation_codes = sorted(c for c in codes if c.startswith("R"))
        assert fails == relation_codes, f"{code}: relations broken {fails}, expected {relation_codes}"
        for c in codes:
            expected.append((rel, row, c))
            problems.append((rel, row, c, what))

    counties = lambda city: [u for u in units if u["parent_code"] == city]

    # ---- 南昌市: the city's consolidated CSV, UTF-8 with BOM, CRLF, template headers.
    source = "2026-09/南昌市/2026-09-南昌市汇总.csv"
    names = ["bureau", "city", "bare", "city", "bureau", "bare", "city", "bureau_full", "bare"]
    rows = [header_row("template")]
    for i, region in enumerate(counties("360100")):
        r = fill(base_return(region), name_style=names[i])
        row = i + 2
        if region["code"] == "360111":  # 青山湖区: employed otherwise counted on top of the completions
            v = r["values"]
            v.update(completed=18, retained=11, retained_grads=8, employed_other=9, ended_abnormal=1)
            record(source, r, row, ["R5"], "8=18 < 9+11 = 11+9 = 20")
        else:
            record(source, r, row)
        rows.append(data_row(r))
    write_bytes(SAMPLES / source, encode(csv_text(rows, "\r\n"), "utf-8-bom"))

    # ---- 赣州市: Excel's "CSV" on Chinese Windows: GBK, CRLF, dates 2026/10/9, trailing zeros gone.
    source = "2026-09/赣州市/2026-09-赣州市.csv"
    rows = [header_row("template")]
    for i, region in enumerate(counties("360700")):
        r = fill(base_return(region), date_style="slash", period_style="cn",
                 name_style=["bare", "bureau", "bare", "city"][i % 4])
        v = r["values"]
        row = i + 2
        if region["code"] == "360731":  # 于都县: graduates counted over all who started
            v.update(planned=30, onboarded=21, onboarded_grads=24)
            record(source, r, row, ["R4"], "7=24 > 6=21")
        elif region["code"] == "360729":  # 全南县: 2.5 persons
            v.update(planned=6, onboarded="2.5", onboarded_grads=2)
            record(source, r, row, ["E_NOT_INTEGER"], "onboarded = 2.5")
        else:
            record(source, r, row)
        v["subsidy_ytd"] = excel_number(v["subsidy_ytd"])
        rows.append(data_row(r))
    write_bytes(SAMPLES / source, encode(csv_text(rows, "\r\n"), "gbk"))

    # ---- 九江市: one JSON array, UTF-8, figures as JSON numbers.
    source = "2026-09/九江市/2026-09-九江市.json"
    items = []
    for i, region in enumerate(counties("360400")):
        r = fill(base_return(region), name_style=["bare", "city", "bureau", "bare", "city"][i % 5],
                 date_style="slash" if region["code"] == "360426" else "iso",
                 period_style="cn" if region["code"] == "360481" else "iso")
        position = i + 1
        r["number_keys"] = region["code"] in ("360430", "360482")  # 彭泽县, 共青城市: "1".."14"
        if region["code"] == "360424":  # 修水县: sent the day after the deadline
            r["day"] = 14
            r["date_text"] = date_text(14, "iso")
            record(source, r, position, ["W_LATE"], "submitted_on 2026-10-14, 1 working day late")
        elif region["code"] == "360428":  # 都昌县: five decimals of 万元
            r["values"]["subsidy_ytd"] = "12.34567"
            record(source, r, position, ["E_TOO_MANY_DECIMALS"], "subsidy_ytd = 12.34567")
        else:
            record(source, r, position)
        items.append(r)
    returns = [dict(region_code=r["code_text"], region_name=r["name_text"], period=r["period_text"],
                    submitted_on=r["date_text"], reporter=r["reporter"], phone=r["phone"],
                    values=r["values"], number_keys=r["number_keys"]) for r in items]
    text = json_text(returns)
    parsed = json.loads(text)
    assert parsed[7]["indicators"]["subsidy_ytd"] == 12.34567 and "12.34567" in text
    write_bytes(SAMPLES / source, text.encode("utf-8"))

    # ---- 赣江新区: one JSON object.
    source = "2026-09/赣江新区/2026-09-赣江新区.json"
    r = fill(base_return(by_code["36GJ00"]))
    record(source, r, 1)
    one = dict(region_code="36GJ00", region_name=r["name_text"], period="2026-09", submitted_on=r["date_text"],
               reporter=r["reporter"], phone=r["phone"], values=r["values"])
    write_bytes(SAMPLES / source, json_text([one], single=True).encode("utf-8"))

    # ---- Every other county: its own file, one header row and one data row.
    gbk = {"360321", "360826", "360981", "361023", "361124"}
    canonical = {"360502", "360602", "360681", "360802", "360803", "360902", "361002", "361103", "361130", "361127"}
    zhibiao = {"360222", "360322", "361026"}
    number = {"360829", "360921", "361126"}
    aliases = {"360924"}
    special = {
        "360323": ("R1", "units_new 14 > units_total 11"),
        "361127": ("W_LATE", "submitted_on 2026-10-15, 2 working days late"),
        "360828": ("E_REGION_NAME_MISMATCH", "code 360828 (万安县), 填报单位 遂川县"),
        "361023": ("E_NOT_NUMBER", "ended_abnormal = 无"),
        "360521": ("W_PHONE_MISSING", "联系电话 empty"),
    }
    per_county_cities = ["360200", "360300", "360500", "360600", "360800", "360900", "361000", "361100"]
    name_styles = ["bare", "bureau", "city", "bare", "bureau_full", "bare", "city", "centre"]
    k = 0
    for city_code in per_county_cities:
        city = by_code[city_code]
        for region in counties(city_code):
            code = region["code"]
            k += 1
            source = f"2026-09/{city['name']}/{code}-{region['name']}-2026-09.csv"
            if code in gbk:
                encoding, eol, header, date_style, period_style = "gbk", "\r\n", "template", "slash", "cn"
                if code == "361124":
                    period_style = "excel"  # Excel turned a typed 2026-09 into the date 2026/9/1
            elif code in canonical:
                encoding, eol, header, date_style, period_style = "utf-8", "\n", "canonical", "iso", "iso"
            else:
                encoding = "utf-8-bom" if k % 5 in (0, 1, 3) else "utf-8"
                eol = "\r\n" if encoding == "utf-8-bom" or k % 2 else "\n"
                header = "zhibiao" if code in zhibiao else "number" if code in number else \
                    "aliases" if code in aliases else "template"
                date_style = ["iso", "slash", "cn", "iso", "cn", "slash"][k % 6]
                period_style = ["iso", "compact", "iso", "cn"][k % 4]
            r = fill(base_return(region), date_style=date_style, period_style=period_style,
                     name_style="bare" if header == "canonical" else name_styles[k % len(name_styles)],
                     code_text=f"{code}000000" if code == "361181" else None)
            v = r["values"]
            quote_all = False
            codes, what = [], ""
            if code in special:
                codes, what = [special[code][0]], special[code][1]
            if code == "360323":  # 芦溪县: units added greater than units at month end
                v.update(units_total=11, units_new=14, posts_total=38, posts_new=16, on_post=min(v["on_post"], 38))
            elif code == "361127":  # 余干县: two working days late
                r["day"] = 15
                r["date_text"] = date_text(15, date_style)
            elif code == "360828":  # 万安县 filled in on a copy of 遂川县's sheet
                r["name_text"] = "遂川县"
            elif code == "361023":  # 南丰县: 无 for none
                v["ended_abnormal"] = "无"
            elif code == "360521":  # 分宜县: no phone
                r["phone"] = ""
            elif code == "361102":  # 信州区: exported with thousands separators, every cell quoted
                v.update(units_total=246, posts_total=1127, on_post=412)
                quote_all = True
            elif code == "361125":  # 横峰县: full-width digits typed with a Chinese IME
                v.update(posts_new=12, units_new=min(v["units_new"], 12))
            if code in gbk:
                v["subsidy_ytd"] = excel_number(v["subsidy_ytd"])
            record(source, r, 2, codes, what)
            row = data_row(r)
            headers = header_row(header)
            if code == "360922":  # 万载县: explains its H2 warning in a 说明 column
                assert header == "template"
                headers.append("说明")
                row.append(H2_EXPLANATION)
            if code == "361102":
                row[6 + KEYS.index("posts_total")] = "1,127"
            if code == "361125":
                row[6 + KEYS.index("posts_new")] = "１２"
            write_bytes(SAMPLES / source, encode(csv_text([headers, row], eol, quote_all), encoding))

    assert sorted(covered) == sorted(u["code"] for u in units), "every reporting unit exactly once"
    assert set(MOM) <= set(covered)

    # ---- August 2026: what the provincial centre's store already holds, one consolidated file.
    write_august(by_code, units, september)
    write_city_total(by_code, september)

    # ---- 问题文件: broken files, not among the 101.
    problem = SAMPLES / "问题文件"
    write_bytes(problem / "empty.csv", b"")
    expected.append(("Samples/问题文件/empty.csv", None, "E_FILE_EMPTY"))

    # Cut off while copying: the first data row ends inside the quoted 填报人 cell.
    head = csv_text([header_row("template")], "\r\n", quote_all=True)
    cut = '"360403","九江市浔阳区","2026-09","2026-10-09","陈'
    write_bytes(problem / "truncated.csv", encode(head + cut, "utf-8-bom"))
    expected.append(("Samples/问题文件/truncated.csv", 2, "E_CSV_UNTERMINATED_QUOTE"))

    # A sheet someone rearranged: an extra 备注2 column, and column 13 deleted.
    r = fill(base_return(by_code["360203"]), name_style="bureau")
    headers = header_row("template")
    row = data_row(r)
    drop = 6 + KEYS.index("on_post")
    del headers[drop], row[drop]
    headers.append("备注2")
    row.append("已电话核实")
    write_bytes(problem / "wrong-columns.csv", encode(csv_text([headers, row], "\r\n"), "utf-8-bom"))
    expected.append(("Samples/问题文件/wrong-columns.csv", 1, "E_COLUMN_MISSING"))
    expected.append(("Samples/问题文件/wrong-columns.csv", 1, "E_COLUMN_UNKNOWN"))

    # Hand-edited JSON with the comma after "reporter" deleted: the reader stops on the next line.
    r = fill(base_return(by_code["360423"]))
    text = json_text([dict(region_code="360423", region_name="武宁县", period="2026-09", submitted_on=r["date_text"],
                           reporter=r["reporter"], phone=r["phone"], values=r["values"])], single=True)
    lines = text.split("\n")
    at = next(i for i, line in enumerate(lines) if line.lstrip().startswith('"reporter"'))
    lines[at] = lines[at].rstrip(",")
    text = "\n".join(lines)
    try:
        json.loads(text)
        raise AssertionError("broken.json parses")
    except json.JSONDecodeError as error:
        error_line = at + 2  # 1-based line of the "phone" key that follows the missing comma
        assert error.lineno == error_line, (error.lineno, error_line)
    write_bytes(problem / "broken.json", text.encode("utf-8"))
    # File-level: the message names the line; a JSON "row" is the n-th return, and there is none.
    expected.append(("Samples/问题文件/broken.json", None, "E_JSON_SYNTAX"))

    # An Excel workbook renamed .csv: the first bytes of an .xlsx (a ZIP), NUL bytes and all.
    name = b"[Content_Types].xml"
    blob = rng.randbytes(1500)
    header = struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 6, 8, 0, 0x2100,
                         rng.getrandbits(32), 412, 1655, len(name), 0)
    write_bytes(problem / "workbook.csv", header + name + blob)
    expected.append(("Samples/问题文件/workbook.csv", None, "E_NOT_TEXT"))

    # ---- EXPECTED.tsv: every finding `jianxi check Samples/` must make, and nothing else.
    expected.sort(key=lambda e: (e[0], -1 if e[1] is None else e[1], e[2]))
    lines = ["source\trow\tcode"] + [f"{s}\t{'' if r is None else r}\t{c}" for s, r, c in expected]
    write_bytes(SAMPLES / "EXPECTED.tsv", ("\n".join(lines) + "\n").encode("utf-8"))

    # ---- EXPECTED-ingest.tsv: what `jianxi ingest Samples` (fresh store) reports for September:
    # the same findings, plus the month-over-month warnings; info notes and August left out.
    ingest = [(s, r, c, severity(c), "no") for s, r, c in expected]
    for code, (rule, _, what) in sorted(MOM.items()):
        rel, row = covered[code]
        ingest.append((rel, row, rule, "warning", "yes" if rule == "H2" else "no"))
        problems.append((rel, row, rule, what))
    ingest.sort(key=lambda e: (e[0], -1 if e[1] is None else e[1], e[2]))
    lines = ["source\trow\tcode\tseverity\texplained"] + \
            [f"{s}\t{'' if r is None else r}\t{c}\t{sev}\t{x}" for s, r, c, sev, x in ingest]
    write_bytes(SAMPLES / "EXPECTED-ingest.tsv", ("\n".join(lines) + "\n").encode("utf-8"))
    return problems, covered


def severity(code):
    if code.startswith(("E_", "R")):
        return "error"
    assert code.startswith(("W_", "H")), code
    return "warning"


# ---------------------------------------------------------------- the month before

def meant(text):
    """What a September cell that cannot be read was meant to say: 2.5 persons were 2, 无 is 0."""
    if isinstance(text, int):
        return text
    return {"2.5": 2, "无": 0}[text]


def wanyuan_to_yuan(text):
    """Whole yuan from 万元 text, at most 4 decimals kept (12.34567 -> 123456)."""
    whole, _, fraction = str(text).partition(".")
    return int(whole) * 10000 + int((fraction + "0000")[:4])


def august_figures(rng, s, code):
    """August's figures for a unit, from September's `s`, so that September follows from them:
    H1 14 >= prev_ytd(14), H2 13 == prev(13) + 6 - 8 - 12, H3 1 <= prev(1) + 2, H4 3 <= prev(3) + 4;
    and August itself keeps R1-R6, 3 >= 1 and 13 <= 3. A unit of MOM breaks its one rule on purpose."""
    n = {k: meant(s[k]) for k in KEYS[:13]}
    rule, amount, _ = MOM.get(code, (None, 0, ""))
    # Host units and posts: September's are August's that stayed plus the new ones.
    units = max(n["units_total"] - n["units_new"], 1) + rng.randint(0, 3)
    if rule == "H3":
        units = n["units_total"] - n["units_new"] - amount
    units_new = rng.randint(1, max(1, min(units, n["units_new"] + 3)))
    posts = max(n["posts_total"] - n["posts_new"], units) + rng.randint(0, 8)
    planned = max(1, round(n["planned"] * rng.uniform(0.7, 1.3)))
    onboarded = max(1, round(planned * rng.uniform(0.6, 1.0)))
    onboarded_grads = round(onboarded * rng.uniform(0.6, 0.9))
    completed = max(0, round(n["completed"] * rng.uniform(0.6, 1.4)))
    retained = round(completed * rng.uniform(0.3, 0.7))
    retained_grads = round(retained * rng.uniform(0.5, 0.9))
    employed_other = rng.randint(0, (completed - retained) // 2 + ((completed - retained) % 2))
    ended_abnormal = rng.choice([0, 0, 0, 1, 1, 2, 3])
    # Interns on post: September's = August's + started - completed - ended early.
    on_post = n["on_post"] - n["onboarded"] + n["completed"] + n["ended_abnormal"]
    if rule == "H2":
        on_post -= amount  # September has `amount` more: they moved in from another county
    assert 0 <= on_post, (code, on_post)
    posts = max(posts, on_post)
    posts_new = min(posts, units_new + rng.randint(0, 2 * units_new + 3))
    # Subsidy paid this year: September's total less what was paid in September.
    september_yuan = wanyuan_to_yuan(s["subsidy_ytd"])
    yuan = september_yuan - round(september_yuan * rng.uniform(0.03, 0.12))
    if rule == "H1":
        yuan = september_yuan + amount
    values = {
        "units_total": units, "units_new": units_new, "posts_total": posts, "posts_new": posts_new,
        "planned": planned, "onboarded": onboarded, "onboarded_grads": onboarded_grads,
        "completed": completed, "retained": retained, "retained_grads": retained_grads,
        "employed_other": employed_other, "ended_abnormal": ended_abnormal, "on_post": on_post,
        "subsidy_ytd": yuan_to_wanyuan(yuan, "four"),
    }
    assert broken_relations(values) == [], (code, broken_relations(values))
    # What `jianxi ingest` will find when September is checked against these figures.
    held = {
        "H1": september_yuan >= yuan,
        "H2": n["on_post"] == on_post + n["onboarded"] - n["completed"] - n["ended_abnormal"],
        "H3": n["units_total"] <= units + n["units_new"],
        "H4": n["posts_total"] <= posts + n["posts_new"],
    }
    assert [r for r, ok in held.items() if not ok] == ([rule] if rule else []), (code, held)
    return values


# 景德镇市 also sends its own consolidated return (scope total) for reconciliation (表间审核):
# the sum of its four counties, except indicator 3, where it counted 5 posts its counties did not.
CITY_TOTAL = ("360200", "posts_total", 5)


def write_city_total(by_code, september):
    city, indicator, extra = CITY_TOTAL
    people = People(random.Random(SEED + 3))  # its own stream: the other files stay as they were
    counties = [r for code, r in september.items() if by_code[code]["parent_code"] == city]
    assert len(counties) == 4, len(counties)
    totals = {k: sum(int(r["values"][k]) for r in counties) for k in KEYS if k != "subsidy_ytd"}
    totals["subsidy_ytd"] = yuan_to_wanyuan(sum(wanyuan_to_yuan(r["values"]["subsidy_ytd"]) for r in counties), "four")
    totals[indicator] += extra
    assert not broken_relations(totals), broken_relations(totals)
    header = BASE_KEYS + KEYS + ["scope"]
    row = [city, by_code[city]["name"], "2026-09", "2026-10-12", people.name(), people.phone(city)] + \
          [str(totals[k]) for k in KEYS] + ["total"]
    name = by_code[city]["name"]
    write_bytes(SAMPLES / "2026-09" / name / f"2026-09-{name}-自报汇总.csv", encode(csv_text([header, row], "\r\n"), "utf-8-bom"))


def write_august(by_code, units, september):
    """Samples/2026-08/2026-08-全省.csv: August 2026 for all 101 units, as the provincial centre
    keeps it (UTF-8 with BOM, CRLF, template Chinese headers, one row per unit in code order),
    every return on time and clean. Its own random stream, so September does not change with it."""
    rng = random.Random(AUGUST_SEED)
    people = People(rng)
    rows = [header_row("template")]
    for region in sorted(units, key=lambda u: u["code"]):
        code = region["code"]
        s = september[code]
        city = s["city"]
        day = rng.choice(AUGUST_DAYS)
        r = {
            "code_text": code,
            "name_text": name_text(region, city, "bare" if city is region else "city"),
            "period_text": "2026-08",
            "date_text": f"2026-09-{day:02d}",
            # The same person reports every month; 分宜县 left its phone out in September only.
            "reporter": s["reporter"],
            "phone": s["phone"] or people.phone(city["code"]),
            "values": august_figures(rng, s["values"], code),
        }
        rows.append(data_row(r))
    assert len(rows) == 102
    write_bytes(SAMPLES / "2026-08" / "2026-08-全省.csv", encode(csv_text(rows, "\r\n"), "utf-8-bom"))


def clean():
    """Removes everything under Samples/ except README.md."""
    SAMPLES.mkdir(exist_ok=True)
    for path in SAMPLES.iterdir():
        if path.name == "README.md":
            continue
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()


if __name__ == "__main__":
    clean()
    found, units = main()
    files = sorted(p.relative_to(ROOT).as_posix() for p in SAMPLES.rglob("*") if p.is_file() and p.name != "README.md")
    mom = sum(1 for _, _, code, _ in found if code in ("H1", "H2", "H3", "H4"))
    print(f"wrote {len(files)} files under Samples/ ({len(units)} reporting units in 2026-08 and 2026-09, "
          f"{len(found) - mom} deliberate problems and {mom} month-over-month situations)")
    sys.exit(0)

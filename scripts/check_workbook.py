#!/usr/bin/env python3
"""Reads a province workbook written by `jianxi export --period` with an independent reader
(openpyxl) and checks that it adds up: every SUM's cached value (what viewers that do not
recalculate show) equals the sum of the cells it names, and each city's row on the province sheet
equals the total row of that city's own sheet. Usage: check_workbook.py FILE.xlsx PROVINCE_SHEET"""
import re
import sys
from decimal import Decimal

from openpyxl import load_workbook
from openpyxl.utils import range_boundaries

path, province_sheet = sys.argv[1], sys.argv[2]
formulas, values = load_workbook(path), load_workbook(path, data_only=True)
passed, failures = 0, []


def number(value):
    return Decimal(str(value)) if value is not None else Decimal(0)


def check(ok, what):
    global passed
    if ok:
        passed += 1
    else:
        failures.append(what)


totals = {}  # sheet -> the cached figures of its total row
for ws in formulas.worksheets:
    wv = values[ws.title]
    for row in ws.iter_rows():
        for cell in row:
            m = re.fullmatch(r"=SUM\((.*)\)", cell.value) if isinstance(cell.value, str) else None
            if not m:
                continue
            expected = Decimal(0)
            for argument in m.group(1).split(","):
                c1, r1, c2, r2 = range_boundaries(argument)
                for r in range(r1, r2 + 1):
                    for c in range(c1, c2 + 1):
                        expected += number(wv.cell(r, c).value)
            cached = wv[cell.coordinate].value
            check(cached is not None and abs(number(cached) - expected) < Decimal("0.00001"),
                  f"{ws.title}!{cell.coordinate}: cached {cached}, cells add up to {expected}")
            totals.setdefault(ws.title, {})[cell.column] = number(cached)

# A city's row on the province sheet is that city's total. Rows start after the header (row 7).
province = values[province_sheet]
for r in range(7, province.max_row + 1):
    label = province.cell(r, 1).value
    if not isinstance(label, str):
        continue
    city = re.sub(r"（.*）$", "", label)
    if city in totals:
        for column, total in totals[city].items():
            check(number(province.cell(r, column).value) == total,
                  f"{province_sheet} row {r} ({city}) column {column}: {province.cell(r, column).value} != {city} total {total}")

for failure in failures:
    print(failure)
print(f"workbook: {passed} passed, {len(failures)} failed")
sys.exit(1 if failures or passed == 0 else 0)

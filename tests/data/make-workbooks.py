#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the small workbooks that tests/test-workbook.c imports, and the
values it expects from them.

  workbook.xlsx       written with openpyxl, as Excel would store it:
                      shared strings, styles with date, date-time and
                      percent formats, booleans, gaps, a second sheet;
  workbook-1904.xlsx  the same dates in the 1904 date system;
  workbook.ods        OpenDocument content.xml written here by hand (zip
                      with an uncompressed mimetype first, as the format
                      asks), with repeated rows and cells, paragraphs and
                      an annotation;
  workbook-bad-ref.xlsx, workbook-missing-part.xlsx
                      damaged copies: a cell reference that is no cell,
                      and a sheet whose part is not in the zip;
  workbook-golden.txt for every sheet, the column types and the values as
                      Segmenta stores them (ISO dates, shortest decimals),
                      derived from the Python values written above.

Needs Debian's python3-openpyxl; the test suite only reads the output.
Run from the repository root:

    /usr/bin/python3 tests/data/make-workbooks.py
"""

import datetime as dt
import re
import zipfile

import openpyxl
from openpyxl.styles import Font
from openpyxl.utils.datetime import CALENDAR_MAC_1904

OUT = "tests/data/"

ORDERS_HEADER = ["order_id", "customer", "ordered_on", "placed_at", "amount", "discount", "paid", "note"]
ORDERS = [
    [1001, "Ada Lovelace", dt.date(2024, 1, 5), dt.datetime(2024, 1, 5, 9, 30, 0), 12.5, 0.125, True, "first"],
    [1002, "李雷", dt.date(2024, 2, 29), dt.datetime(2024, 2, 29, 18, 5, 59), 1999.99, 0.25, False, None],
    [1003, "Grace Hopper", dt.date(1999, 12, 31), dt.datetime(2000, 1, 1, 0, 0, 1), 0.1, 0.0, True, "line one\nline two"],
    [1004, "  spaced  ", dt.date(1904, 1, 2), dt.datetime(2030, 6, 15, 23, 59, 0), -3.25, 1.5, False, "x"],
]
CUSTOMERS_HEADER = ["id", "name", "since"]
CUSTOMERS = [
    [1, "Ada", dt.date(2020, 1, 1)],
    [2, "Grace", dt.date(2021, 7, 4)],
]


def fmt_value(value):
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float):
        return repr(value)
    return str(value).replace("\\", "\\\\").replace("\n", "\\n")


def write_xlsx(path, epoch=None):
    wb = openpyxl.Workbook()
    if epoch is not None:
        wb.epoch = epoch
    ws = wb.active
    ws.title = "Orders"
    ws.append(ORDERS_HEADER)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for i, row in enumerate(ORDERS):
        # A blank row between the second and third order: skipped.
        r = i + 2 if i < 2 else i + 3
        for c, value in enumerate(row, start=1):
            if value is None:
                continue
            cell = ws.cell(row=r, column=c, value=value)
            if c == 3:
                cell.number_format = "yyyy-mm-dd"
            elif c == 4:
                cell.number_format = "yyyy-mm-dd hh:mm:ss"
            elif c == 6:
                cell.number_format = "0.0%"
    # A styled but empty cell far to the right is formatting, not a column.
    ws.cell(row=2, column=12).font = Font(italic=True)

    ws2 = wb.create_sheet("Customers 2")
    ws2.append(CUSTOMERS_HEADER)
    for row in CUSTOMERS:
        ws2.append(row)
        ws2.cell(row=ws2.max_row, column=3).number_format = "d mmm yyyy"
    wb.save(path)


def share_strings(path):
    """Moves the inline strings openpyxl writes into a shared strings part,
    the way Excel stores text."""
    with zipfile.ZipFile(path) as z:
        parts = {info.filename: z.read(info.filename) for info in z.infolist()}
    strings = []
    index = {}

    def share(match):
        text = match.group(3)
        if text not in index:
            index[text] = len(strings)
            strings.append(text)
        return f'<c r="{match.group(1)}"{match.group(2)} t="s"><v>{index[text]}</v></c>'

    for name in list(parts):
        if name.startswith("xl/worksheets/sheet"):
            xml = parts[name].decode("utf-8")
            xml = re.sub(r'<c r="([A-Z]+[0-9]+)"((?: s="[0-9]+")?) t="inlineStr"><is><t>(.*?)</t></is></c>', share, xml,
                         flags=re.S)
            parts[name] = xml.encode("utf-8")
    sst = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
           f' count="{len(strings)}" uniqueCount="{len(strings)}">' +
           "".join(f'<si><t xml:space="preserve">{t}</t></si>' for t in strings) +
           # A phonetic hint is not part of the text.
           '<si><r><t>rich </t></r><r><t>text</t></r><rPh sb="0" eb="1"><t>ignored</t></rPh></si></sst>')
    parts["xl/sharedStrings.xml"] = sst.encode("utf-8")
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>",
        b'<Relationship Id="rIdSst" Target="sharedStrings.xml" Type="http://schemas.openxmlformats.org/'
        b'officeDocument/2006/relationships/sharedStrings"/></Relationships>')
    # The sheets first and the parts they refer to after them, as some
    # writers order them: the reader must not depend on the order.
    order = sorted(parts, key=lambda n: (not n.startswith("xl/worksheets/"), n))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name in order:
            z.writestr(zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0)), parts[name],
                       compress_type=zipfile.ZIP_DEFLATED)


def damage(source, target, edit):
    with zipfile.ZipFile(source) as z:
        parts = [(info.filename, z.read(info.filename)) for info in z.infolist()]
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts:
            data = edit(name, data)
            if data is not None:
                z.writestr(zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0)), data,
                           compress_type=zipfile.ZIP_DEFLATED)


def bad_ref(name, data):
    if name == "xl/worksheets/sheet1.xml":
        return data.replace(b'<c r="C5"', b'<c r="C0"')
    return data


def missing_part(name, data):
    return None if name == "xl/worksheets/sheet2.xml" else data


def ods_cell(value):
    if value is None:
        return "<table:table-cell/>"
    if isinstance(value, bool):
        v = "true" if value else "false"
        return (f'<table:table-cell office:value-type="boolean" office:boolean-value="{v}">'
                f"<text:p>{v.upper()}</text:p></table:table-cell>")
    if isinstance(value, dt.datetime):
        v = value.strftime("%Y-%m-%dT%H:%M:%S")
        return (f'<table:table-cell office:value-type="date" office:date-value="{v}">'
                f"<text:p>{v}</text:p></table:table-cell>")
    if isinstance(value, dt.date):
        v = value.strftime("%Y-%m-%d")
        return (f'<table:table-cell office:value-type="date" office:date-value="{v}">'
                f"<text:p>{v}</text:p></table:table-cell>")
    if isinstance(value, (int, float)):
        return (f'<table:table-cell office:value-type="float" office:value="{value!r}">'
                f"<text:p>{value}</text:p></table:table-cell>")
    paragraphs = "".join(
        "<text:p>" + p.replace("&", "&amp;").replace("<", "&lt;").replace("  ", ' <text:s/>') + "</text:p>"
        for p in value.split("\n"))
    return f'<table:table-cell office:value-type="string">{paragraphs}</table:table-cell>'


def write_ods(path):
    rows = []
    rows.append("<table:table-row>" + "".join(ods_cell(h) for h in ORDERS_HEADER) +
                '<table:table-cell table:number-columns-repeated="1016"/></table:table-row>')
    for i, row in enumerate(ORDERS):
        cells = []
        for c, value in enumerate(row):
            if c == 5:
                cells.append(f'<table:table-cell office:value-type="percentage" office:value="{value!r}">'
                             f"<text:p>{value * 100}%</text:p></table:table-cell>")
            elif c == 1 and i == 0:
                # A comment on the cell is not its value.
                cells.append('<table:table-cell office:value-type="string">'
                             "<office:annotation><text:p>VIP</text:p></office:annotation>"
                             "<text:p>Ada <text:span>Lovelace</text:span></text:p></table:table-cell>")
            else:
                cells.append(ods_cell(value))
        rows.append("<table:table-row>" + "".join(cells) +
                    '<table:table-cell table:number-columns-repeated="1016"/></table:table-row>')
        if i == 1:
            rows.append('<table:table-row table:number-rows-repeated="1">'
                        '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>')
    # Filler to the bottom of the sheet, as office suites write it.
    rows.append('<table:table-row table:number-rows-repeated="1048570">'
                '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>')
    orders = '<table:table table:name="Orders"><table:table-column table:number-columns-repeated="1024"/>' + \
        "".join(rows) + "</table:table>"

    crow = ["<table:table-row>" + "".join(ods_cell(h) for h in CUSTOMERS_HEADER) + "</table:table-row>"]
    for row in CUSTOMERS:
        crow.append("<table:table-row>" + "".join(ods_cell(v) for v in row) + "</table:table-row>")
    # Two identical rows written once.
    customers = '<table:table table:name="Customers 2">' + "".join(crow) + "</table:table>"

    content = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<office:document-content'
        ' xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
        ' office:version="1.2">'
        "<office:body><office:spreadsheet>" + orders + customers +
        "</office:spreadsheet></office:body></office:document-content>")
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
        ' manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>")
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype", date_time=(2024, 1, 1, 0, 0, 0)),
                   "application/vnd.oasis.opendocument.spreadsheet", compress_type=zipfile.ZIP_STORED)
        for name, data in (("content.xml", content), ("META-INF/manifest.xml", manifest)):
            z.writestr(zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0)), data,
                       compress_type=zipfile.ZIP_DEFLATED)


def write_golden(path):
    def column_type(values):
        values = [v for v in values if v is not None]
        if all(isinstance(v, bool) for v in values):
            return "boolean"
        if all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            return "integer"
        if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
            return "real"
        if all(isinstance(v, dt.datetime) for v in values):
            return "datetime"
        if all(isinstance(v, dt.date) for v in values):
            return "date"
        return "text"

    with open(path, "w", encoding="utf-8") as out:
        out.write("# sheet, then its columns (name type) and rows (values separated by tabs)\n")
        for name, header, rows in (("Orders", ORDERS_HEADER, ORDERS), ("Customers 2", CUSTOMERS_HEADER, CUSTOMERS)):
            out.write(f"sheet\t{name}\n")
            for c, h in enumerate(header):
                out.write(f"column\t{h}\t{column_type([r[c] for r in rows])}\n")
            for row in rows:
                out.write("row\t" + "\t".join(fmt_value(v) for v in row) + "\n")


write_xlsx(OUT + "workbook.xlsx")
share_strings(OUT + "workbook.xlsx")
damage(OUT + "workbook.xlsx", OUT + "workbook-bad-ref.xlsx", bad_ref)
damage(OUT + "workbook.xlsx", OUT + "workbook-missing-part.xlsx", missing_part)
write_xlsx(OUT + "workbook-1904.xlsx", CALENDAR_MAC_1904)
write_ods(OUT + "workbook.ods")
write_golden(OUT + "workbook-golden.txt")

"""Regenerate the bundled example data (all synthetic: Faker names, valid-checksum ids).

    .venv/bin/python examples/data/generate.py

Writes cn_orders.csv, eu_customers.parquet, device_events.jsonl and clinic_visits.xlsx
beside this file. Seeded, so the files are the same every run.
"""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from faker import Faker
from openpyxl import Workbook
from stdnum import luhn

HERE = Path(__file__).resolve().parent
rng = random.Random(7)


def cn_ric(f: Faker) -> str:
    from stdnum.cn import ric

    while True:
        body = rng.choice(["110105", "310104", "440305", "330106", "510107"]) + \
            f.date_of_birth(minimum_age=12, maximum_age=70).strftime("%Y%m%d") + f"{rng.randint(0, 999):03d}"
        return body + ric.calc_check_digit(body + "0")


def card(prefix: str, length: int = 16) -> str:
    body = prefix + "".join(str(rng.randint(0, 9)) for _ in range(length - len(prefix) - 1))
    return body + luhn.calc_check_digit(body)


def cn_orders() -> None:
    f = Faker("zh_CN")
    f.seed_instance(1)
    with (HERE / "cn_orders.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["订单号", "下单时间", "收件人", "手机号", "身份证号", "收货地址", "银行卡号", "商品SKU", "金额"])
        for i in range(200):
            w.writerow([f"2026{110000000 + i}", f"2026-11-{rng.randint(1, 21):02d} {rng.randint(0, 23):02d}:"
                        f"{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}", f.name(),
                        rng.choice(["130", "135", "138", "139", "150", "158", "186", "188", "199"])
                        + f"{rng.randint(10000000, 99999999)}", cn_ric(f),
                        f.address(), card("62"), f"SKU-{rng.randint(10000, 99999)}-{rng.choice('SML')}",
                        f"{rng.uniform(10, 3000):.2f}"])


def eu_customers() -> None:
    rows: dict[str, list[str]] = {k: [] for k in
                                  ("customer_id", "name", "email", "iban", "geburtsdatum", "adresse", "last_login_ip",
                                   "newsletter")}
    for i in range(240):
        f = Faker(rng.choice(["de_DE", "fr_FR", "it_IT", "nl_NL"]))
        f.seed_instance(1000 + i)
        rows["customer_id"].append(f"C{100000 + i}")
        rows["name"].append(f.name())
        rows["email"].append(f.email())
        rows["iban"].append(f.iban())
        rows["geburtsdatum"].append(f.date_of_birth(minimum_age=18, maximum_age=85).strftime("%d.%m.%Y"))
        rows["adresse"].append(" ".join(f.address().split("\n")))
        rows["last_login_ip"].append(f.ipv4_public())
        rows["newsletter"].append(rng.choice(["yes", "no"]))
    pq.write_table(pa.table(rows), HERE / "eu_customers.parquet")


def device_events() -> None:
    f = Faker("en_US")
    f.seed_instance(3)
    devices = []
    for _ in range(60):
        tac = rng.choice(["35", "86"]) + "".join(str(rng.randint(0, 9)) for _ in range(12))
        devices.append((tac + luhn.calc_check_digit(tac), f.mac_address(), f.vin()))
    with (HERE / "device_events.jsonl").open("w", encoding="utf-8") as fh:
        for _ in range(300):
            imei, mac, vin = rng.choice(devices)
            lat, lon = f.local_latlng(country_code=rng.choice(["US", "DE", "CN"]))[:2]
            fh.write(json.dumps({
                "event_id": f.uuid4(), "ts": f"2026-11-{rng.randint(1, 21):02d}T{rng.randint(0, 23):02d}:00:00Z",
                "imei": imei, "wifi_mac": mac, "client_ip": f.ipv4_public(), "vehicle_vin": vin,
                "lat": float(lat) + rng.uniform(-0.01, 0.01), "lng": float(lon) + rng.uniform(-0.01, 0.01),
                "app_version": f"{rng.randint(1, 4)}.{rng.randint(0, 12)}.{rng.randint(0, 9)}",
                "payload_sha1": "".join(rng.choice("0123456789abcdef") for _ in range(40)),
            }, ensure_ascii=False) + "\n")


def clinic_visits() -> None:
    f = Faker("ja_JP")
    f.seed_instance(5)
    book = Workbook()
    sheet = book.active
    sheet.title = "visits"
    sheet.append(["患者ID", "氏名", "生年月日", "診断コード", "genotype_rsid", "visit_date"])
    for i in range(80):
        sheet.append([f"P-{5000 + i}", f.name(), f.date_of_birth(minimum_age=1, maximum_age=90).isoformat(),
                      rng.choice(["E11.9", "I10", "J45.909", "F32.1", "C50.9", "K21.0", "M54.5", "E78.5"]),
                      f"rs{rng.randint(1000, 99999999)}", f"2026-10-{rng.randint(1, 31):02d}"])
    book.save(HERE / "clinic_visits.xlsx")


if __name__ == "__main__":
    cn_orders()
    eu_customers()
    device_events()
    clinic_visits()

"""Benchmark: xborder's scanner against Microsoft Presidio's analyzer on synthetic data
with ground truth.

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python benchmarks/bench_scan.py                 # 1,000,000 rows
    .venv/bin/python benchmarks/bench_scan.py --rows 100000 --presidio-rows 1000

The dataset is generated from Faker in eight locales (zh_CN, ja_JP, ko_KR, de_DE, fr_FR,
pt_BR, ru_RU, en_US): value pools are drawn with Faker once, then rows are sampled from
the pools with a seeded generator, so a million rows take seconds. It has 16 personal
columns and 8 hard-negative ones (order numbers, SKUs, timestamps, version strings,
hashes, amounts, tracking numbers, statuses), cached under .bench/. Personal columns are
made a little dirty: 3 % empty, 1 % placeholders ("N/A", "unknown", "-", "000", "test").

Both tools run in this process on the same data:
- F1 is per column, micro-averaged over (column, category) pairs, each tool at its
  default sampling: xborder's seeded sample (95 % ± 1 %); Presidio's column rule from
  presidio-structured (`PandasAnalysisBuilder`: the most common first entity over the
  rows it is given, any hit counts), given the first --presidio-rows rows (its default,
  every row, would take hours at its speed).
- rows/s is measured with every value of every column examined: xborder `--full` over
  all rows, Presidio over the --presidio-rows slice; both are reported per row.
- spark_match: the Spark engine (local[2]) and the embedded engine, both `--full`, on
  the first --spark-rows rows, give the same categories and matched counts per column.

Presidio runs its predefined recognizers only: its spaCy pipeline is `spacy.blank("en")`
saved to .bench/ (no model can be downloaded here), so the NER-based PERSON, LOCATION,
NRP entities never fire; pattern, checksum and context recognizers all run. tldextract's
public-suffix download is disabled (its bundled snapshot is used).

The last line printed is:
    xborder_f1=<x> presidio_f1=<y> xborder_rows_per_s=<a> presidio_rows_per_s=<b> spark_match=<true|false>
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".bench"
LOCALES = ("zh_CN", "ja_JP", "ko_KR", "de_DE", "fr_FR", "pt_BR", "ru_RU", "en_US")
POOL = 4000  # distinct values per locale and column (32,000 per column)

NATIONAL_ID = "user.government_id.national_identification_number"
TRUTH: dict[str, str | None] = {
    "full_name": "user.name",
    "email": "user.contact.email",
    "phone": "user.contact.phone_number",
    "national_id": NATIONAL_ID,
    "geburtsdatum": "user.demographic.date_of_birth",
    "address": "user.contact.address",
    "credit_card": "user.financial.credit_card",
    "iban": "user.financial.bank_account",
    "ip_address": "user.device.ip_address",
    "mac_address": "user.device.mac_address",
    "imei": "user.device.imei",
    "gps": "user.location.precise",
    "vin": "user.unique_id.vehicle_identification_number",
    "diagnosis_code": "user.health_and_medical.diagnosis",
    "passport_no": "user.government_id.passport_number",
    "snp_id": "user.health_and_medical.genetic",
    # hard negatives
    "order_no": None,
    "sku": None,
    "created_at": None,
    "app_version": None,
    "file_sha1": None,
    "amount": None,
    "tracking_no": None,
    "status": None,
}

# Presidio entity → the fideslang category it stands for.
PRESIDIO_MAP = {
    "PERSON": "user.name", "EMAIL_ADDRESS": "user.contact.email", "PHONE_NUMBER": "user.contact.phone_number",
    "US_SSN": NATIONAL_ID, "US_ITIN": NATIONAL_ID, "UK_NINO": NATIONAL_ID, "UK_NHS": NATIONAL_ID,
    "ES_NIF": NATIONAL_ID, "ES_NIE": NATIONAL_ID, "IT_FISCAL_CODE": NATIONAL_ID, "IT_IDENTITY_CARD": NATIONAL_ID,
    "PL_PESEL": NATIONAL_ID, "SG_NRIC_FIN": NATIONAL_ID, "AU_TFN": NATIONAL_ID, "AU_MEDICARE": NATIONAL_ID,
    "IN_AADHAAR": NATIONAL_ID, "IN_PAN": NATIONAL_ID, "IN_VOTER": NATIONAL_ID, "FI_PERSONAL_IDENTITY_CODE": NATIONAL_ID,
    "KR_RRN": NATIONAL_ID, "TH_TNIN": NATIONAL_ID, "NG_NIN": NATIONAL_ID,
    "US_PASSPORT": "user.government_id.passport_number", "IN_PASSPORT": "user.government_id.passport_number",
    "IT_PASSPORT": "user.government_id.passport_number",
    "US_DRIVER_LICENSE": "user.government_id.drivers_license_number",
    "IT_DRIVER_LICENSE": "user.government_id.drivers_license_number",
    "CREDIT_CARD": "user.financial.credit_card", "IBAN_CODE": "user.financial.bank_account",
    "US_BANK_NUMBER": "user.financial.bank_account", "CRYPTO": "user.financial",
    "IP_ADDRESS": "user.device.ip_address", "MAC_ADDRESS": "user.device.mac_address",
    "DATE_TIME": "user.demographic.date_of_birth", "LOCATION": "user.contact.address",
    "URL": "user.contact.url", "MEDICAL_LICENSE": "user.government_id", "NRP": "user.demographic",
    "AU_ABN": "user.financial", "AU_ACN": "user.financial", "IN_GSTIN": "user.financial",
    "IN_VEHICLE_REGISTRATION": "user.government_id.vehicle_registration",
}


_KEYWORDS = (  # for the country-specific entities of `--presidio-recognizers all`
    (("PASSPORT",), "user.government_id.passport_number"),
    (("DRIVER", "LICENSE", "LICENCE", "FUEHRERSCHEIN"), "user.government_id.drivers_license_number"),
    (("VEHICLE", "PLATE", "KFZ", "TRAFFIC"), "user.government_id.vehicle_registration"),
    (("POSTAL", "POSTCODE", "PLZ"), "user.contact.address.postal_code"),
    (("PHONE", "TELEPHONE", "MOBILE"), "user.contact.phone_number"),
    (("VAT", "TAX_NUMBER", "ABN", "ACN", "GSTIN", "UEN", "BRN", "ORGANISATIONSNUMMER", "COMPANY", "HANDELSREGISTER",
      "INCOME_TAX", "BSNR", "LANR"), "organization"),
    (("HEALTH", "MEDICARE", "NPI", "MBI", "CLAIM", "PRESCRIPTION", "INSURANCE", "REFERRAL", "AUTHORIZATION"),
     "user.health_and_medical"),
    (("ROUTING", "BANK"), "user.financial.bank_account"),
)


def presidio_category(entity: str) -> str:
    """The fideslang category a Presidio entity stands for; national ids by default."""
    if entity in PRESIDIO_MAP:
        return PRESIDIO_MAP[entity]
    for words, category in _KEYWORDS:
        if any(w in entity for w in words):
            return category
    return NATIONAL_ID


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- data generation

def _pools(seed: int) -> dict[str, list[str]]:
    import phonenumbers
    from faker import Faker
    from stdnum import luhn
    from stdnum.iso7064 import mod_11_10
    from stdnum.de import idnr
    from stdnum.fr import nir
    from stdnum.jp import in_ as jp_in
    from stdnum.kr import rrn

    from xborder.scanner.detectors.national_id import valid_cn_ric

    rng = np.random.default_rng(seed)
    pools: dict[str, list[str]] = {c: [] for c in TRUTH}
    regions = {"zh_CN": "CN", "ja_JP": "JP", "ko_KR": "KR", "de_DE": "DE", "fr_FR": "FR", "pt_BR": "BR",
               "ru_RU": "RU", "en_US": "US"}
    iban_locales = {"zh_CN": "de_DE", "ja_JP": "fr_FR", "ko_KR": "nl_NL", "ru_RU": "es_ES", "en_US": "en_GB"}

    def digits(n: int) -> str:
        return "".join(map(str, rng.integers(0, 10, n)))

    for i, loc in enumerate(LOCALES):
        f = Faker(loc)
        f.seed_instance(seed + i)
        fb = Faker(iban_locales.get(loc, loc))
        fb.seed_instance(seed + 100 + i)
        fen = Faker("en_US")
        fen.seed_instance(seed + 200 + i)
        region = regions[loc]
        for _ in range(POOL):
            pools["full_name"].append(f.name())
            pools["email"].append(f.email())
            pools["geburtsdatum"].append(f.date_of_birth(minimum_age=18, maximum_age=90).isoformat())
            pools["address"].append(" ".join(f.address().split("\n")).strip())
            pools["credit_card"].append(fen.credit_card_number())
            pools["iban"].append(fb.iban())
            pools["ip_address"].append(fen.ipv4_public() if rng.random() < 0.7 else fen.ipv6())
            pools["mac_address"].append(fen.mac_address())
            tac = rng.choice(["35", "86", "01", "99"])
            body = tac + digits(12)
            pools["imei"].append(body + luhn.calc_check_digit(body))
            pools["gps"].append(f"{float(f.latitude()):.6f},{float(f.longitude()):.6f}")
            pools["vin"].append(fen.vin())
            letter = rng.choice(list("ABCDEFGHIJKLMNOPQRSTVWXYZ"))
            code = f"{letter}{rng.integers(0, 100):02d}"
            pools["diagnosis_code"].append(code + (f".{rng.integers(0, 10)}" if rng.random() < 0.7 else ""))
            pools["passport_no"].append(fen.passport_number())
            pools["snp_id"].append(f"rs{rng.integers(1000, 999_999_999)}")
        # phones: Faker's numbers, kept when libphonenumber says they are valid there
        phones: list[str] = []
        tries = 0
        while len(phones) < POOL and tries < POOL * 40:
            tries += 1
            raw = f.phone_number()
            try:
                num = phonenumbers.parse(raw, region)
            except phonenumbers.NumberParseException:
                continue
            if phonenumbers.is_valid_number(num):
                phones.append(phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.INTERNATIONAL))
        pools["phone"].extend(phones)
        # national ids, each with its country's checksum
        ids: list[str] = []
        while len(ids) < POOL:
            if loc == "zh_CN":
                v = f.ssn()
                ok = valid_cn_ric(v)
            elif loc == "ko_KR":
                y, m, d = rng.integers(50, 99), rng.integers(1, 13), rng.integers(1, 29)
                base = f"{y:02d}{m:02d}{d:02d}{rng.choice([1, 2])}{digits(5)}"
                v = base + rrn.calc_check_digit(base)
                ok = rrn.is_valid(v)
                v = v[:6] + "-" + v[6:]
            elif loc == "pt_BR":
                v, ok = f.cpf(), True
            elif loc == "en_US":
                v, ok = f.ssn(), True
            elif loc == "fr_FR":
                v = f.ssn()
                ok = nir.is_valid(v)
            elif loc == "ja_JP":
                base = digits(11)
                v, ok = base + jp_in.calc_check_digit(base), True
            elif loc == "de_DE":
                v = str(rng.integers(1, 10)) + digits(9)
                v = v + mod_11_10.calc_check_digit(v)
                ok = idnr.is_valid(v)
            else:
                v, ok = f.individuals_inn(), True
            if ok:
                ids.append(v)
        pools["national_id"].extend(ids)

    n = POOL * len(LOCALES)
    pools["order_no"] = [f"2024{digits(12)}" for _ in range(n)]
    pools["sku"] = [f"SKU-{rng.integers(10000, 99999)}-{rng.choice(['XS', 'S', 'M', 'L', 'XL'])}" for _ in range(n)]
    pools["created_at"] = [f"2024-{rng.integers(1, 13):02d}-{rng.integers(1, 29):02d} {rng.integers(0, 24):02d}:"
                           f"{rng.integers(0, 60):02d}:{rng.integers(0, 60):02d}" for _ in range(n)]
    pools["app_version"] = [f"{rng.integers(1, 6)}.{rng.integers(0, 20)}.{rng.integers(0, 30)}" for _ in range(n)]
    pools["file_sha1"] = ["".join(rng.choice(list("0123456789abcdef"), 40)) for _ in range(n)]
    pools["amount"] = [f"{rng.uniform(1, 5000):.2f}" for _ in range(n)]
    pools["tracking_no"] = [f"YT{digits(13)}" for _ in range(n)]
    pools["status"] = ["shipped", "pending", "delivered", "returned", "cancelled"]
    return pools


def dataset(rows: int, seed: int) -> Path:
    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"scan_{rows}_{seed}.parquet"
    if path.exists():
        return path
    t0 = time.perf_counter()
    import pyarrow.compute as pc

    pools = _pools(seed)
    rng = np.random.default_rng(seed + 1)
    columns = {}
    for c, truth in TRUTH.items():
        values = pa.array(pools[c], pa.string()).take(pa.array(rng.integers(0, len(pools[c]), rows)))
        if truth:  # real columns are not clean: 3 % empty, 1 % placeholders
            draw = rng.random(rows)
            values = pc.if_else(pa.array(draw < 0.03), pa.scalar(None, pa.string()), values)
            junk = pa.array(rng.choice(["N/A", "unknown", "-", "000", "test"], rows))
            values = pc.if_else(pa.array((draw >= 0.03) & (draw < 0.04)), junk, values)
        columns[c] = values
    table = pa.table(columns)
    tmp = path.with_suffix(".tmp")
    pq.write_table(table, tmp, row_group_size=100_000)
    tmp.rename(path)
    log(f"generated {rows:,} rows x {len(TRUTH)} columns in {time.perf_counter() - t0:.1f}s -> {path}")
    return path


def head(path: Path, rows: int) -> Path:
    out = path.with_name(f"{path.stem}_head{rows}.parquet")
    if not out.exists():
        pq.write_table(pq.read_table(path).slice(0, rows), out)
    return out


# ---------------------------------------------------------------- scoring

def f1(predicted: dict[str, set[str]]) -> tuple[float, int, int, int]:
    tp = fp = fn = 0
    for column, truth in TRUTH.items():
        want = {truth} if truth else set()
        got = predicted.get(column, set())
        tp += len(got & want)
        fp += len(got - want)
        fn += len(want - got)
    score = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return score, tp, fp, fn


def xborder_columns(report) -> dict[str, set[str]]:  # noqa: ANN001
    return {c.name: set(c.categories) for t in report.tables for c in t.columns}


# ---------------------------------------------------------------- presidio

def presidio_analyzer(recognizers: str = "default"):  # noqa: ANN201
    """Presidio's AnalyzerEngine over a blank spaCy pipeline. `recognizers="all"` adds
    every predefined pattern recognizer class (the country-specific ones Presidio does
    not load for English by default), each set to English."""
    import spacy
    import tldextract

    # No network: use tldextract's bundled public-suffix snapshot instead of downloading it.
    tldextract.tldextract.TLD_EXTRACTOR = tldextract.TLDExtract(suffix_list_urls=())
    model = CACHE / "spacy-blank-en"
    if not model.exists():
        spacy.blank("en").to_disk(model)
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import SpacyNlpEngine

    nlp = SpacyNlpEngine(models=[{"lang_code": "en", "model_name": str(model)}])
    engine = AnalyzerEngine(nlp_engine=nlp, supported_languages=["en"])
    if recognizers == "all":
        import presidio_analyzer.predefined_recognizers as predefined

        loaded = {type(r).__name__ for r in engine.registry.recognizers}
        for name in sorted(dir(predefined)):
            if not name.endswith("Recognizer") or name in loaded:
                continue
            try:
                engine.registry.add_recognizer(getattr(predefined, name)(supported_language="en"))
            except Exception:  # NER/LLM/cloud recognizers need models or services we lack
                continue
    return engine


def run_presidio(path: Path, rows: int,
                 recognizers: str = "default") -> tuple[dict[str, set[str]], float, dict[str, str], dict[str, set[str]]]:
    """Presidio over the first `rows` rows, every column. Returns presidio-structured's
    column rule (most common first entity, any hit counts), the rows/s, the entities, and
    a stricter majority rule (the entity must be found in at least half the values),
    shown for comparison."""
    from collections import Counter

    analyzer = presidio_analyzer(recognizers)
    table = pq.read_table(path).slice(0, rows)
    predicted: dict[str, set[str]] = {}
    majority: dict[str, set[str]] = {}
    entities: dict[str, str] = {}
    t0 = time.perf_counter()
    for column in table.column_names:
        firsts: list[str] = []
        for value in table.column(column).to_pylist():
            if value is None:
                continue
            results = analyzer.analyze(str(value), language="en")
            if results:
                # presidio-structured takes the first result of each value
                firsts.append(results[0].entity_type)
        if firsts:
            entity, hits = Counter(firsts).most_common(1)[0]
            entities[column] = entity
            predicted[column] = {presidio_category(entity)}
            if hits * 2 >= table.num_rows:
                majority[column] = predicted[column]
    elapsed = time.perf_counter() - t0
    return predicted, table.num_rows / elapsed, entities, majority


# ---------------------------------------------------------------- main

def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--presidio-rows", type=int, default=1_000, help="rows Presidio examines (every column)")
    ap.add_argument("--spark-rows", type=int, default=20_000, help="rows for the Spark/embedded comparison")
    ap.add_argument("--no-spark", action="store_true")
    ap.add_argument("--presidio-recognizers", choices=["default", "all"], default="default",
                    help="Presidio's default English registry, or every predefined pattern recognizer")
    args = ap.parse_args()

    warnings.filterwarnings("ignore")
    logging.disable(logging.WARNING)
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)

    from xborder.scanner import SamplePlan, scan

    path = dataset(args.rows, args.seed)

    t0 = time.perf_counter()
    sampled = scan(str(path))
    log(f"xborder default sampling: {sampled.tables[0].sampled_rows:,} rows in {time.perf_counter() - t0:.1f}s")
    xb_pred = xborder_columns(sampled)
    xb_f1, *xb_counts = f1(xb_pred)

    t0 = time.perf_counter()
    full = scan(str(path), plan=SamplePlan(full=True))
    xb_elapsed = time.perf_counter() - t0
    xb_rate = args.rows / xb_elapsed
    full_f1, *_ = f1(xborder_columns(full))
    log(f"xborder --full: {args.rows:,} rows in {xb_elapsed:.1f}s (f1 on every row: {full_f1:.3f})")

    pr_pred, pr_rate, entities, pr_majority = run_presidio(path, args.presidio_rows, args.presidio_recognizers)
    pr_f1, *pr_counts = f1(pr_pred)
    pr_majority_f1, *_ = f1(pr_majority)
    log(f"presidio: {args.presidio_rows:,} rows x {len(TRUTH)} columns at {pr_rate:.1f} rows/s")

    spark_match = False
    if not args.no_spark:
        small = head(path, min(args.spark_rows, args.rows))
        t0 = time.perf_counter()
        emb = scan(str(small), plan=SamplePlan(full=True))
        spk = scan(str(small), plan=SamplePlan(full=True), engine="spark")
        e = {c.name: (c.categories, c.decision.matched) for t in emb.tables for c in t.columns}
        s = {c.name: (c.categories, c.decision.matched) for t in spk.tables for c in t.columns}
        spark_match = e == s
        for name in sorted(set(e) | set(s)):
            if e.get(name) != s.get(name):
                log(f"spark differs on {name}: embedded={e.get(name)} spark={s.get(name)}")
        log(f"spark vs embedded on {min(args.spark_rows, args.rows):,} rows: match={spark_match} "
            f"({time.perf_counter() - t0:.1f}s)")

    print(f"{'column':<16} {'truth':<48} {'xborder':<48} presidio")
    for column, truth in TRUTH.items():
        xb = ",".join(sorted(xb_pred.get(column, ()))) or "-"
        pr = entities.get(column, "-")
        print(f"{column:<16} {truth or '(hard negative)':<48} {xb:<48} {pr}")
    print(f"xborder tp/fp/fn={xb_counts}  presidio tp/fp/fn={pr_counts}  full-scan speed-up "
          f"{xb_rate / pr_rate:.0f}x  (presidio with a majority column rule instead: f1={pr_majority_f1:.3f})")
    print(f"xborder_f1={xb_f1:.3f} presidio_f1={pr_f1:.3f} xborder_rows_per_s={xb_rate:.0f} "
          f"presidio_rows_per_s={pr_rate:.1f} spark_match={'true' if spark_match else 'false'}")


if __name__ == "__main__":
    main()

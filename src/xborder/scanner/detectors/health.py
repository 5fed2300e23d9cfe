"""Health and genetic data: ICD-10 diagnosis codes, DNA sequences and SNP ids (rsIDs)."""

from __future__ import annotations

from xborder.scanner.detectors.base import Detector, ctx


def _icd10(value: str) -> bool:
    """ICD-10 (WHO and -CM): a chapter letter (U is reserved), two digits, then an
    optional dot and up to four characters. Without context we also want the dot, which
    SKUs and short codes rarely carry in the same place."""
    code = value.upper()
    return code[0] != "U" and code[1:3].isdigit() and len(code) <= 8


def icd10_strict(value: str) -> bool:
    return _icd10(value) and len(value) >= 5 and value[3] == "."


ICD10 = Detector(
    key="icd10",
    category="user.health_and_medical.diagnosis",
    label="ICD-10 diagnosis code",
    pattern=r"[A-Za-z][0-9]{2}(\.[0-9A-Za-z]{1,4})?",
    validate=icd10_strict,
    validate_in_context=_icd10,
    context=ctx("icd", "icd10", "icd-10", "diagnosis", "diagnose", "dx", "诊断", "疾病", "病名", "診断", "진단",
                "diagnostic", "diagnóstico", "диагноз", "condition"),
    negative_context=ctx("sku", "product", "item", "version"),
    min_ratio=0.9,
    min_ratio_with_context=0.5,
    strength=0.8,
)


def _dna(value: str) -> bool:
    sequence = value.upper()
    return len(sequence) >= 16 and len(set(sequence) & set("ACGT")) >= 3 and sequence.count("N") <= len(sequence) // 4


DNA = Detector(
    key="dna_sequence",
    category="user.health_and_medical.genetic",
    label="DNA sequence",
    pattern=r"[ACGTNacgtn]{16,}",
    validate=_dna,
    context=ctx("sequence", "dna", "genome", "read", "基因", "序列", "遗传", "gen", "sequenz", "séquence", "геном"),
)

RSID = Detector(
    key="rsid",
    category="user.health_and_medical.genetic",
    label="SNP reference id (rsID, genotype data)",
    pattern=r"rs[0-9]{3,10}",
    context=ctx("snp", "rsid", "variant", "genotype", "基因型", "位点", "genotyp", "génotype", "генотип"),
)

DETECTORS = (ICD10, DNA, RSID)

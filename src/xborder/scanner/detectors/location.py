"""Geographic coordinates and postal addresses."""

from __future__ import annotations

import re

from xborder.scanner.detectors.base import Detector, ctx


def _coordinate_pair(value: str) -> bool:
    lat_text, _, lon_text = value.replace(";", ",").partition(",")
    lat, lon = float(lat_text), float(lon_text)
    return -90 <= lat <= 90 and -180 <= lon <= 180 and (lat, lon) != (0.0, 0.0)


COORDINATES = Detector(
    key="coordinates",
    category="user.location.precise",
    label="Geographic coordinates (latitude, longitude)",
    pattern=r"[-+]?[0-9]{1,2}\.[0-9]{3,12}[,;] ?[-+]?[0-9]{1,3}\.[0-9]{3,12}",
    validate=_coordinate_pair,
    context=ctx("location", "coordinates", "coords", "latlng", "lat lng", "geo", "gps", "位置", "坐标", "定位",
                "standort", "koordinaten", "localisation", "localização", "координаты", "位置情報", "위치", "좌표"),
    subject_key_rank=0,
)


def _single_coordinate(value: str) -> bool:
    number = float(value)
    return -180 <= number <= 180 and number != 0.0


LAT_OR_LON = Detector(
    key="coordinate",
    category="user.location.precise",
    label="Latitude or longitude",
    pattern=r"[-+]?[0-9]{1,3}\.[0-9]{4,17}",
    validate=_single_coordinate,
    context=ctx("lat", "lon", "lng", "latitude", "longitude", "纬度", "经度", "breitengrad", "längengrad",
                "breite", "länge", "latitud", "longitud", "широта", "долгота", "緯度", "経度", "위도", "경도"),
    requires_context=True,
    min_ratio_with_context=0.8,
)

_STREET_WORDS = frozenset(
    "street st st. ave ave. avenue road rd rd. blvd boulevard lane ln drive dr court ct place pl way terrace "
    "circle cir parkway pkwy highway hwy square sq suite ste apt apt. unit box psc apo fpo dpo po "
    "straße strasse str str. weg platz gasse allee ring damm ufer chaussee "
    "rue av. chemin impasse allée quai place cours route bd "
    "rua avenida travessa alameda praça rodovia estrada largo via viale piazza corso vicolo calle carrera "
    "quadra praia morro ladeira esplanada feira vila conjunto residencial setor sítio loteamento lago parque "
    "passarela pátio recanto trecho viaduto vereda campo chácara colônia condomínio distrito núcleo rampa "
    "trevo viela favela fazenda jardim estação borgo contrada strada appartamento piano "
    "улица ул ул. проспект пр пр. пр-т переулок пер пер. шоссе ш ш. бульвар б-р наб набережная площадь пл "
    "д д. дом кв кв. корп стр стр. г г. пос п. с. обл".split()
)
_CN_MARKERS = "省市区县路街道号镇村座楼室巷弄"
# A Japanese prefecture (with an optional 〒 postcode), then a city, ward, town or village:
# the commonest address form, e.g. 東京都千代田区千代田1-1, which has too few other markers.
_JA_PREFECTURE = re.compile(r"(〒? ?[0-9]{3}-?[0-9]{4}[ 　]*)?(東京都|北海道|京都府|大阪府|[一-鿿]{2,3}県)"
                            r"[一-鿿ぁ-んァ-ヶー々]{1,8}?[市区町村郡].*[0-9０-９]")
_JA_MARKERS = ("都", "道", "府", "県", "市", "区", "町", "村", "丁目", "番", "号")
_KO_ENDINGS = ("시", "도", "구", "군", "로", "길", "동", "읍", "면", "리")
_POSTCODE_CITY = re.compile(r"(^|[ ,/])([0-9]{4,6}(-[0-9]{3,4})?|[0-9]{8}) [A-ZÀ-ÖØ-ÞА-Я]")
_US_STATE_ZIP = re.compile(r", [A-Z]{2} [0-9]{5}(-[0-9]{4})?$")
_BR_CEP_UF = re.compile(r"[0-9]{5}-?[0-9]{3} .+ / [A-Z]{2}$")
_NL_POSTCODE = re.compile(r"(^|[ ,])[1-9][0-9]{3} ?[A-Z]{2}( |,|$)")
_IT_CAP_PROVINCE = re.compile(r"[0-9]{5},? [A-ZÀ-Ö][^,]* \([A-Z]{2}\)$")
# Germanic compounds carry the street type as a suffix: Lindenstraße, Melleweg, Dirkdreef.
_STREET_SUFFIXES = ("straße", "strasse", "weg", "allee", "gasse", "platz", "ring", "damm", "ufer", "straat", "laan",
                    "plein", "gracht", "kade", "singel", "dreef", "steeg", "hof", "boulevard", "dijk", "markt", "pad")


def valid_address(value: str) -> bool:
    text = " ".join(value.split())
    if not 8 <= len(text) <= 300 or not any(ch.isdigit() for ch in text):
        return False
    if any("\uac00" <= ch <= "\ud7a3" for ch in text):
        return sum(token.endswith(_KO_ENDINGS) for token in text.split()) >= 2
    if _JA_PREFECTURE.match(text):  # 東京都新宿区西新宿3-10-14, 〒100-0001 東京都千代田区...
        return True
    if any("\u3040" <= ch <= "\u30ff" for ch in text) or "丁目" in text or any(m in text for m in "都県"):
        found = sum(marker in text for marker in _JA_MARKERS)
        if found >= 3:
            return True
    if any("\u4e00" <= ch <= "\u9fff" for ch in text):
        return len({ch for ch in text if ch in _CN_MARKERS}) >= 2
    words = {w.casefold().strip(",") for w in re.split(r"[ ,/]+", text)}
    if any(len(w) > 5 and w.endswith(_STREET_SUFFIXES) for w in words):
        return True
    return (bool(words & _STREET_WORDS) or _POSTCODE_CITY.search(text) is not None
            or _NL_POSTCODE.search(text) is not None or _IT_CAP_PROVINCE.search(text) is not None
            or _US_STATE_ZIP.search(text) is not None or _BR_CEP_UF.search(text) is not None)


ADDRESS = Detector(
    key="postal_address",
    category="user.contact.address",
    label="Postal address",
    # A digit and a word break (a space, or CJK script, which writes addresses without
    # spaces). Unbounded on purpose: a bounded `.{0,200}` makes RE2's automaton slow.
    pattern=r"(?s).*([0-9].*[ 一-鿿ぁ-ヶ가-힣]|[ 一-鿿ぁ-ヶ가-힣].*[0-9]).*",
    validate=valid_address,
    context=ctx("address", "addr", "street", "地址", "收货地址", "住址", "住所", "주소", "adresse", "anschrift",
                "endereço", "dirección", "indirizzo", "адрес"),
    negative_context=ctx("email", "mail", "ip", "mac", "url", "web"),
    strength=0.8,
    min_ratio=0.6,
    min_ratio_with_context=0.3,
)

DETECTORS = (COORDINATES, LAT_OR_LON, ADDRESS)

"""IP and MAC addresses, IMEIs: identifiers of a person's devices."""

from __future__ import annotations

import ipaddress

from stdnum import imei

from xborder.scanner.detectors.base import Detector, ctx, digits

_VERSION_WORDS = ctx("version", "ver", "build", "release", "firmware", "版本", "バージョン")


def valid_ip(value: str) -> bool:
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return False
    return not (address.is_unspecified or address.is_multicast)


IPV4 = Detector(
    key="ipv4",
    category="user.device.ip_address",
    label="IPv4 address",
    pattern=r"[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}",
    validate=valid_ip,
    context=ctx("ip", "ip address", "ipaddr", "client ip", "remote addr", "ip地址", "ipアドレス", "ip 주소"),
    negative_context=_VERSION_WORDS,
    subject_key_rank=20,
)

IPV6 = Detector(
    key="ipv6",
    category="user.device.ip_address",
    label="IPv6 address",
    pattern=r"[0-9A-Fa-f]{0,4}(:[0-9A-Fa-f]{0,4}){2,7}",
    validate=valid_ip,
    context=IPV4.context,
    negative_context=_VERSION_WORDS,
    subject_key_rank=20,
)


def valid_mac(value: str) -> bool:
    hexits = "".join(ch for ch in value.lower() if ch in "0123456789abcdef")
    return len(hexits) == 12 and hexits not in ("000000000000", "ffffffffffff")


MAC = Detector(
    key="mac",
    category="user.device.mac_address",
    label="MAC address",
    pattern=r"[0-9A-Fa-f]{2}([:-][0-9A-Fa-f]{2}){5}|[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}",
    validate=valid_mac,
    context=ctx("mac", "mac address", "wifi mac", "bssid", "mac地址", "macアドレス"),
    subject_key_rank=40,
)


def valid_imei(value: str) -> bool:
    number = digits(value)
    return len(number) == 15 and imei.is_valid(number) and number[:2] != "00"


IMEI = Detector(
    key="imei",
    category="user.device.imei",
    label="IMEI",
    pattern=r"[0-9]{2}[ -]?[0-9]{6}[ -]?[0-9]{6}[ -]?[0-9]",
    validate=valid_imei,
    context=ctx("imei", "device id", "handset", "设备号", "串号", "端末識別"),
    negative_context=ctx("order", "sku", "card"),
    strength=1.0,
    subject_key_rank=50,
)

DETECTORS = (IPV4, IPV6, MAC, IMEI)

"""Person names in Latin, Cyrillic and CJK scripts, and dates of birth.

Names have no checksum, so validation is structural plus a dictionary: a Latin or
Cyrillic value must be 2-4 capitalised words (titles and particles aside) most of which
are known given names or surnames (`data/names.json`, from census-derived frequency
lists); a Chinese or Korean value must start with a common family name; a Japanese value
is a family and a given name separated by a space.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from functools import cache
from importlib import resources

from xborder.scanner.detectors.base import Detector, ctx

_TITLES = frozenset(
    "mr mrs ms miss mx dr prof sir dame herr frau ing dipl dipl.-ing b.sc m.sc b.a m.a mba univ.prof "
    "mme mlle m sr sra srta dra jr ii iii iv md phd dds dvm esq rev tov г-н г-жа гр тов. "
    "sig sig.ra dott dott.ssa".split()
)
_PARTICLES = frozenset("von van der den de da das do dos du des del della di la le zu y e bin al el st".split())
_CN_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
    "宿奉郁廉堵暴蔺冀郗郏鄢卜扈燕晁惠宦薄鞠湛殳秘乐冼钮桓步都逯弓毋仉訾阚伊萧雍璩豆宓蓬"
    "傅阎洪来帅皮屠鲍郜邰贝臧计伏元卞齐康伍余顾孟平黄和穆萧尹姚邵湛汪祁毛禹狄米贝明臧计伏成戴谈宋茅庞"
    "熊纪舒屈项祝董梁杜阮蓝闵席季麻强贾路娄危江童颜郭梅盛林刁钟徐邱骆高夏蔡田樊胡凌霍虞万支柯昝管卢莫"
    "经房裘缪干解应宗丁宣贲邓郁单杭洪包诸左石崔吉钮龚程嵇邢滑裴陆荣翁荀羊於惠甄曲家封芮羿储靳汲邴糜松"
    "井段富巫乌焦巴弓牧隗山谷车侯宓蓬全郗班仰秋仲伊宫宁仇栾暴甘钭厉戎祖武符刘景詹束龙叶幸司韶郜黎蓟薄"
    "印宿白怀蒲邰从鄂索咸籍赖卓蔺屠蒙池乔阴郁胥能苍双闻莘党翟谭贡劳逄姬申扶堵冉宰郦雍却璩桑桂濮牛寿通"
    "边扈燕冀郏浦尚农温别庄晏柴瞿阎充慕连茹习宦艾鱼容向古易慎戈廖庾终暨居衡步都耿满弘匡国文寇广禄阙东"
    "欧殳沃利蔚越夔隆师巩厍聂晁勾敖融冷訾辛阚那简饶空曾毋沙乜养鞠须丰巢关蒯相查后荆红游竺权逯盖益桓公"
)
_CN_COMPOUND = frozenset(("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "令狐", "宇文", "司徒", "夏侯"))
_KO_SURNAMES = frozenset(
    "김이박최정강조윤장임한오서신권황안송류전홍고문양손배백허유남심노하곽성차주우구민진나지엄채원천방공현함변염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용예경봉사부가복태목형계피두감음빈동온호좌시"
)
_RU_SUFFIXES = ("вич", "вна", "чна", "ов", "ова", "ев", "ева", "ин", "ина", "ский", "ская", "цкий", "цкая", "ян", "енко")


@cache
def _names() -> tuple[frozenset[str], frozenset[str]]:
    data = json.loads(resources.files(__package__).joinpath("data/names.json").read_text("utf-8"))
    return frozenset(data["latin"]), frozenset(data["cyrillic"])


def _word_tokens(value: str) -> list[str]:
    out = []
    for token in value.split():
        bare = token.strip(",").casefold()
        if bare in _TITLES or bare.rstrip(".") in _TITLES or "." in bare.rstrip("."):
            continue
        out.append(token.strip(","))
    return out


def _fold(word: str) -> str:
    """A name without its diacritics, for the lists that spell it without them
    (Nguyễn, Trần, Hoàng are listed as nguyen, tran, hoang)."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", word.casefold()) if not unicodedata.combining(ch))


def _is_known(part: str, known: frozenset[str]) -> bool:
    return part.casefold() in known or _fold(part) in known


def _known_share(tokens: list[str], known: frozenset[str]) -> tuple[int, int]:
    parts = [p for t in tokens if t.casefold() not in _PARTICLES for p in re.split(r"[-'’]", t) if p]
    return sum(_is_known(p, known) for p in parts), len(parts)


def valid_name(value: str) -> bool:
    text = value.strip()
    if not text:
        return False
    first = text[0]
    if "\u4e00" <= first <= "\u9fff" or "\u3040" <= first <= "\u30ff" or first == "\u3005":
        if " " in text or "\u3000" in text:  # Japanese order: family name, space, given name
            halves = re.split(r"[ \u3000]+", text)
            return len(halves) == 2 and all(1 <= len(h) <= 5 for h in halves)
        return 2 <= len(text) <= 4 and (text[0] in _CN_SURNAMES or text[:2] in _CN_COMPOUND)
    if "\uac00" <= first <= "\ud7a3":
        return 2 <= len(text) <= 4 and text[0] in _KO_SURNAMES
    latin, cyrillic = _names()
    tokens = _word_tokens(text)
    if not 2 <= sum(t.casefold() not in _PARTICLES for t in tokens) <= 4:
        return False
    if any(not (t[0].isupper() or t.casefold() in _PARTICLES) for t in tokens):
        return False
    if "\u0400" <= tokens[0][0] <= "\u04ff":
        known, total = _known_share(tokens, cyrillic)
        suffixed = sum(t.casefold().endswith(_RU_SUFFIXES) for t in tokens)
        return total >= 2 and (known + suffixed) >= max(1, total - 1)
    known, total = _known_share(tokens, latin)
    return total >= 2 and known >= max(1, total - 1)


# Latin letters with the Latin Extended Additional block (Ḁ-ỿ: Vietnamese ễ, ầ, ạ ...).
_LATIN_WORD = "[A-Za-zÀ-ÖØ-öø-ÿĀ-ſḀ-ỿ][A-Za-zÀ-ÖØ-öø-ÿĀ-ſḀ-ỿ.'’-]*"
_CYR_WORD = "[А-ЯЁа-яё][А-ЯЁа-яё.-]*"
NAME = Detector(
    key="person_name",
    category="user.name",
    label="Person name",
    pattern=(
        # "Smith, John": family name first, as CRM and HR exports sort people.
        f"{_LATIN_WORD},?( {_LATIN_WORD}){{1,5}}"
        f"|{_CYR_WORD},?( {_CYR_WORD}){{1,4}}"
        "|[一-鿿]{2,4}"
        "|[一-鿿々ぁ-んァ-ヶー]{1,5}[ 　][一-鿿々ぁ-んァ-ヶー]{1,5}"
        "|[가-힣]{2,4}"
    ),
    validate=valid_name,
    context=ctx("name", "full name", "customer name", "姓名", "名字", "联系人", "收件人", "収件人", "氏名", "名前",
                "이름", "성명", "vorname", "nachname", "nom", "prénom", "nome", "nombre", "имя", "фио", "фамилия"),
    negative_context=ctx("product", "item", "sku", "company", "city", "street", "file", "商品", "产品", "host"),
    min_ratio=0.6,
    min_ratio_with_context=0.3,
    subject_key_rank=10,
    strength=0.8,
)


def valid_name_part(value: str) -> bool:
    """One given name or one family name, in a column named for it (first_name, Nachname,
    姓, 名): a known Latin or Cyrillic name (hyphenated parts each known), or 1-4 CJK or
    kana characters."""
    text = value.strip()
    if not text:
        return False
    if "\u4e00" <= text[0] <= "\u9fff" or "\u3040" <= text[0] <= "\u30ff":
        return 1 <= len(text) <= 4
    if not text[0].isupper():
        return False
    latin, cyrillic = _names()
    known = cyrillic if "\u0400" <= text[0] <= "\u04ff" else latin
    parts = [p for p in re.split(r"[-'’]", text) if p]
    return bool(parts) and all(_is_known(p, known) or p.casefold().endswith(_RU_SUFFIXES) and known is cyrillic
                               for p in parts)


NAME_PART = Detector(
    key="person_name.part",
    category="user.name",
    label="Given name or family name",
    pattern=f"{_LATIN_WORD}|{_CYR_WORD}|[一-鿿々ぁ-んァ-ヶー]{{1,4}}",
    validate=valid_name_part,
    context=ctx("first name", "firstname", "given name", "givenname", "forename", "last name", "lastname", "surname",
                "family name", "familyname", "vorname", "nachname", "familienname", "prénom", "nom de famille",
                "apellido", "cognome", "姓", "名", "氏", "名前", "имя", "фамилия", "отчество", "이름", "성"),
    negative_context=NAME.negative_context + ctx("名称", "品名", "店名", "file name", "user name", "username",
                                                 "host name", "hostname", "domain"),
    requires_context=True,
    min_ratio_with_context=0.5,
    subject_key_rank=0,
    strength=0.7,
)


# A date exported from a DATE or TIMESTAMP column carries a midnight time (pandas, Excel,
# most SQL clients: "1986-05-17 00:00:00", "1986-05-17T00:00:00Z", a TIMESTAMPTZ in UTC
# "1986-05-17 00:00:00+00"); a real time of day is an event, not a birth date.
_MIDNIGHT = "([ T]00:00(:00([.]0{1,9})?)?(Z|[+]00(:?00)?)?)?"
_MIDNIGHT_RE = re.compile(r"[ T]00:00(:00([.]0{1,9})?)?(Z|[+]00(:?00)?)?$")
# YYYYMMDD without separators (CN, SAP and mainframe exports): eight digits are also order
# numbers and ids, so only in a column named for birth dates.
_COMPACT = re.compile(r"(19|20)[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])")

_DATE_PATTERNS = (
    (re.compile(r"([0-9]{4})[-/.]([0-9]{1,2})[-/.]([0-9]{1,2})"), ("y", "m", "d")),
    (re.compile(r"([0-9]{4})年([0-9]{1,2})月([0-9]{1,2})日"), ("y", "m", "d")),
    (re.compile(r"([0-9]{1,2})[./-]([0-9]{1,2})[./-]([0-9]{4})"), ("d", "m", "y")),
    (re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})"), ("m", "d", "y")),
)


# Month names as English, German and French records write them ("17 May 1986",
# "May 17, 1986", "17-May-1986", "17. Mai 1986", "17 juillet 1986"), full or abbreviated.
_MONTHS: dict[str, int] = {}
for _number, _names_of_month in enumerate((
        "january jan januar jänner janvier janv", "february feb februar février fevrier févr fevr",
        "march mar märz maerz mär mars", "april apr avril avr", "may mai", "june jun juni juin",
        "july jul juli juillet juil", "august aug août aout", "september sep sept septembre",
        "october oct oktober okt octobre", "november nov novembre", "december dec dezember dez décembre decembre déc"),
        start=1):
    _MONTHS.update(dict.fromkeys(_names_of_month.split(), _number))
_MONTH_WORD = "[A-Za-zÀ-ÿ]{3,9}"
_DAY_MONTH_YEAR = re.compile(rf"([0-9]{{1,2}})(\.|st|nd|rd|th)?[ -]({_MONTH_WORD})\.?,?[ -]([0-9]{{4}})")
_MONTH_DAY_YEAR = re.compile(rf"({_MONTH_WORD})\.? ([0-9]{{1,2}})(st|nd|rd|th)?,? ([0-9]{{4}})")


def _named_month_date(text: str) -> dt.date | None:
    if match := _DAY_MONTH_YEAR.fullmatch(text):
        day, month, year = match.group(1), match.group(3), match.group(4)
    elif match := _MONTH_DAY_YEAR.fullmatch(text):
        month, day, year = match.group(1), match.group(2), match.group(4)
    else:
        return None
    number = _MONTHS.get(month.casefold())
    if number is None:
        return None
    try:
        return dt.date(int(year), number, int(day))
    except ValueError:
        return None


def parse_date(value: str, compact: bool = False) -> dt.date | None:
    text = _MIDNIGHT_RE.sub("", value.strip())
    if compact and _COMPACT.fullmatch(text):
        text = f"{text[:4]}-{text[4:6]}-{text[6:]}"
    for pattern, order in _DATE_PATTERNS:
        match = pattern.fullmatch(text)
        if not match:
            continue
        parts = dict(zip(order, map(int, match.groups())))
        try:
            return dt.date(parts["y"], parts["m"], parts["d"])
        except ValueError:
            continue
    return _named_month_date(text)


def _age(value: str, compact: bool = False) -> float | None:
    born = parse_date(value, compact)
    if born is None:
        return None
    return (dt.date.today() - born).days / 365.25


def plausible_birth_date(value: str) -> bool:
    """Without a telling column name, only dates 16-100 years ago: an adult's birth date.
    Order dates, sign-up dates and timestamps (recent) stay out."""
    age = _age(value)
    return age is not None and 16 <= age <= 100


def possible_birth_date(value: str) -> bool:
    """In a birth-date column, any date 0-120 years ago (minors included), YYYYMMDD too."""
    age = _age(value, compact=True)
    return age is not None and 0 <= age <= 120


def under_14(value: str) -> bool:
    """A child under 14: PIPL Art 28 makes their personal information sensitive."""
    age = _age(value, compact=True)
    return age is not None and 0 <= age < 14


DOB = Detector(
    key="date_of_birth",
    category="user.demographic.date_of_birth",
    label="Date of birth",
    pattern=(f"([0-9]{{4}}[-/.][0-9]{{1,2}}[-/.][0-9]{{1,2}}|[0-9]{{1,2}}[-/.][0-9]{{1,2}}[-/.][0-9]{{4}}){_MIDNIGHT}"
             "|[0-9]{4}年[0-9]{1,2}月[0-9]{1,2}日|[0-9]{8}"
             f"|{_DAY_MONTH_YEAR.pattern}|{_MONTH_DAY_YEAR.pattern}"),
    validate=plausible_birth_date,
    validate_in_context=possible_birth_date,
    context=ctx("birth", "dob", "born", "birthday", "出生", "生日", "出生日期", "geburtsdatum", "geburtstag",
                "naissance", "nascimento", "nacimiento", "рождения", "др", "生年月日", "誕生日", "생년월일", "생일"),
    negative_context=ctx("order", "created", "updated", "ship", "expiry", "expires", "订单", "下单", "bestell"),
    min_ratio=0.9,
    min_ratio_with_context=0.5,
    flag=under_14,
    flag_name="under_14",
    subject_key_rank=5,
    strength=0.8,
)

DETECTORS = (NAME, NAME_PART, DOB)

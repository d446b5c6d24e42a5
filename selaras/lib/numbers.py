"""Indonesian number formatting and parsing: 1.250.000,50, Rp 1.250.000, 87,50%.

Amounts are Decimal everywhere; float never enters. Parsing accepts what staff type:
"1.250.000,50", "1250000.50" or "1250000".
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

TWO_PLACES = Decimal("0.01")
PERCENT_UNITS = frozenset({"%", "persen", "persentase"})


def is_percent_unit(satuan: str) -> bool:
    """Whether an indicator's unit (satuan) makes its figures percentages."""
    return satuan.strip().lower() in PERCENT_UNITS


class AmbiguousNumber(ValueError):
    """Digits and dots that do not read as one number ("1.2.3")."""


def group_thousands(digits: str) -> str:
    """Put a dot between each group of three digits: "1250000" -> "1.250.000"."""
    head = len(digits) % 3 or 3
    groups = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return ".".join(groups)


def format_number(value: Decimal | int | None, places: int | None = None) -> str:
    """Format as 1.250.000,5; `places` fixes the decimals, None keeps only those needed."""
    if value is None:
        return "-"
    number = Decimal(value)
    if places is not None:
        number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    elif number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    else:
        number = number.normalize()
    sign = "-" if number < 0 else ""
    text = f"{abs(number):f}"
    whole, _, fraction = text.partition(".")
    result = sign + group_thousands(whole)
    return f"{result},{fraction}" if fraction else result


def format_amount(value: Decimal | int | str | None) -> str:
    """An amount of money without the currency: 1.250.000 when whole, 1.250.000,50 with cents."""
    if value is None:
        return "-"
    number = Decimal(value).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
    places = 0 if number == number.to_integral_value() else 2
    return format_number(number, places)


def format_rupiah(value: Decimal | int | str | None) -> str:
    """Rp 1.250.000 when whole, Rp 1.250.000,50 when the value has cents."""
    if value is None:
        return "-"
    return f"Rp {format_amount(value)}"


def format_percent(value: Decimal | None) -> str:
    """87,50% with two decimals; '-' when there is no value (for example a target of 0)."""
    if value is None:
        return "-"
    return f"{format_number(value, 2)}%"


def parse_decimal(text: str | Decimal | int | None) -> Decimal:
    """Read a number as staff write it; raise ValueError with an Indonesian message."""
    if isinstance(text, Decimal):
        return text
    if isinstance(text, int):
        return Decimal(text)
    cleaned = (text or "").strip().replace(" ", "")
    if cleaned.lower().startswith("rp"):
        cleaned = cleaned[2:].lstrip(".")
    if not cleaned:
        raise ValueError("Nilai kosong.")
    if "," in cleaned:
        _check_grouping(text, cleaned.partition(",")[0])
        cleaned = cleaned.replace(".", "").replace(",", ".")
    elif cleaned.count(".") > 1 or _looks_grouped(cleaned):
        _check_grouping(text, cleaned)
        cleaned = cleaned.replace(".", "")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"'{text}' bukan angka.") from None
    if not number.is_finite():
        raise ValueError(f"'{text}' bukan angka.")
    return number


def _looks_grouped(text: str) -> bool:
    """'1.250' is one thousand two hundred fifty in Indonesian writing, not 1,25."""
    whole, _, fraction = text.lstrip("-").partition(".")
    return bool(fraction) and len(fraction) == 3 and whole.isdigit() and whole != "0"


def _check_grouping(text: object, whole: str) -> None:
    """Dots group thousands by three: "1.2.3" or "12.50.000" could be several numbers, so
    they are refused rather than read as 123 or 125000."""
    if "." not in whole:
        return
    head, *rest = whole.removeprefix("-").split(".")
    if not (1 <= len(head) <= 3 and head.isascii() and head.isdigit()) or any(
        len(group) != 3 or not (group.isascii() and group.isdigit()) for group in rest
    ):
        raise AmbiguousNumber(
            f"'{text}' bukan angka yang jelas: titik memisahkan ribuan per tiga angka "
            "(contoh 1.250.000,50)."
        )

"""Turkish tax number (vergi kimlik numarası, VKN): 10 digits, the last a check digit.

Pure functions, no Django. The check digit follows the Revenue
Administration's published algorithm: for each of the first nine digits
``d`` at position ``i`` (1-based), ``t = (d + 10 - i) % 10``; add ``t`` when it
is 9, else ``(t * 2 ** (10 - i)) % 9``; the check digit is
``(10 - total % 10) % 10``.
"""

from __future__ import annotations


def vkn_check_digit(first_nine: str) -> int:
    if len(first_nine) != 9 or not first_nine.isascii() or not first_nine.isdigit():
        raise ValueError("Nine digits are needed.")
    total = 0
    for position, char in enumerate(first_nine, start=1):
        shifted = (int(char) + 10 - position) % 10
        total += 9 if shifted == 9 else (shifted * 2 ** (10 - position)) % 9
    return (10 - total % 10) % 10


def vkn_normalise(value: str) -> str:
    """The digits of ``value`` without spaces, as ASCII (Arabic-Indic and Persian digits too)."""
    table = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
    return "".join(value.translate(table).split())


def vkn_is_valid(value: str) -> bool:
    """Whether ``value`` is a 10-digit tax number with a correct check digit."""
    digits = vkn_normalise(value)
    if len(digits) != 10 or not digits.isascii() or not digits.isdigit():
        return False
    return vkn_check_digit(digits[:9]) == int(digits[9])

"""The pure modules: contact masking, tax numbers, plain text, moderation flags."""

import pytest

from rehber.listings import flags
from rehber.listings.contact_masking import EMAIL_MASK, PHONE_MASK, contact_mask
from rehber.listings.plain_text import plain_text_clean, plain_text_has_markup
from rehber.listings.tax_number import vkn_check_digit, vkn_is_valid


@pytest.mark.parametrize(
    "text",
    [
        "Call 0532 123 45 67",
        "Ara: 05321234567",
        "+90 532 123 45 67",
        "+90 (532) 123.45.67",
        "0090-532-123-4567",
        "532 123 45 67",
        "0212 555 66 77",
        "اتصل ٠٥٣٢١٢٣٤٥٦٧",
        "اتصل ٠٥٣٢ ١٢٣ ٤٥ ٦٧",
        "تماس ۰۵۳۲ ۱۲۳ ۴۵ ۶۷",
        "تماس ۰۵۳۲.۱۲۳.۴۵.۶۷",
        "WhatsApp +963 944 123 456",
    ],
)
def test_phone_numbers_are_masked(text):
    masked, count = contact_mask(text)
    assert count == 1
    assert PHONE_MASK in masked
    digits = [c for c in masked if c.isdigit()]
    assert len(digits) < 5, masked


@pytest.mark.parametrize(
    "text",
    [
        "amal@example.com",
        "write to Amal.Haddad+rent@mail.example.co.uk please",
        "amal at example dot com",
        "amal [at] gmail [dot] com",
        "amal(at)gmail(dot)com",
        "amal @ gmail . com",
        "amal AT gmail DOT com",
    ],
)
def test_email_addresses_are_masked(text):
    masked, count = contact_mask(text)
    assert count == 1
    assert EMAIL_MASK in masked
    assert "gmail" not in masked and "example" not in masked.replace("example dot", "")


@pytest.mark.parametrize(
    "text",
    [
        "Rent 12.000 TL, 2+1, 3rd floor",
        "Available from 01.05.2026",
        "Kira 15000 TL, depozito 30000 TL",
        "٣ غرف، الإيجار ١٢٠٠٠ ليرة",
        "We meet at home. Come at 5.",
        "Near the Gaziantep castle, 5 minutes to the tram",
    ],
)
def test_prices_dates_and_prose_stay(text):
    assert contact_mask(text) == (text, 0)


def test_vkn_check_digit_by_hand():
    # Worked through by hand: 9+5+5+6+7+1+6+8+2 = 49, so the check digit is 1.
    assert vkn_check_digit("000000000") == 1
    assert vkn_is_valid("0000000001")
    assert not vkn_is_valid("0000000002")


def test_vkn_rejects_wrong_shapes():
    number = "123456789" + str(vkn_check_digit("123456789"))
    assert vkn_is_valid(number)
    assert vkn_is_valid(" ".join([number[:5], number[5:]]))
    assert vkn_is_valid(number.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")))
    for wrong in [
        "",
        "123",
        number + "0",
        number[:-1] + str((int(number[-1]) + 1) % 10),
        "abcdefghij",
    ]:
        assert not vkn_is_valid(wrong), wrong


def test_plain_text_keeps_text_and_drops_markup():
    assert plain_text_clean("2 < 3 & 4 > 1\r\nsecond line") == "2 < 3 & 4 > 1\nsecond line"
    assert plain_text_clean("<script>alert(1)</script>Flat <b>nice</b>") == "Flat nice"
    assert plain_text_has_markup('<img src=x onerror="alert(1)">')
    assert plain_text_has_markup("<script>alert(1)</script>")
    assert not plain_text_has_markup("Rent < 10000 TL, 2+1 <3")


def test_rent_outliers_need_enough_listings():
    assert flags.rent_median([8000, 9000, 10000, 11000]) is None
    median = flags.rent_median([8000, 9000, 10000, 11000, 12000])
    assert median == 10000
    assert flags.rent_outlier(4000, median) == "low"
    assert flags.rent_outlier(25000, median) == "high"
    assert flags.rent_outlier(9500, median) == ""
    assert flags.rent_outlier(1000, None) == ""


def test_near_duplicates_across_scripts_and_case():
    text = "Furnished two-room flat in Şahinbey, close to the tram and a school."
    others = [
        (1, "FURNISHED two-room flat in Sahinbey, close to the tram and a school!"),
        (2, "Sewing machine operator wanted in a textile workshop."),
    ]
    assert flags.near_duplicates(text, others) == [1]

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from rehber.accounts.tests.factories import UserFactory
from rehber.listings.models import ListingPhoto, ListingStatus
from rehber.listings.photo_processing import PhotoError, photo_process
from rehber.listings.tests.factories import ListingFactory

GPS_IFD = 0x8825


def image_bytes(fmt="JPEG", size=(2000, 1500), mode="RGB", gps=True) -> bytes:
    image = Image.new(mode, size, "orange" if mode == "RGB" else 1)
    buffer = BytesIO()
    kwargs = {}
    if gps and fmt == "JPEG":
        exif = Image.Exif()
        exif[0x010F] = "PhoneMaker"  # camera maker
        exif[0x0112] = 6  # rotated: the photo must come out upright
        exif.get_ifd(GPS_IFD).update({1: "N", 2: (37.0, 3.0, 40.0), 3: "E", 4: (37.0, 22.0, 5.0)})
        kwargs["exif"] = exif
    image.save(buffer, format=fmt, **kwargs)
    return buffer.getvalue()


def test_photos_lose_gps_and_camera_details_and_are_resized():
    original = image_bytes()
    assert b"PhoneMaker" in original
    processed = photo_process(original)
    assert b"PhoneMaker" not in processed.photo
    with Image.open(BytesIO(processed.photo)) as stored:
        assert stored.format == "JPEG"
        assert not stored.getexif()
        assert max(stored.size) == 1280
        assert stored.size == (960, 1280)  # turned upright (orientation 6)
    with Image.open(BytesIO(processed.thumbnail)) as thumbnail:
        assert max(thumbnail.size) == 240 and not thumbnail.getexif()


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (image_bytes("GIF", mode="RGB", gps=False), "wrong_type"),
        (b"<html>not a photo</html>", "not_an_image"),
        (image_bytes("JPEG", gps=False)[:500], "not_an_image"),
        (b"\xff" * (8 * 1024 * 1024 + 1), "too_big"),
        (image_bytes("PNG", size=(8000, 6000), mode="1", gps=False), "too_many_pixels"),
    ],
)
def test_bad_files_are_refused(data, code):
    with pytest.raises(PhotoError) as caught:
        photo_process(data)
    assert caught.value.code == code


@pytest.mark.django_db
def test_poster_adds_a_photo_and_it_waits_for_a_moderator(client):
    listing = ListingFactory()
    client.force_login(listing.poster)
    upload = SimpleUploadedFile("flat.jpg", image_bytes(), content_type="image/jpeg")
    response = client.post(f"/en/listings/{listing.pk}/photos/", {"action": "add", "photo": upload})
    assert response.status_code == 302
    photo = ListingPhoto.objects.get()
    listing.refresh_from_db()
    assert listing.status == ListingStatus.PENDING  # a photo can show a phone number
    anonymous_url = f"/en/listings/photos/{photo.pk}/thumb.jpg"
    assert client.get(anonymous_url)["Content-Type"] == "image/jpeg"  # the poster sees it
    client.logout()
    assert client.get(anonymous_url).status_code == 404
    listing.status = ListingStatus.PUBLISHED
    listing.save()
    response = client.get(anonymous_url)
    assert response.status_code == 200 and b"PhoneMaker" not in response.content
    html = client.get(f"/en/listings/{listing.pk}/").content.decode()
    assert anonymous_url in html and 'loading="lazy"' in html


@pytest.mark.django_db
def test_wrong_files_get_a_clear_message_and_others_cannot_add(client):
    listing = ListingFactory()
    client.force_login(listing.poster)
    upload = SimpleUploadedFile(
        "notes.gif", image_bytes("GIF", gps=False), content_type="image/gif"
    )
    response = client.post(f"/en/listings/{listing.pk}/photos/", {"action": "add", "photo": upload})
    assert "JPEG, PNG or WebP" in response.content.decode()
    assert not ListingPhoto.objects.exists()
    client.force_login(UserFactory())
    assert client.get(f"/en/listings/{listing.pk}/photos/").status_code == 404

"""The listings pages, by who uses them."""

from rehber.listings.views.posters import (
    api_keys,
    listing_create,
    listing_edit,
    listing_mine,
    listing_photo,
    listing_photos,
    listing_renew,
)
from rehber.listings.views.relay import conversation_detail, conversation_list, listing_contact
from rehber.listings.views.seekers import listing_detail, listing_list, listing_report
from rehber.listings.views.staff import staff_queue, staff_verify

__all__ = [
    "api_keys",
    "conversation_detail",
    "conversation_list",
    "listing_contact",
    "listing_create",
    "listing_detail",
    "listing_edit",
    "listing_list",
    "listing_mine",
    "listing_photo",
    "listing_photos",
    "listing_renew",
    "listing_report",
    "staff_queue",
    "staff_verify",
]

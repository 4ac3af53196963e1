"""Distances on the Earth's surface. Plain Python, no Django."""

import math

EARTH_RADIUS_KM = 6371.0088


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres between two points given in degrees."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi = phi2 - phi1
    d_lambda = math.radians(lon2 - lon1)
    a = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def point_parse(text: str) -> tuple[float, float]:
    """ "37.06,37.38" -> (37.06, 37.38); ValueError with a plain reason otherwise."""
    parts = [part.strip() for part in str(text).split(",")]
    if len(parts) != 2:
        raise ValueError("Give a place as latitude,longitude (for example 37.06,37.38).")
    try:
        lat, lon = float(parts[0]), float(parts[1])
    except ValueError:
        raise ValueError("Latitude and longitude must be numbers.") from None
    if not (math.isfinite(lat) and math.isfinite(lon)) or not (-90 <= lat <= 90):
        raise ValueError("Latitude runs from -90 to 90.")
    if not -180 <= lon <= 180:
        raise ValueError("Longitude runs from -180 to 180.")
    return lat, lon

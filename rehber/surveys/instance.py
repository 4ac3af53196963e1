"""Read an OpenRosa submission (an XForm instance document). No Django imports."""

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field


class InstanceError(ValueError):
    """The document is not a usable XForm instance; ``code`` says why."""

    def __init__(self, code: str, detail: str = ""):
        super().__init__(detail or code)
        self.code = code


@dataclass
class Instance:
    form_id: str
    version: str
    instance_id: str
    values: dict[str, str] = field(default_factory=dict)  # leaf name -> text


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def instance_parse(data: bytes) -> Instance:
    """Parse ``data`` or raise ``InstanceError`` (codes: xml, no_form_id, no_instance_id)."""
    head = data[:4096].upper()
    if b"<!DOCTYPE" in head or b"<!ENTITY" in data.upper():
        raise InstanceError("xml", "DOCTYPE and entities are not accepted")
    try:
        root = ET.fromstring(data)  # noqa: S314 - see the check above
    except ET.ParseError as error:
        raise InstanceError("xml", str(error)) from error
    form_id = root.get("id") or ""
    if not form_id:
        raise InstanceError("no_form_id")
    instance_id = ""
    values: dict[str, str] = {}
    for element in root.iter():
        if element is root:
            continue
        name = _local(element.tag)
        if name == "instanceID":
            instance_id = (element.text or "").strip()
            continue
        if len(element) == 0 and name not in ("meta", "deprecatedID", "instanceName"):
            values[name] = (element.text or "").strip()
    if not instance_id:
        raise InstanceError("no_instance_id")
    return Instance(
        form_id=form_id, version=root.get("version") or "", instance_id=instance_id, values=values
    )

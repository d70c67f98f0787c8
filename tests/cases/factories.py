"""Factories for the cases app: categories, images, and cases filed through the real service."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from cases import services
from cases.models import Category, TimeUnit
from tests.accounts.factories import UserFactory


def category(
    name: str = "暴露垃圾",
    parent_name: str = "市容环境",
    *,
    response_limit: int = 24,
    response_unit: str = TimeUnit.CALENDAR_HOURS,
    resolve_limit: int = 48,
    resolve_unit: str = TimeUnit.CALENDAR_HOURS,
) -> Category:
    """A leaf category (found or made), with calendar-hour deadlines unless told otherwise."""
    parent, _ = Category.objects.get_or_create(
        name=parent_name, parent=None, defaults={"code": f"T{Category.objects.count():03d}"}
    )
    leaf, _ = Category.objects.get_or_create(
        name=name, parent=parent, defaults={"code": f"T{Category.objects.count():03d}"}
    )
    Category.objects.filter(pk=leaf.pk).update(
        response_limit=response_limit,
        response_unit=response_unit,
        resolve_limit=resolve_limit,
        resolve_unit=resolve_unit,
        is_active=True,
    )
    leaf.refresh_from_db()
    return leaf


def jpeg_bytes(*, size=(64, 48), gps: bool = False, color=(200, 30, 30)) -> bytes:
    """A small real JPEG; with gps=True it carries EXIF with a GPS position and a camera make."""
    image = Image.new("RGB", size, color)
    output = io.BytesIO()
    if gps:
        exif = Image.Exif()
        exif[0x010F] = "TestCam"  # Make
        exif[0x8825] = {1: "N", 2: (23.0, 1.0, 30.0), 3: "E", 4: (113.0, 6.0, 0.0)}  # GPSInfo
        image.save(output, format="JPEG", exif=exif)
    else:
        image.save(output, format="JPEG")
    return output.getvalue()


def photo(name: str = "photo.jpg", **kwargs) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, jpeg_bytes(**kwargs), content_type="image/jpeg")


def report(*, reporter=None, node=None, cat=None, **kwargs):
    return services.case_report(
        reporter=reporter or UserFactory(),
        category=cat or category(),
        description=kwargs.pop("description", "楼下垃圾两天没人清理，气味很大"),
        node=node,
        **kwargs,
    )

from __future__ import annotations

import io
import re
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import ExifTags, Image, ImageFile

from hromada.core.documents import DocumentSpec, Paragraph, render_docx
from hromada.core.exports import Sheet, render_xlsx
from hromada.core.uploads import CheckedUpload, check_upload, reencode_image

MEGABYTE = 1024 * 1024
ALL_KINDS = {"jpeg", "png", "webp", "pdf", "docx", "xlsx"}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def image_bytes(
    format: str = "JPEG", size: tuple[int, int] = (40, 20), mode: str = "RGB", **save
) -> bytes:
    colour = {"RGBA": (200, 30, 30, 128), "L": 128}.get(mode, (200, 30, 30))
    buffer = io.BytesIO()
    Image.new(mode, size, colour).save(buffer, format=format, **save)
    return buffer.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def refusal(file, **options) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        check_upload(file, **options)
    return caught.value


def message(error: ValidationError) -> str:
    return error.messages[0]


def zip_bytes(parts: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for name, text in parts.items():
            package.writestr(name, text)
    return buffer.getvalue()


def content_types(main_type: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        f'<Override PartName="/word/document.xml" ContentType="{main_type}"/></Types>'
    )


# --- check_upload ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (image_bytes("JPEG"), "jpeg"),
        (image_bytes("PNG"), "png"),
        (image_bytes("WEBP"), "webp"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "pdf"),
        (render_docx(DocumentSpec(title="Протокол", blocks=[Paragraph("Текст")])), "docx"),
        (render_xlsx([Sheet("Аркуш", ["a"], [[1]])]), "xlsx"),
    ],
)
def test_check_upload_detects_kind_from_content_whatever_the_name(content, kind):
    result = check_upload(upload("file.bin", content), allowed=ALL_KINDS, max_bytes=MEGABYTE)

    assert result == CheckedUpload(kind=kind, size=len(content))


def test_check_upload_refuses_text_file_named_jpg():
    file = upload("photo.jpg", b"just some text, honestly", "image/jpeg")

    error = refusal(file, allowed={"jpeg", "png"}, max_bytes=MEGABYTE)

    assert error.code == "unknown_type"
    assert message(error) == "The file type is not recognised. Accepted types: JPEG, PNG."


def test_check_upload_detects_png_named_pdf_and_refuses_it_when_only_pdf_allowed():
    file = upload("decision.pdf", image_bytes("PNG"), "application/pdf")

    error = refusal(file, allowed={"pdf"}, max_bytes=MEGABYTE)

    assert error.code == "type_not_allowed"
    assert message(error) == "This is a PNG file. Accepted types: PDF."


def test_check_upload_accepts_png_named_pdf_as_png_when_png_allowed():
    file = upload("decision.pdf", image_bytes("PNG"), "application/pdf")

    result = check_upload(file, allowed={"pdf", "png"}, max_bytes=MEGABYTE)

    assert (result.kind, result.extension, result.content_type) == ("png", ".png", "image/png")


def test_check_upload_refuses_oversized_file_naming_the_limit_in_megabytes():
    file = upload("scan.pdf", b"%PDF-1.7\n" + b"0" * (MEGABYTE + MEGABYTE // 2))

    error = refusal(file, allowed={"pdf"}, max_bytes=MEGABYTE)

    assert error.code == "too_large"
    assert message(error) == "The file is too large (1.6 MB). The limit is 1 MB."


def test_check_upload_rounds_size_up_so_it_never_equals_the_limit():
    file = upload("scan.pdf", b"%PDF-1.7\n" + b"0" * (5 * MEGABYTE))

    error = refusal(file, allowed={"pdf"}, max_bytes=5 * MEGABYTE)

    assert message(error) == "The file is too large (5.1 MB). The limit is 5 MB."


def test_check_upload_measures_the_content_not_the_declared_size():
    file = upload("scan.pdf", b"%PDF-1.7\n" + b"0" * 2000)
    file.size = 10

    error = refusal(file, allowed={"pdf"}, max_bytes=1000)

    assert error.code == "too_large"


def test_check_upload_refuses_empty_file():
    error = refusal(upload("empty.pdf", b""), allowed={"pdf"}, max_bytes=MEGABYTE)

    assert error.code == "empty"
    assert message(error) == "The file is empty."


def test_check_upload_refuses_docx_when_only_xlsx_allowed():
    content = render_docx(DocumentSpec(title="Протокол"))

    error = refusal(upload("budget.xlsx", content), allowed={"xlsx"}, max_bytes=MEGABYTE)

    assert message(error) == "This is a DOCX file. Accepted types: XLSX."


def test_check_upload_refuses_a_zip_that_is_not_an_office_document():
    content = zip_bytes({"readme.txt": "hello"})

    error = refusal(upload("report.docx", content), allowed={"docx"}, max_bytes=MEGABYTE)

    assert error.code == "unknown_type"


def test_check_upload_refuses_macro_enabled_word_document():
    main = "application/vnd.ms-word.document.macroEnabled.main+xml"
    content = zip_bytes({"[Content_Types].xml": content_types(main), "word/document.xml": "<w/>"})

    error = refusal(upload("report.docx", content), allowed={"docx"}, max_bytes=MEGABYTE)

    assert error.code == "unknown_type"


def test_check_upload_refuses_content_types_naming_a_missing_main_part():
    main = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    content = zip_bytes({"[Content_Types].xml": content_types(main)})

    error = refusal(upload("report.docx", content), allowed={"docx"}, max_bytes=MEGABYTE)

    assert error.code == "unknown_type"


def test_check_upload_refuses_content_types_with_entity_declarations():
    main = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    with_entities = content_types(main).replace(
        "<Types", '<!DOCTYPE Types [<!ENTITY a "aaaa">]><Types', 1
    )
    content = zip_bytes({"[Content_Types].xml": with_entities, "word/document.xml": "<w/>"})

    error = refusal(upload("report.docx", content), allowed={"docx"}, max_bytes=MEGABYTE)

    assert error.code == "unknown_type"


def test_check_upload_leaves_file_at_its_start():
    file = upload("photo.jpg", image_bytes("JPEG"))

    check_upload(file, allowed={"jpeg"}, max_bytes=MEGABYTE)

    assert file.tell() == 0


def test_check_upload_rejects_unknown_allowed_kind_as_programming_error():
    with pytest.raises(ValueError, match="subset"):
        check_upload(upload("a.gif", b"GIF89a"), allowed={"gif"}, max_bytes=MEGABYTE)


# --- reencode_image -------------------------------------------------------------------


def photo_with_gps_and_orientation() -> bytes:
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6  # the camera was turned: rotate 90° clockwise
    exif[ExifTags.Base.Make] = "Phone"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (50.0, 31.0, 12.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (26.0, 15.0, 0.0)
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/">secret</x:xmpmeta>'
    return image_bytes("JPEG", size=(40, 20), exif=exif, xmp=xmp, comment=b"secret comment")


def test_photo_with_gps_comes_out_with_no_metadata_at_all():
    original = photo_with_gps_and_orientation()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert original.count(b"secret") == 2  # the XMP packet and the comment

    result = reencode_image(upload("IMG_0001.jpg", original))

    data = result.read()
    image = Image.open(io.BytesIO(data))
    assert image.format == "JPEG"
    assert dict(image.getexif()) == {}
    assert "exif" not in image.info
    assert "xmp" not in image.info
    assert "comment" not in image.info
    assert b"Exif" not in data
    assert b"secret" not in data


def test_photo_is_turned_upright_by_its_exif_orientation():
    result = reencode_image(upload("IMG_0001.jpg", photo_with_gps_and_orientation()))

    assert Image.open(result).size == (20, 40)


def test_reencoded_image_gets_a_generated_name():
    result = reencode_image(upload("../../мій файл.png.jpg", image_bytes("PNG")))

    assert re.fullmatch(r"[0-9a-f]{32}\.jpg", result.name)


def test_large_image_is_downsized_to_max_side_keeping_proportions():
    result = reencode_image(upload("big.png", image_bytes("PNG", size=(400, 100))), max_side=200)

    assert Image.open(result).size == (200, 50)


def test_transparent_png_stays_png_with_alpha():
    result = reencode_image(upload("logo.png", image_bytes("PNG", mode="RGBA")))

    image = Image.open(result)
    assert (image.format, image.mode) == ("PNG", "RGBA")
    assert result.name.endswith(".png")
    assert image.getpixel((0, 0)) == (200, 30, 30, 128)


def test_icc_profile_is_dropped():
    original = image_bytes("PNG", icc_profile=b"fake-icc-profile-bytes")
    assert Image.open(io.BytesIO(original)).info["icc_profile"] == b"fake-icc-profile-bytes"

    image = Image.open(reencode_image(upload("a.png", original)))

    assert "icc_profile" not in image.info


def truncated(format: str) -> bytes:
    buffer = io.BytesIO()
    Image.effect_noise((300, 300), 64).convert("RGB").save(buffer, format=format)
    content = buffer.getvalue()[: len(buffer.getvalue()) // 2]
    assert Image.open(io.BytesIO(content)).size == (300, 300)  # the header is intact
    return content


@pytest.mark.parametrize("format", ["JPEG", "PNG"])
def test_truncated_image_is_refused_even_where_pillow_tolerates_truncation(monkeypatch, format):
    # WeasyPrint switches this on for the whole process when it is imported.
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)

    with pytest.raises(ValidationError) as caught:
        reencode_image(upload("photo.jpg", truncated(format)))

    assert caught.value.code == "damaged_image"
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True


def test_truncated_jpeg_gives_a_clear_message():
    content = truncated("JPEG")

    with pytest.raises(ValidationError) as caught:
        reencode_image(upload("photo.jpg", content))

    assert caught.value.code == "damaged_image"
    assert caught.value.messages == [
        "The image is damaged or incomplete. Please save it again and upload the new file."
    ]


def test_text_file_named_jpg_is_refused_as_not_an_image():
    with pytest.raises(ValidationError) as caught:
        reencode_image(upload("photo.jpg", b"not an image at all"))

    assert caught.value.code == "damaged_image"


def test_image_formats_other_than_jpeg_png_webp_are_not_decoded():
    with pytest.raises(ValidationError) as caught:
        reencode_image(upload("photo.jpg", image_bytes("GIF")))

    assert caught.value.code == "damaged_image"


@pytest.mark.parametrize("size", [(1100, 1000), (1500, 1500)])
def test_decompression_bomb_is_refused_naming_the_limit(monkeypatch, size):
    # (1100, 1000) is over Pillow's limit (a warning), (1500, 1500) over twice it (an error).
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1_000_000)
    content = image_bytes("PNG", size=size, mode="L")

    with pytest.raises(ValidationError) as caught:
        reencode_image(upload("bomb.png", content))

    assert caught.value.code == "too_many_pixels"
    assert caught.value.messages == [
        "The image has too many pixels: at most 1 million are accepted."
    ]


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_image_over_the_pixel_limit_is_refused_where_pillow_only_warns(monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1_000_000)
    content = image_bytes("PNG", size=(1100, 1000), mode="L")

    with pytest.raises(ValidationError) as caught:
        reencode_image(upload("bomb.png", content))

    assert caught.value.code == "too_many_pixels"

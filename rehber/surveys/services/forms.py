"""Uploading XLSForms, and loading the Flow Monitoring Survey."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from rehber.core.services import audit_record
from rehber.surveys import fms
from rehber.surveys.models import Choice, FormVersion, Question, SurveyForm
from rehber.surveys.services.indicators import indicator_definition_save, indicators_recompute
from rehber.surveys.services.messages import XLSFORM_ERRORS, xlsform_error_message
from rehber.surveys.xlsform import XLSFormError, xlsform_convert

#: Largest XLSForm an analyst may upload.
XLSFORM_MAX_BYTES = 5 * 1024 * 1024


@transaction.atomic
def form_version_upload(*, data: bytes, filename: str, actor) -> FormVersion:
    """Convert an XLSForm and store it as a new version of its form."""
    if not filename.lower().endswith(".xlsx") or not data.startswith(b"PK"):
        raise ValidationError(XLSFORM_ERRORS["not_xlsform"])
    if len(data) > XLSFORM_MAX_BYTES:
        raise ValidationError(
            _("The file is too large. The limit is %(size)s MB.")
            % {"size": XLSFORM_MAX_BYTES // (1024 * 1024)}
        )
    try:
        converted = xlsform_convert(data)
    except XLSFormError as error:
        raise ValidationError(xlsform_error_message(error)) from error
    if not converted.version:
        raise ValidationError(
            _("The 'settings' sheet needs a version, so that new uploads can be told apart.")
        )
    form, _created = SurveyForm.objects.get_or_create(
        form_id=converted.form_id, defaults={"title": converted.title[:255]}
    )
    if form.versions.filter(version=converted.version).exists():
        raise ValidationError(
            _(
                "Version %(version)s of this form is already stored. Change the version in "
                "the 'settings' sheet."
            )
            % {"version": converted.version}
        )
    form.title = converted.title[:255] or form.title
    form.save(update_fields=["title"])
    version = FormVersion.objects.create(
        form=form,
        version=converted.version,
        xlsform=data,
        xlsform_name=filename[:255],
        xform=converted.xform,
        warnings=converted.warnings,
        uploaded_by=actor,
    )
    Question.objects.bulk_create(
        Question(
            version=version,
            name=q.name,
            path=q.path,
            type=q.type,
            labels=q.labels,
            relevance=q.relevance,
            required=q.required,
            list_name=q.list_name,
            position=q.position,
        )
        for q in converted.questions
    )
    Choice.objects.bulk_create(
        Choice(
            version=version,
            list_name=c.list_name,
            value=c.value,
            labels=c.labels,
            position=c.position,
        )
        for c in converted.choices
    )
    audit_record(
        actor=actor,
        action="surveys.form_version_upload",
        target=version,
        data={"form_id": form.form_id, "version": version.version},
    )
    return version


def fms_form_load(*, actor=None) -> FormVersion:
    """Upload our Flow Monitoring Survey and its indicators (once per version)."""
    source = fms.fms_source()
    existing = FormVersion.objects.filter(
        form__form_id=source["settings"]["form_id"], version=str(source["settings"]["version"])
    ).first()
    version = existing or form_version_upload(
        data=fms.xlsform_build(source), filename="fms-turkey.xlsx", actor=actor
    )
    for position, item in enumerate(fms.fms_indicators()):
        definition = {k: v for k, v in item.items() if k not in ("label", "name")}
        indicator_definition_save(
            form=version.form,
            name=item["name"],
            labels=item.get("label", {}),
            definition=definition,
            position=position,
            actor=actor,
            recompute=False,
        )
    indicators_recompute(form=version.form)
    return version

"""Template filters about forms."""

from django import template

register = template.Library()


@register.filter
def asks_password(form) -> bool:
    """Whether ``form`` has a password input, which is never shown back after an error."""
    return any(
        getattr(field.widget, "input_type", "") == "password" for field in form.fields.values()
    )

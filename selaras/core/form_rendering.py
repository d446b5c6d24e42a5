"""The project's form renderer: Django's own templates, with the empty choice of every
select ("---------" in Django and django-filter) read as "— pilih —". One place for every
form, filter and formset, so no form has to remember it."""

from __future__ import annotations

from typing import Any

from django.forms.renderers import DjangoTemplates

DJANGO_EMPTY_LABEL = "---------"
EMPTY_LABEL = "— pilih —"


class FormRenderer(DjangoTemplates):
    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        widget = context.get("widget")
        if isinstance(widget, dict) and "optgroups" in widget:
            for _group, options, _index in widget["optgroups"]:
                for option in options:
                    if option.get("label") == DJANGO_EMPTY_LABEL:
                        option["label"] = EMPTY_LABEL
        return super().render(template_name, context, request)

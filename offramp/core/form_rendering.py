"""How every form on the site renders its fields (settings.FORM_RENDERER).

A checkbox's label follows the box and reads as a statement ("Only cases I am on"), so it takes no
label suffix: Django's default ":" belongs after a label that introduces the field it sits above."""

from django import forms
from django.forms.renderers import DjangoTemplates


class BoundField(forms.BoundField):
    def label_tag(self, contents=None, attrs=None, label_suffix=None, tag=None):
        if label_suffix is None and isinstance(self.field.widget, forms.CheckboxInput):
            label_suffix = ""
        return super().label_tag(contents, attrs, label_suffix, tag)


class FormRenderer(DjangoTemplates):
    bound_field_class = BoundField

"""QuickSelect draws a select in one pass: every value and label escaped, the chosen one selected."""

from django import forms

from offramp.core.widgets import QuickSelect


class PickForm(forms.Form):
    who = forms.ChoiceField(widget=QuickSelect, choices=[("", "Anyone"), ("1", 'Ana <script>alert("x")</script>'),
                                                         ('2" onmouseover="x', "Bo & Co")])


def test_labels_and_values_are_escaped_and_the_choice_is_kept():
    html = str(PickForm({"who": "1"})["who"])
    assert "<script>" not in html and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert 'value="2&quot; onmouseover=&quot;x"' in html and "Bo &amp; Co" in html
    assert '<option value="1" selected>' in html and '<option value="" selected>' not in html
    assert 'name="who"' in html and 'id="id_who"' in html


def test_nothing_chosen_selects_the_blank_option():
    assert '<option value="" selected>Anyone</option>' in str(PickForm()["who"])

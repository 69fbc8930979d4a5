"""Vocabularies are declared by the apps; core's taxonomy terms accept exactly those."""

import pytest
from django.core.exceptions import ValidationError

from offramp.core import vocabularies
from offramp.core.models import TaxonomyTerm


def test_every_app_declares_its_own_lists():
    keys = [key for key, _label in vocabularies.choices()]
    assert {"closure_reason", "profession", "ideology", "sign", "need", "coaching_topic"} <= set(keys)


def test_a_list_declared_by_a_new_app_is_accepted_and_an_undeclared_one_is_not(world, monkeypatch):
    monkeypatch.setattr(vocabularies, "_vocabularies", dict(vocabularies._vocabularies))
    key = vocabularies.register("group_topic", "Support group topic")
    TaxonomyTerm(organization=world.org, vocabulary=key, label="Leaving a movement").full_clean()
    with pytest.raises(ValidationError):
        TaxonomyTerm(organization=world.org, vocabulary="nowhere", label="x").full_clean()
    response = world.client("admin").get("/admin/core/taxonomyterm/add/")
    assert 'value="group_topic"' in response.content.decode()

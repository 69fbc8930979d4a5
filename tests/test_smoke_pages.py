import pytest
from django.urls import reverse


@pytest.mark.parametrize("name", ["manager", "supervisor", "mentor", "admin", "auditor", "evaluator", "responder"])
def test_main_pages_render(world, name):
    client = world.client(name)
    for url in [reverse("work_queue"), reverse("case_list"), reverse("person_list"), reverse("settings"),
                reverse("notifications"), reverse("audit"), reverse("case_detail", args=[world.case.pk]),
                reverse("person_detail", args=[world.client_person.pk]), reverse("case_open"),
                reverse("person_create"), reverse("note_create", args=[world.case.pk])]:
        response = client.get(url)
        assert response.status_code in (200, 403, 404), (url, response.status_code)

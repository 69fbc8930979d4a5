"""The demo's assessments: several of each instrument over months, so the charts show trajectories, a
move back on the stage of change with the person's own reasons shown back, and a joint decision."""

from django.core.management import call_command

from offramp.assessments import catalogue, selectors
from offramp.assessments.models import Assessment, AssessmentDecision
from offramp.core.access import member_actor
from offramp.core.models import Membership


def test_the_demo_has_trajectories_of_every_instrument_and_shows_the_reasons_back(db):
    call_command("seed", "--scale", "demo")
    for key in catalogue.BUILT_IN:
        assert Assessment.objects.filter(instrument_key=key).exists(), key
    first = (Assessment.objects.filter(instrument_key=catalogue.STAGE_OF_EXIT).order_by("created_at")
             .select_related("case").first())
    assert Assessment.objects.filter(case=first.case, instrument_key=catalogue.WELLNESS).count() >= 6
    assert Assessment.objects.filter(case=first.case, instrument_key=catalogue.RISK_PROTECTIVE).count() >= 4
    assert AssessmentDecision.objects.filter(assessment__case=first.case).exists()
    membership = Membership.objects.filter(organization=first.organization, role="supervisor").first()
    actor = member_actor(membership.user, first.organization_id)
    cases = {a.case for a in Assessment.objects.filter(organization=first.organization,
                                                       instrument_key=catalogue.STAGE_OF_EXIT).select_related("case")}
    summaries = [p for case in cases for p in selectors.case_section(actor, case, None)["people"] if p.exit]
    assert len(summaries) >= 2
    for summary in summaries:
        assert summary.reasons and summary.radar and len(summary.radar.series) == 4
        assert summary.danger is not None and summary.danger.level == "calm"
        assert len(summary.history) == 6 and len(summary.exit_history) == 6
    reminded = [p for p in summaries if p.remind]
    assert reminded and reminded[0].stages_moved_back and reminded[0].exit_moved_back

from rest_framework import serializers

from offramp.cases.models import (
    CaseKind,
    CaseStatus,
    Channel,
    Direction,
    NoteType,
    ParticipantRole,
    TeamRole,
)
from offramp.helpline.models import AgeBand, CallerRelationship, ContactChannel, Resource
from offramp.people.models import ContactMethod, Relationship


class ContactOut(serializers.Serializer):
    id = serializers.UUIDField()
    kind = serializers.CharField()
    value = serializers.CharField()
    label = serializers.CharField()
    safe_to_contact = serializers.BooleanField()


class PersonOut(serializers.Serializer):
    id = serializers.UUIDField()
    given_name = serializers.CharField()
    family_name = serializers.CharField()
    aliases = serializers.ListField(source="alias_list", child=serializers.CharField())
    date_of_birth = serializers.CharField(allow_null=True)
    pronouns = serializers.CharField()
    languages = serializers.CharField()
    created_at = serializers.DateTimeField()


class PersonDetailOut(PersonOut):
    contact_methods = ContactOut(many=True, source="contact_methods.all")


class ContactIn(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ContactMethod.Kind.choices)
    value = serializers.CharField(max_length=500)
    label = serializers.CharField(max_length=60, required=False, default="", allow_blank=True)
    safe_to_contact = serializers.BooleanField(required=False, default=True)


class PersonIn(serializers.Serializer):
    given_name = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    family_name = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    aliases = serializers.CharField(max_length=2000, required=False, default="", allow_blank=True)
    date_of_birth = serializers.DateField(required=False, allow_null=True, default=None)
    pronouns = serializers.CharField(max_length=40, required=False, default="", allow_blank=True)
    languages = serializers.CharField(max_length=120, required=False, default="", allow_blank=True)


class PersonCreateIn(PersonIn):
    contacts = ContactIn(many=True, required=False, default=list)


class RelationshipIn(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Relationship.Kind.choices)
    other = serializers.UUIDField()


class SearchIn(serializers.Serializer):
    name = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    phone = serializers.CharField(max_length=40, required=False, default="", allow_blank=True)
    email = serializers.CharField(max_length=254, required=False, default="", allow_blank=True)


class CaseOut(serializers.Serializer):
    id = serializers.UUIDField()
    reference = serializers.CharField()
    kind = serializers.ChoiceField(choices=CaseKind.choices)
    status = serializers.ChoiceField(choices=CaseStatus.choices)
    restricted = serializers.BooleanField()
    opened_at = serializers.DateTimeField()
    closed_at = serializers.DateTimeField(allow_null=True)


class ParticipantOut(serializers.Serializer):
    id = serializers.UUIDField()
    person = serializers.UUIDField(source="person_id")
    name = serializers.CharField(source="person.display_name")
    role = serializers.CharField()


class TeamOut(serializers.Serializer):
    id = serializers.IntegerField()
    user = serializers.IntegerField(source="user_id")
    name = serializers.CharField(source="user.display_name")
    role = serializers.CharField()


class CaseDetailOut(CaseOut):
    summary = serializers.CharField(allow_null=True)
    participants = ParticipantOut(many=True)
    team = TeamOut(many=True)
    allowed_transitions = serializers.ListField(child=serializers.CharField())


class CaseIn(serializers.Serializer):
    kind = serializers.ChoiceField(choices=CaseKind.choices)
    summary = serializers.CharField(max_length=4000, required=False, default="", allow_blank=True)
    restricted = serializers.BooleanField(required=False, default=False)


class TransitionIn(serializers.Serializer):
    to_status = serializers.ChoiceField(choices=CaseStatus.choices)
    reason = serializers.CharField(max_length=2000, required=False, default="", allow_blank=True)
    closure_reason = serializers.CharField(max_length=120, required=False, default="", allow_blank=True)
    evidence = serializers.DictField(child=serializers.CharField(max_length=2000), required=False, default=dict,
                                     help_text="Resolution criterion id → evidence, for a move to 'resolved'.")


class ParticipantIn(serializers.Serializer):
    person = serializers.UUIDField()
    role = serializers.ChoiceField(choices=ParticipantRole.choices)


class TeamIn(serializers.Serializer):
    email = serializers.EmailField(help_text="The colleague's e-mail; they must be a member of your organisation.")
    role = serializers.ChoiceField(choices=TeamRole.choices)
    profession = serializers.CharField(max_length=120, required=False, default="", allow_blank=True)


class ReasonIn(serializers.Serializer):
    reason = serializers.CharField(max_length=1000)


class NoteOut(serializers.Serializer):
    id = serializers.UUIDField()
    case = serializers.UUIDField(source="case_id")
    author = serializers.CharField(source="author.display_name")
    note_type = serializers.CharField()
    channel = serializers.CharField()
    direction = serializers.CharField()
    occurred_at = serializers.DateTimeField()
    narrative = serializers.CharField()
    signed_at = serializers.DateTimeField(allow_null=True)
    documented_late = serializers.BooleanField()
    addendum_to = serializers.UUIDField(source="addendum_to_id", allow_null=True)


class NoteIn(serializers.Serializer):
    note_type = serializers.ChoiceField(choices=NoteType.choices)
    channel = serializers.ChoiceField(choices=Channel.choices)
    direction = serializers.ChoiceField(choices=Direction.choices)
    occurred_at = serializers.DateTimeField()
    narrative = serializers.CharField(max_length=20000)
    with_participant_id = serializers.UUIDField(required=False, allow_null=True, default=None)
    sign = serializers.BooleanField(required=False, default=False)


class NoteUpdateIn(serializers.Serializer):
    note_type = serializers.ChoiceField(choices=NoteType.choices)
    channel = serializers.ChoiceField(choices=Channel.choices)
    direction = serializers.ChoiceField(choices=Direction.choices)
    occurred_at = serializers.DateTimeField()
    narrative = serializers.CharField(max_length=20000)


class DelayIn(serializers.Serializer):
    reason = serializers.CharField(max_length=1000)
    until = serializers.DateTimeField()


class ClockOut(serializers.Serializer):
    id = serializers.UUIDField()
    case = serializers.UUIDField(source="case_id")
    received_at = serializers.DateTimeField()
    due_at = serializers.DateTimeField()
    delayed_until = serializers.DateTimeField(allow_null=True)
    state = serializers.CharField()


class AddendumIn(serializers.Serializer):
    narrative = serializers.CharField(max_length=20000)


class QueueItemOut(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField()
    reference = serializers.CharField()
    due_at = serializers.DateTimeField()
    overdue = serializers.BooleanField()
    url = serializers.CharField()


class AuditEventOut(serializers.Serializer):
    id = serializers.IntegerField()
    at = serializers.DateTimeField()
    actor = serializers.IntegerField(source="actor_id", allow_null=True)
    action = serializers.CharField()
    object_type = serializers.CharField()
    object_id = serializers.CharField()
    reason = serializers.CharField()
    detail = serializers.JSONField()
    hash = serializers.CharField()


class MeOut(serializers.Serializer):
    email = serializers.EmailField()
    display_name = serializers.CharField()
    organization = serializers.CharField()
    roles = serializers.ListField(child=serializers.CharField())


class ResourceSerializer(serializers.ModelSerializer):
    """A directory entry. Writes are validated by the same form as the pages and the CSV import."""

    class Meta:
        model = Resource
        fields = ["id", "name", "category", "description", "eligibility", "languages", "region", "hours",
                  "how_to_refer", "phone", "email", "website", "notes", "active", "updated_at"]
        read_only_fields = ["id", "updated_at"]


class ResourceIn(serializers.Serializer):
    """A directory entry as sent: text where text is expected (a list or object is refused), and the
    entry's id and update time accepted back unchanged; its content is checked by the directory's form."""

    id = serializers.UUIDField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)
    name = serializers.CharField(max_length=200, allow_blank=True)
    category = serializers.CharField(max_length=20, allow_blank=True)
    description = serializers.CharField(max_length=4000, required=False, default="", allow_blank=True)
    eligibility = serializers.CharField(max_length=2000, required=False, default="", allow_blank=True)
    languages = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    region = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    hours = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    how_to_refer = serializers.CharField(max_length=2000, required=False, default="", allow_blank=True)
    phone = serializers.CharField(max_length=40, required=False, default="", allow_blank=True)
    email = serializers.CharField(max_length=254, required=False, default="", allow_blank=True)
    website = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    notes = serializers.CharField(max_length=4000, required=False, default="", allow_blank=True)
    active = serializers.BooleanField(required=False, default=True)


class HelplineContactIn(serializers.Serializer):
    channel = serializers.ChoiceField(choices=ContactChannel.choices)
    inbound = serializers.BooleanField(default=True)
    received_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    caller_relationship = serializers.ChoiceField(choices=CallerRelationship.choices)
    caller_name = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    caller_phone = serializers.CharField(max_length=40, required=False, default="", allow_blank=True)
    caller_email = serializers.EmailField(required=False, default="", allow_blank=True)
    concern_name = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    concern_age_band = serializers.ChoiceField(choices=AgeBand.choices, required=False, default="")
    concern_gender = serializers.CharField(max_length=40, required=False, default="", allow_blank=True)
    concern_region = serializers.CharField(max_length=100, required=False, default="", allow_blank=True)
    ideologies = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    ideology_unclear = serializers.BooleanField(default=False)
    signs = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    needs = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    coaching_topics = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    resources_given = serializers.ListField(child=serializers.UUIDField(), required=False, default=list)
    openings = serializers.CharField(max_length=4000, required=False, default="", allow_blank=True)
    summary = serializers.CharField(max_length=20000, required=False, default="", allow_blank=True)
    immediate_danger = serializers.BooleanField(default=False)
    threat_to_others = serializers.BooleanField(default=False)
    self_harm = serializers.BooleanField(default=False)
    vulnerable_at_risk = serializers.BooleanField(default=False)
    leave_unassigned = serializers.BooleanField(default=False, help_text="Leave it for the team to claim.")
    help_request = serializers.UUIDField(required=False, allow_null=True, default=None,
                                         help_text="The web request (claimed by you) this contact calls back; "
                                                   "it is answered and leaves the queue.")


class HelplineContactOut(serializers.Serializer):
    id = serializers.UUIDField()
    reference = serializers.CharField()
    received_at = serializers.DateTimeField()
    channel = serializers.CharField()
    inbound = serializers.BooleanField()
    caller_relationship = serializers.CharField()
    caller_name = serializers.CharField(allow_null=True)
    caller_phone = serializers.CharField(allow_null=True)
    caller_email = serializers.CharField(allow_null=True)
    concern_name = serializers.CharField(allow_null=True)
    concern_age_band = serializers.CharField()
    concern_gender = serializers.CharField()
    concern_region = serializers.CharField()
    ideology_unclear = serializers.BooleanField()
    openings = serializers.CharField(allow_null=True)
    summary = serializers.CharField(allow_null=True)
    immediate_danger = serializers.BooleanField()
    threat_to_others = serializers.BooleanField()
    self_harm = serializers.BooleanField()
    vulnerable_at_risk = serializers.BooleanField()
    safety_concern = serializers.BooleanField()
    emergency_alerted_at = serializers.DateTimeField(allow_null=True)
    consulted_at = serializers.DateTimeField(allow_null=True)
    responder = serializers.IntegerField(source="responder_id")
    assigned_to = serializers.IntegerField(source="assigned_to_id", allow_null=True,
                                           help_text="User id of who takes it forward; null while unassigned.")
    case = serializers.UUIDField(source="case_id", allow_null=True)


class FollowUpIn(serializers.Serializer):
    due_at = serializers.DateTimeField()
    assignee_email = serializers.EmailField(required=False, default="", allow_blank=True)
    note = serializers.CharField(max_length=2000, required=False, default="", allow_blank=True)


class FollowUpOut(serializers.Serializer):
    id = serializers.UUIDField()
    contact = serializers.UUIDField(source="contact_id")
    assigned_to = serializers.IntegerField(source="assigned_to_id")
    due_at = serializers.DateTimeField()
    done_at = serializers.DateTimeField(allow_null=True)


class ContactAddendumIn(serializers.Serializer):
    text = serializers.CharField(max_length=8000)
    resource_ids = serializers.ListField(child=serializers.UUIDField(), required=False, default=list,
                                         help_text="Directory entries sent afterwards; added to the resources given.")


class ContactAddendumOut(serializers.Serializer):
    id = serializers.UUIDField()
    contact = serializers.UUIDField(source="contact_id")
    author = serializers.IntegerField(source="author_id")
    text = serializers.CharField()
    resources_added = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()

    def get_resources_added(self, addendum) -> list[str]:
        return [str(r.pk) for r in addendum.resources_added.all()]


class AssignIn(serializers.Serializer):
    assignee_email = serializers.EmailField()


class MergeIn(serializers.Serializer):
    duplicate_reference = serializers.CharField(max_length=24)
    reason = serializers.CharField(max_length=1000)


class ContactMergeOut(serializers.Serializer):
    id = serializers.UUIDField()
    survivor = serializers.UUIDField(source="survivor_id")
    duplicate = serializers.UUIDField(source="duplicate_id")
    merged_at = serializers.DateTimeField()
    carried = serializers.ListField(child=serializers.CharField())


REACH_FIELDS = ("name", "phone", "email", "when_to_reach", "worry")


class HelpRequestOut(serializers.Serializer):
    """A public call-back request. How to reach the person, and what worries them, only for the
    responder who claimed it (as on the page)."""

    id = serializers.UUIDField()
    reference = serializers.CharField()
    created_at = serializers.DateTimeField()
    status = serializers.CharField()
    language = serializers.CharField()
    claimed_by = serializers.IntegerField(source="claimed_by_id", allow_null=True)
    claimed_at = serializers.DateTimeField(allow_null=True)
    contact = serializers.UUIDField(source="contact_id", allow_null=True, help_text="The contact that answered it.")
    name = serializers.CharField(allow_null=True, required=False)
    phone = serializers.CharField(allow_null=True, required=False)
    email = serializers.CharField(allow_null=True, required=False)
    when_to_reach = serializers.CharField(allow_null=True, required=False)
    worry = serializers.CharField(allow_null=True, required=False)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if instance.claimed_by_id != self.context.get("user_id"):
            for field in REACH_FIELDS:
                data.pop(field, None)
        return data

from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    """Assessments of the people on a case, on the instrument engine (issue 11)."""

    name = "offramp.assessments"
    label = "assessments"

    def ready(self) -> None:
        from offramp.cases import sections
        from offramp.instruments.subjects import register_subject

        from . import (
            demo,
            permissions,  # noqa: F401 - declares what its roles may do
            selectors,
        )

        register_subject(selectors.SUBJECT, can_read=selectors.assessment_readable,
                         can_write=selectors.assessment_writable, describe=selectors.assessment_reference,
                         url=selectors.assessment_url, completed_by_owner=True)
        sections.register(sections.CaseSection("assessments/case_section.html", context=selectors.case_section,
                                               order=10))
        demo.register()

        from offramp.core import record_labels

        from . import audit_labels

        for kind in audit_labels.KINDS:  # how the audit trail names its records
            record_labels.register(kind)

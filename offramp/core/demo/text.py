"""Invented, non-identifying sentences for demo notes. No real person or case is described."""

NOTE_SENTENCES = [
    "Met at the usual café; we talked about the job application and the interview next week.",
    "Mother called: her son has been spending nights online again and skipped two shifts.",
    "Discussed what he gets from the group chat: belonging, and somewhere to put his anger.",
    "She asked for help finding a counsellor who speaks Spanish; gave two options from the directory.",
    "Talked through the argument with his sister and what he wants to say when they next meet.",
    "He said he has muted the channel for a week and felt calmer, but slept badly.",
    "Reviewed the wellness plan: sleep and exercise goals met, finances still stressful.",
    "Father worried about new friends and a trip planned for the weekend; coached him on open questions.",
    "Short check-in by text; confirmed Thursday's meeting and the bus route.",
    "Probation officer confirmed attendance at the community course; shared with consent.",
    "She described feeling watched by former contacts; safety plan reviewed and phone numbers updated.",
    "Celebrated the first month of the apprenticeship; he brought the certificate to show.",
    "Teacher reported posters drawn in class; agreed a joint meeting with the school counsellor.",
    "We talked about music and football for most of the hour; trust is building.",
    "He was quiet and tired; agreed to talk again tomorrow rather than push today.",
]

CASE_SUMMARIES = [
    "Parent worried about a teenager's online radicalisation; family coaching requested.",
    "Young adult wants to leave a movement after seven years; needs housing and work.",
    "School referral after threatening drawings; prevention work with the family.",
    "Sibling called about a brother's new circle and weapons talk; assessment under way.",
    "Self-referral via the web form; wants a mentor who has been through it.",
]

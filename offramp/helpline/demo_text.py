"""Invented, non-identifying texts for the helpline's demo: directory, vocabularies, guidance,
contact summaries, reviews, web requests and survey comments. No real person or case is described."""

# Invented partner services for the demo directory: (name, category, languages, region, offer, eligibility, how to refer);
# {crisis} is the organisation's crisis line.
DIRECTORY = [
    ("Crisis Line ({crisis})", "emergency", "English, Spanish", "Nationwide", "24/7 suicide and crisis support by call, text or chat.", "Anyone in distress", "Call or text {crisis}"),
    ("Harborview Family Counselling", "mental_health", "English, Spanish", "County", "Sliding-scale family and individual therapy; trauma-informed.", "Families with a member aged 12+", "Phone intake; mention Offramp for priority"),
    ("Second Chance Employment Network", "employment", "English", "Metro area", "Job coaching, CV help and employer introductions for people with records.", "Adults 18+", "E-mail a referral form with consent"),
    ("Northside Youth Centre", "youth", "English, Spanish, Arabic", "North district", "After-school programs, sport and mentoring.", "Ages 12 to 21", "Walk in or call the front desk"),
    ("Legal Aid Clinic", "legal", "English, Spanish", "County", "Free advice on criminal records, housing and family law.", "Low income residents", "Book online or by phone"),
    ("New Leaf Recovery Services", "substance_use", "English", "State", "Outpatient treatment and peer recovery groups.", "Adults 18+", "Self-referral or warm hand-off"),
    ("Open Doors Housing Support", "housing", "English, Spanish", "City", "Emergency shelter placement and tenancy support.", "Adults and families at risk of homelessness", "Call the intake line before noon"),
    ("Interfaith Community Circle", "faith", "English", "City", "Dialogue groups and community service projects across faiths.", "Everyone welcome", "Come to any Tuesday evening meeting"),
    ("Survivors First", "victim_support", "English, Spanish", "County", "Support for people harmed by hate crimes and violence.", "Victims and witnesses", "Confidential phone line"),
    ("Community College Re-entry Office", "education", "English, Spanish", "County", "GED, enrolment help and fee waivers.", "Adults without a diploma or returning students", "E-mail the re-entry coordinator"),
]

IDEOLOGIES = ["White supremacist / neo-Nazi", "Anti-government / militia", "Islamist", "Incel / misogynist",
              "Conspiracy-driven", "Left-wing militant", "Mixed (several movements)"]
SIGNS = ["Heavy online consumption", "New social circle", "Withdrawal from family", "Dehumanising language",
         "Threats", "Interest in weapons", "Travel plans", "Symbols or tattoos"]
NEEDS = ["Anxiety", "Trauma", "Mental health", "Isolation", "Grief", "Substance use", "Unemployment", "Bullying"]
COACHING_TOPICS = ["Keeping the conversation open", "Asking curious questions", "Not arguing about ideology",
                   "Self-care for the family", "Safety planning", "When to involve professionals"]
GUIDANCE = {
    "Interest in weapons": "Ask calmly whether there are weapons at home and who can reach them. "
                           "If a plan or a date is mentioned, take the emergency path.",
    "Isolation": "Help the family find one activity or person the young person still enjoys; "
                 "invite, do not insist.",
    "Incel / misogynist": "Avoid mocking the ideas; ask about loneliness and rejection. "
                          "Point the family to the mental-health resources in the directory.",
    "Withdrawal from family": "Keep the door open: regular low-pressure contact (meals, lifts) "
                              "matters more than one big conversation.",
}
# {emergency} and {crisis}: the organisation's own numbers (Organization.emergency_number, crisis_line).
EMERGENCY_GUIDANCE = ("If anyone is in immediate danger: tell the caller to call {emergency} now, or call it yourself.\n"
                      "Risk of suicide: connect the caller with {crisis} (call or text) and stay on the line.\n"
                      "Then page the on-call supervisor and record the consultation on this contact.")
CONTACT_SUMMARIES = [
    "Mother worried about her son's new online friends and late nights; coached on keeping conversations open.",
    "Teacher reported drawings and slogans in class; discussed how to talk with the student and the family.",
    "Sister says her brother has stopped seeing old friends and shares hateful memes; wants to know what to do.",
    "Father asked for help after finding a manifesto printout in his daughter's room.",
    "Partner describes growing anger and talk of 'preparing'; safety questions asked.",
    "Caller wanted information only; will call back after talking with the family.",
]

REVIEW_FEEDBACK = [
    "Warm, patient call: you let the mother finish before asking questions. Next time, ask the self-harm "
    "question directly rather than hinting at it.",
    "Good safety triage and a clear next step. The note mixes what was said with your impressions; keep "
    "impressions out of the record.",
    "You found a real opening (the grandmother). Consider offering the family-support group from the directory.",
]
WEB_REQUEST_WORRIES = [
    "My nephew has started repeating things from a forum and talks about 'the coming war'. I don't know who to ask.",
    "A pupil in my class wrote a speech full of hateful slogans. I'd like advice before I talk to the parents.",
    "My daughter's boyfriend is pulling her into a group online. She has stopped talking to us.",
]

# Anonymous survey comments: general, never naming anyone.
SURVEY_COMMENTS = [
    "",
    "",
    "It helped to talk to someone who did not judge us.",
    "I have a plan for the next conversation with my son.",
    "The call-back came quicker than I expected.",
    "I would have liked more time on the phone.",
    "Useful list of places to get help near us.",
]

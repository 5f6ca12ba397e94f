"""Word lists and shapes for the demo-trust generator (all fictional).

Kept apart from ``demo.py`` so the generator's logic reads without scrolling past vocabularies,
and so a reviewer can check in one place that nothing here names a real person, patient or
organisation: the trust, its sites and the e-mail domain (``.example``) are made up, and people
are random pairings of common first and last names.
"""

from __future__ import annotations

from dataclasses import dataclass

from vpr_desktop.domain.enums import ControlType as C
from vpr_desktop.domain.enums import IncidentType as T
from vpr_desktop.domain.enums import PerpetratorType as P
from vpr_desktop.domain.enums import SettingType as S

TRUST_NAME = "Northmoor Health NHS Foundation Trust"
TRUST_SHORT = "Northmoor Health"
EMAIL_DOMAIN = "northmoor-health.example"
VPD_CODE = "457"  # the trust's ESR VPD code, first token of local competency names

FIRST_NAMES = (
    "Olivia",
    "Amelia",
    "Isla",
    "Ava",
    "Mia",
    "Grace",
    "Sophie",
    "Emily",
    "Chloe",
    "Lucy",
    "Hannah",
    "Ellie",
    "Jessica",
    "Rachel",
    "Sarah",
    "Laura",
    "Rebecca",
    "Claire",
    "Joanne",
    "Helen",
    "Karen",
    "Priya",
    "Aisha",
    "Fatima",
    "Zainab",
    "Ngozi",
    "Chiamaka",
    "Adaeze",
    "Kemi",
    "Funmi",
    "Mercy",
    "Blessing",
    "Maria",
    "Ana",
    "Joanna",
    "Agnieszka",
    "Katarzyna",
    "Siobhan",
    "Niamh",
    "Aoife",
    "Megan",
    "Bethan",
    "Rhian",
    "Sian",
    "Kirsty",
    "Leanne",
    "Gemma",
    "Natalie",
    "Zoe",
    "Anjali",
    "Deepa",
    "Harpreet",
    "Simran",
    "Noor",
    "Mariam",
    "Yasmin",
    "Leah",
    "Esther",
    "Ruth",
    "Abigail",
    "Oliver",
    "George",
    "Harry",
    "Jack",
    "Jacob",
    "Noah",
    "Charlie",
    "Thomas",
    "James",
    "William",
    "Daniel",
    "Matthew",
    "David",
    "Michael",
    "Paul",
    "Mark",
    "Andrew",
    "Stephen",
    "Richard",
    "Robert",
    "Peter",
    "Chris",
    "Ben",
    "Sam",
    "Tom",
    "Joe",
    "Ryan",
    "Liam",
    "Connor",
    "Callum",
    "Rhys",
    "Owen",
    "Dylan",
    "Mohammed",
    "Ahmed",
    "Ali",
    "Omar",
    "Yusuf",
    "Imran",
    "Raj",
    "Arjun",
    "Sanjay",
    "Vikram",
    "Amit",
    "Chinedu",
    "Emeka",
    "Tunde",
    "Kwame",
    "Kofi",
    "Tomasz",
    "Piotr",
    "Marek",
    "Jose",
    "Carlos",
    "Luis",
    "Sean",
    "Ciaran",
    "Declan",
    "Ewan",
    "Fraser",
)

LAST_NAMES = (
    "Smith",
    "Jones",
    "Williams",
    "Taylor",
    "Brown",
    "Davies",
    "Evans",
    "Wilson",
    "Thomas",
    "Johnson",
    "Roberts",
    "Robinson",
    "Thompson",
    "Wright",
    "Walker",
    "White",
    "Edwards",
    "Hughes",
    "Green",
    "Hall",
    "Lewis",
    "Harris",
    "Clarke",
    "Patel",
    "Jackson",
    "Wood",
    "Turner",
    "Martin",
    "Cooper",
    "Hill",
    "Ward",
    "Morris",
    "Moore",
    "Clark",
    "Lee",
    "King",
    "Baker",
    "Harrison",
    "Morgan",
    "Allen",
    "James",
    "Scott",
    "Phillips",
    "Watson",
    "Davis",
    "Parker",
    "Price",
    "Bennett",
    "Young",
    "Griffiths",
    "Mitchell",
    "Kelly",
    "Cook",
    "Carter",
    "Richardson",
    "Bailey",
    "Collins",
    "Bell",
    "Shaw",
    "Murphy",
    "Miller",
    "Cox",
    "Richards",
    "Khan",
    "Marshall",
    "Anderson",
    "Simpson",
    "Ellis",
    "Adams",
    "Singh",
    "Begum",
    "Wilkinson",
    "Foster",
    "Chapman",
    "Powell",
    "Webb",
    "Rogers",
    "Gray",
    "Mason",
    "Ali",
    "Hunt",
    "Hussain",
    "Campbell",
    "Matthews",
    "Owen",
    "Palmer",
    "Holmes",
    "Mills",
    "Barnes",
    "Knight",
    "Lloyd",
    "Butler",
    "Russell",
    "Barker",
    "Fisher",
    "Stevens",
    "Jenkins",
    "Murray",
    "Dixon",
    "Harvey",
    "Okafor",
    "Adeyemi",
    "Mensah",
    "Osei",
    "Nowak",
    "Kowalski",
    "Fernandes",
    "Santos",
    "Sharma",
    "Kaur",
    "Ahmed",
    "Rahman",
    "Chowdhury",
    "Nguyen",
    "Chen",
    "O'Brien",
    "Byrne",
    "MacDonald",
    "Fraser",
    "Reid",
)

# The nine ESR staff groups: (code, name, ESR label, clinical).
STAFF_GROUPS = (
    ("ACS", "Additional Clinical Services", "Additional Clinical Services", True),
    (
        "APST",
        "Additional Professional Scientific and Technical",
        "Add Prof Scientific and Technic",
        True,
    ),
    ("ADMIN", "Administrative and Clerical", "Administrative and Clerical", False),
    ("AHP", "Allied Health Professionals", "Allied Health Professionals", True),
    ("EST", "Estates and Ancillary", "Estates and Ancillary", False),
    ("HCS", "Healthcare Scientists", "Healthcare Scientists", True),
    ("MED", "Medical and Dental", "Medical and Dental", True),
    ("NMR", "Nursing and Midwifery Registered", "Nursing and Midwifery Registered", True),
    ("STU", "Students", "Students", True),
)
ALL_GROUPS = tuple(g[0] for g in STAFF_GROUPS)
CLINICAL_GROUPS = tuple(g[0] for g in STAFF_GROUPS if g[3])

# Job titles per staff group: (title, weight, counts as a manager for owning risks/actions).
JOB_TITLES: dict[str, tuple[tuple[str, int, bool], ...]] = {
    "ACS": (
        ("Healthcare Assistant", 6, False),
        ("Support Worker", 5, False),
        ("Emergency Medical Technician", 2, False),
        ("Assistant Practitioner", 2, False),
    ),
    "APST": (
        ("Clinical Psychologist", 4, False),
        ("Pharmacist", 3, False),
        ("Psychology Lead", 1, True),
    ),
    "ADMIN": (
        ("Receptionist", 4, False),
        ("Ward Clerk", 3, False),
        ("Call Handler", 4, False),
        ("Medical Secretary", 2, False),
        ("Service Manager", 1, True),
        ("Business Manager", 1, True),
    ),
    "AHP": (
        ("Occupational Therapist", 4, False),
        ("Physiotherapist", 3, False),
        ("Paramedic", 4, False),
        ("Team Leader", 1, True),
    ),
    "EST": (
        ("Security Officer", 4, False),
        ("Porter", 4, False),
        ("Catering Assistant", 3, False),
        ("Car Park Attendant", 2, False),
        ("Facilities Manager", 1, True),
    ),
    "HCS": (("Clinical Physiologist", 3, False), ("Biomedical Scientist", 2, False)),
    "MED": (
        ("Consultant", 3, True),
        ("Specialty Doctor", 3, False),
        ("Foundation Doctor", 3, False),
        ("GP", 2, False),
    ),
    "NMR": (
        ("Staff Nurse", 8, False),
        ("Charge Nurse", 3, False),
        ("Ward Manager", 1, True),
        ("Matron", 1, True),
        ("Community Mental Health Nurse", 2, False),
    ),
    "STU": (("Student Nurse", 4, False), ("Student Paramedic", 1, False)),
}


@dataclass(frozen=True)
class SettingSpec:
    """How one setting type looks in the demo trust (sizes are relative weights)."""

    abbr: str
    places: tuple[tuple[str, str], ...]  # (location name, directorate), used in turn per site
    locations: tuple[int, int]  # how many locations: (small, large)
    headcount: int  # relative headcount of one location
    incident_rate: float  # incidents per head, relative
    staff_mix: dict[str, int]  # staff-group code -> weight
    incident_mix: dict[T, int]
    perpetrators: dict[P, int]
    clinical_share: float  # share of patient incidents linked to illness / lack of capacity


_MH = "Mental Health Inpatient Services"
_UEC = "Urgent and Emergency Care"
_IUC = "Integrated Urgent Care"
_FAC = "Estates and Facilities"

SETTINGS: dict[S, SettingSpec] = {
    S.INPATIENT_MENTAL_HEALTH: SettingSpec(
        "MH",
        tuple(
            (f"{tree} Ward ({kind})", _MH)
            for tree, kind in zip(
                (
                    "Rowan",
                    "Hazel",
                    "Birch",
                    "Willow",
                    "Aspen",
                    "Cedar",
                    "Elm",
                    "Juniper",
                    "Maple",
                    "Oak",
                    "Poplar",
                    "Sycamore",
                    "Yew",
                    "Alder",
                    "Beech",
                    "Holly",
                    "Linden",
                    "Hawthorn",
                    "Ash",
                    "Cherry",
                    "Pine",
                    "Spruce",
                ),
                (
                    "Adult Acute",
                    "PICU",
                    "Older Adult",
                    "Forensic Low Secure",
                    "Rehabilitation",
                    "Adult Acute",
                    "Eating Disorders",
                    "Adult Acute",
                    "Older Adult",
                    "PICU",
                    "Forensic Medium Secure",
                )
                * 2,
                strict=True,
            )
        ),
        (6, 22),
        30,
        10.0,
        {"NMR": 35, "ACS": 40, "MED": 5, "AHP": 5, "APST": 4, "ADMIN": 4, "EST": 2, "STU": 5},
        {
            T.PHYSICAL: 45,
            T.VERBAL: 24,
            T.THREATENING: 15,
            T.ATTEMPTED_ASSAULT: 6,
            T.SEXUAL: 6,
            T.HATE_MOTIVATED: 3,
            T.STALKING_HARASSMENT: 1,
        },
        {P.PATIENT: 92, P.RELATIVE_VISITOR: 3, P.COLLEAGUE: 2, P.UNKNOWN: 3},
        0.7,
    ),
    S.EMERGENCY_DEPARTMENT: SettingSpec(
        "ED",
        (
            ("Emergency Department", _UEC),
            ("Urgent Treatment Centre", _UEC),
            ("Children's Emergency Department", _UEC),
            ("Clinical Decision Unit", _UEC),
        ),
        (2, 6),
        120,
        5.0,
        {"NMR": 38, "MED": 20, "ACS": 20, "ADMIN": 10, "EST": 5, "AHP": 3, "HCS": 1, "STU": 3},
        {
            T.VERBAL: 40,
            T.PHYSICAL: 25,
            T.THREATENING: 20,
            T.ATTEMPTED_ASSAULT: 5,
            T.SEXUAL: 4,
            T.HATE_MOTIVATED: 5,
            T.ONLINE: 1,
        },
        {P.PATIENT: 70, P.RELATIVE_VISITOR: 20, P.PUBLIC: 5, P.COLLEAGUE: 2, P.UNKNOWN: 3},
        0.3,
    ),
    S.ACUTE_WARD: SettingSpec(
        "AW",
        tuple(
            (f"Ward {n} ({spec})", d)
            for n, (spec, d) in enumerate(
                (
                    ("Acute Medicine", "Medicine"),
                    ("Elderly Care", "Medicine"),
                    ("General Surgery", "Surgery"),
                    ("Respiratory", "Medicine"),
                    ("Trauma and Orthopaedics", "Surgery"),
                    ("Stroke", "Medicine"),
                    ("Cardiology", "Medicine"),
                    ("Gastroenterology", "Medicine"),
                    ("Urology", "Surgery"),
                    ("Renal", "Medicine"),
                    ("Paediatrics", "Women and Children"),
                    ("Maternity", "Women and Children"),
                    ("Acute Medical Unit", "Medicine"),
                    ("Surgical Assessment", "Surgery"),
                    ("Oncology", "Medicine"),
                    ("Frailty", "Medicine"),
                    ("Diabetes and Endocrine", "Medicine"),
                    ("Vascular", "Surgery"),
                    ("Neurology", "Medicine"),
                    ("Short Stay", "Medicine"),
                ),
                start=1,
            )
        ),
        (6, 36),
        35,
        1.5,
        {"NMR": 40, "ACS": 30, "MED": 12, "AHP": 8, "ADMIN": 5, "HCS": 2, "EST": 2, "STU": 3},
        {
            T.VERBAL: 40,
            T.PHYSICAL: 30,
            T.THREATENING: 15,
            T.ATTEMPTED_ASSAULT: 5,
            T.SEXUAL: 5,
            T.HATE_MOTIVATED: 5,
        },
        {P.PATIENT: 75, P.RELATIVE_VISITOR: 18, P.COLLEAGUE: 3, P.MANAGER: 1, P.UNKNOWN: 3},
        0.6,
    ),
    S.COMMUNITY: SettingSpec(
        "CM",
        tuple(
            (f"{svc} – {area}", d)
            for area in ("North", "South", "East", "West")
            for svc, d in (
                ("District Nursing", "Community Services"),
                ("Community Mental Health Team", "Community Mental Health"),
                ("Crisis Resolution and Home Treatment", "Community Mental Health"),
                ("Health Visiting", "Children and Families"),
                ("Community Therapy", "Community Services"),
            )
        ),
        (6, 30),
        25,
        1.0,
        {"NMR": 40, "AHP": 20, "ACS": 15, "ADMIN": 12, "APST": 6, "MED": 5, "STU": 2},
        {
            T.VERBAL: 35,
            T.THREATENING: 25,
            T.PHYSICAL: 10,
            T.STALKING_HARASSMENT: 10,
            T.ONLINE: 8,
            T.SEXUAL: 5,
            T.HATE_MOTIVATED: 7,
        },
        {P.PATIENT: 55, P.RELATIVE_VISITOR: 25, P.PUBLIC: 12, P.COLLEAGUE: 3, P.UNKNOWN: 5},
        0.3,
    ),
    S.AMBULANCE_CALL_HANDLING: SettingSpec(
        "CH",
        (
            ("NHS 111 Call Centre", _IUC),
            ("999 Emergency Operations Centre", _IUC),
            ("Clinical Assessment Service", _IUC),
            ("111 Online Clinical Hub", _IUC),
        ),
        (2, 4),
        80,
        2.0,
        {"ADMIN": 55, "NMR": 20, "ACS": 12, "AHP": 8, "MED": 3, "STU": 2},
        {T.VERBAL: 68, T.THREATENING: 16, T.SEXUAL: 5, T.HATE_MOTIVATED: 8, T.ONLINE: 3},
        {P.PATIENT: 45, P.PUBLIC: 40, P.RELATIVE_VISITOR: 12, P.UNKNOWN: 3},
        0.1,
    ),
    S.AMBULANCE_FRONTLINE: SettingSpec(
        "AF",
        tuple(
            (name, "Ambulance Operations")
            for name in (
                "Ambulance Station – Northmoor",
                "Ambulance Station – Fellside",
                "Hazardous Area Response Team",
                "Patient Transport Service",
                "Ambulance Station – Harrowfield",
                "Ambulance Station – Wexcombe",
                "Rapid Response Vehicles",
                "Ambulance Station – Moorgate",
                "Ambulance Station – Ashby Bridge",
                "Ambulance Station – Kestrel Brook",
            )
        ),
        (2, 10),
        60,
        3.0,
        {"AHP": 50, "ACS": 38, "ADMIN": 5, "EST": 4, "STU": 3},
        {
            T.PHYSICAL: 30,
            T.VERBAL: 35,
            T.THREATENING: 20,
            T.ATTEMPTED_ASSAULT: 5,
            T.SEXUAL: 5,
            T.HATE_MOTIVATED: 5,
        },
        {P.PATIENT: 65, P.RELATIVE_VISITOR: 15, P.PUBLIC: 15, P.UNKNOWN: 5},
        0.4,
    ),
    S.PRIMARY_CARE: SettingSpec(
        "PC",
        (
            ("GP Out-of-Hours Service", "Primary Care"),
            ("Walk-in Centre", "Primary Care"),
            ("Minor Injuries Unit", "Primary Care"),
            ("Urgent Dental Service", "Primary Care"),
        ),
        (2, 8),
        20,
        1.0,
        {"MED": 25, "NMR": 30, "ADMIN": 35, "ACS": 10},
        {
            T.VERBAL: 50,
            T.THREATENING: 25,
            T.PHYSICAL: 5,
            T.ONLINE: 10,
            T.HATE_MOTIVATED: 5,
            T.STALKING_HARASSMENT: 5,
        },
        {P.PATIENT: 60, P.RELATIVE_VISITOR: 20, P.PUBLIC: 15, P.UNKNOWN: 5},
        0.1,
    ),
    S.PRISON_HEALTHCARE: SettingSpec(
        "PR",
        (
            ("HMP Kestrel Fell Healthcare Unit", "Health and Justice"),
            ("Prison In-Reach Mental Health", "Health and Justice"),
            ("Prison Substance Misuse Service", "Health and Justice"),
        ),
        (1, 3),
        40,
        4.0,
        {"NMR": 40, "ACS": 20, "MED": 10, "APST": 10, "ADMIN": 15, "AHP": 5},
        {
            T.PHYSICAL: 35,
            T.VERBAL: 30,
            T.THREATENING: 25,
            T.ATTEMPTED_ASSAULT: 5,
            T.SEXUAL: 3,
            T.HATE_MOTIVATED: 2,
        },
        {P.PATIENT: 95, P.COLLEAGUE: 2, P.UNKNOWN: 3},
        0.35,
    ),
    S.LEARNING_DISABILITY: SettingSpec(
        "LD",
        tuple(
            (name, "Learning Disability Services")
            for name in (
                "Larch Unit (LD Assessment and Treatment)",
                "Community Learning Disability Team",
                "Heron House (LD Respite)",
                "Kingfisher Unit (LD Forensic)",
                "Positive Behaviour Support Team",
                "Community LD Team – South",
            )
        ),
        (2, 6),
        30,
        7.0,
        {"ACS": 45, "NMR": 30, "AHP": 10, "APST": 10, "ADMIN": 5},
        {T.PHYSICAL: 65, T.ATTEMPTED_ASSAULT: 10, T.VERBAL: 15, T.THREATENING: 5, T.SEXUAL: 5},
        {P.PATIENT: 95, P.RELATIVE_VISITOR: 3, P.UNKNOWN: 2},
        0.9,
    ),
    S.NON_CLINICAL_SUPPORT: SettingSpec(
        "NC",
        (
            ("Main Reception", _FAC),
            ("Car Parks", _FAC),
            ("Security", _FAC),
            ("Catering", _FAC),
            ("Estates and Maintenance", _FAC),
            ("Portering", _FAC),
            ("Switchboard", "Corporate Services"),
            ("Patient Advice and Liaison Service", "Corporate Services"),
        ),
        (7, 30),
        25,
        0.6,
        {"EST": 60, "ADMIN": 40},
        {
            T.VERBAL: 45,
            T.THREATENING: 30,
            T.PHYSICAL: 10,
            T.HATE_MOTIVATED: 8,
            T.ONLINE: 2,
            T.STALKING_HARASSMENT: 5,
        },
        {P.PUBLIC: 45, P.RELATIVE_VISITOR: 30, P.PATIENT: 15, P.COLLEAGUE: 5, P.UNKNOWN: 5},
        0.1,
    ),
}

# Sites: (code, name, setting types hosted). Every setting type is hosted by some site.
_ALL_SETTINGS = tuple(S)
SITES_SMALL = (
    (
        "NGH",
        "Northmoor General Hospital",
        (S.EMERGENCY_DEPARTMENT, S.ACUTE_WARD, S.NON_CLINICAL_SUPPORT),
    ),
    (
        "FMH",
        "Fellside Mental Health Centre",
        (S.INPATIENT_MENTAL_HEALTH, S.LEARNING_DISABILITY, S.NON_CLINICAL_SUPPORT),
    ),
    (
        "MGH",
        "Moorgate House",
        (
            S.COMMUNITY,
            S.AMBULANCE_CALL_HANDLING,
            S.AMBULANCE_FRONTLINE,
            S.PRIMARY_CARE,
            S.PRISON_HEALTHCARE,
            S.NON_CLINICAL_SUPPORT,
        ),
    ),
)
SITES_LARGE = (
    (
        "NGH",
        "Northmoor General Hospital",
        (S.EMERGENCY_DEPARTMENT, S.ACUTE_WARD, S.NON_CLINICAL_SUPPORT),
    ),
    (
        "ABH",
        "Ashby Bridge Hospital",
        (S.EMERGENCY_DEPARTMENT, S.ACUTE_WARD, S.NON_CLINICAL_SUPPORT),
    ),
    ("FMH", "Fellside Mental Health Centre", (S.INPATIENT_MENTAL_HEALTH, S.NON_CLINICAL_SUPPORT)),
    (
        "KBU",
        "Kestrel Brook Unit",
        (S.INPATIENT_MENTAL_HEALTH, S.LEARNING_DISABILITY, S.NON_CLINICAL_SUPPORT),
    ),
    ("MGH", "Moorgate House", (S.COMMUNITY, S.PRIMARY_CARE, S.NON_CLINICAL_SUPPORT)),
    (
        "HEO",
        "Harrowfield Emergency Operations Centre",
        (S.AMBULANCE_CALL_HANDLING, S.AMBULANCE_FRONTLINE, S.NON_CLINICAL_SUPPORT),
    ),
    ("HKF", "HMP Kestrel Fell (Healthcare)", (S.PRISON_HEALTHCARE,)),
    (
        "WCH",
        "Wexcombe Community Hospital",
        (S.COMMUNITY, S.PRIMARY_CARE, S.ACUTE_WARD, S.NON_CLINICAL_SUPPORT),
    ),
)

# Courses: (code, name, refresher months, ESR competency names, RRN certified).
COURSES = (
    ("CR", "Conflict Resolution (CSTF)", 36, ("NHS|CSTF|Conflict Resolution|3 Years|",), False),
    (
        "DEESC",
        "De-escalation Skills",
        24,
        (f"{VPD_CODE}|LOCAL|De-escalation Skills|2 Years|",),
        False,
    ),
    ("BRK", "Breakaway Techniques", 12, (f"{VPD_CODE}|LOCAL|Breakaway Techniques|1 Year|",), False),
    (
        "RI",
        "Restrictive Intervention (RRN certified)",
        12,
        (
            f"{VPD_CODE}|LOCAL|Restrictive Intervention - RRN Certified|1 Year|",
            f"{VPD_CODE}|LOCAL|PMVA Annual Update|",
        ),
        True,
    ),
    ("LONE", "Lone Working", 36, (f"{VPD_CODE}|LOCAL|Lone Working - 3 Years|",), False),
    (
        "PSA",
        "Personal Safety Awareness",
        24,
        (f"{VPD_CODE}|LOCAL|Personal Safety Awareness|",),
        False,
    ),
)

# Training-needs analysis: (course code, settings, staff groups, rationale). A cell is made only
# where the setting actually employs that staff group.
REQUIREMENTS = (
    ("CR", _ALL_SETTINGS, ALL_GROUPS, "CSTF statutory/mandatory subject for all staff"),
    (
        "DEESC",
        (
            S.INPATIENT_MENTAL_HEALTH,
            S.EMERGENCY_DEPARTMENT,
            S.LEARNING_DISABILITY,
            S.PRISON_HEALTHCARE,
            S.AMBULANCE_FRONTLINE,
            S.ACUTE_WARD,
        ),
        (*CLINICAL_GROUPS, "EST"),
        "High-incidence setting (last two years' incident data)",
    ),
    (
        "BRK",
        (
            S.INPATIENT_MENTAL_HEALTH,
            S.LEARNING_DISABILITY,
            S.PRISON_HEALTHCARE,
            S.EMERGENCY_DEPARTMENT,
            S.COMMUNITY,
        ),
        ("ACS", "NMR", "AHP", "MED", "STU"),
        "Risk of physical assault in face-to-face care",
    ),
    (
        "RI",
        (S.INPATIENT_MENTAL_HEALTH, S.LEARNING_DISABILITY),
        ("ACS", "NMR", "AHP"),
        "Mental Health Units (Use of Force) Act 2018: RRN-certified training",
    ),
    (
        "LONE",
        (S.COMMUNITY, S.AMBULANCE_FRONTLINE, S.PRIMARY_CARE, S.NON_CLINICAL_SUPPORT),
        ALL_GROUPS,
        "Lone or remote working identified in risk assessment",
    ),
    (
        "PSA",
        (S.NON_CLINICAL_SUPPORT, S.AMBULANCE_CALL_HANDLING, S.PRIMARY_CARE),
        ("ADMIN", "EST"),
        "Public-facing non-clinical role",
    ),
)

# Post-incident support pathway: (step type, label, due hours after report, applies to).
# "all": every affected person; "serious": physical, sexual, threatening, hate or harm >=
# moderate; "absence": injury or time off; "reporter": once per incident (first person).
SUPPORT_PATHWAY = (
    ("manager_check_in", "Manager check-in", 24, "all"),
    ("trim_72h", "TRiM conversation (72 hours)", 72, "serious"),
    ("occupational_health_offer", "Occupational health offer", 168, "absence"),
    ("feedback_to_reporter", "Feedback to the reporter", 336, "reporter"),
    ("trim_28d", "TRiM follow-up (28 days)", 672, "serious"),
)

DESCRIPTIONS: dict[T, tuple[str, ...]] = {
    T.PHYSICAL: (
        "Staff member was punched while supporting a patient with personal care.",
        "Staff member was kicked during a planned intervention; de-escalation had been tried.",
        "Object thrown by a patient struck a staff member on the arm.",
        "Staff member was pushed against a wall in the corridor.",
        "Staff member was spat at; saliva landed on face and uniform.",
        "Staff member was bitten on the forearm while preventing a fall.",
        "Staff member was grabbed by the hair during a medication round.",
    ),
    T.VERBAL: (
        "Staff member was shouted at and sworn at over waiting times.",
        "Caller repeatedly used abusive language and ended the call.",
        "Visitor made abusive remarks to reception staff about a delay.",
        "Staff member received offensive comments during a home visit.",
    ),
    T.THREATENING: (
        "Staff member was threatened with violence after a request was refused.",
        "Person brandished a chair and made threats before leaving.",
        "Caller threatened to come to the site and harm staff.",
        "Visitor followed staff to the car park making intimidating remarks.",
    ),
    T.ATTEMPTED_ASSAULT: (
        "Patient swung a punch that missed the staff member.",
        "Object was thrown towards staff but did not make contact.",
        "Attempted spit at staff member; no contact made.",
    ),
    T.SEXUAL: (
        "Staff member was subjected to unwanted sexual comments.",
        "Staff member was touched inappropriately during an observation.",
        "Unwanted sexual remarks were made repeatedly during care.",
    ),
    T.HATE_MOTIVATED: (
        "Staff member was subjected to racist abuse.",
        "Homophobic remarks were directed at a staff member.",
        "Staff member received abuse targeting their religion.",
    ),
    T.ONLINE: (
        "Abusive messages about a named staff member were posted online.",
        "Staff member received threatening messages through social media.",
    ),
    T.STALKING_HARASSMENT: (
        "Staff member was repeatedly contacted and waited for outside work.",
        "Person attended the site on several occasions asking for a specific staff member.",
    ),
}

INJURIES = (
    "Bruising to forearm",
    "Scratches to hand",
    "Bite to arm, skin broken",
    "Soft-tissue injury",
    "Swelling to face",
    "Sprained wrist",
    "Cut to lip",
    "Back strain",
    "Head injury, no loss of consciousness",
)
SPECIFIED_INJURIES = (
    "Fractured wrist diagnosed in ED",
    "Fractured cheekbone",
    "Loss of consciousness after head injury",
)
HATE_STRANDS = {
    "race": 40,
    "religion": 14,
    "sexual_orientation": 15,
    "disability": 10,
    "transgender": 8,
    "sex": 13,
}  # strand -> relative frequency

# Values recorded with consent (NHS ethnic categories and staff-survey style bands).
CHARACTERISTIC_VALUES: dict[str, tuple[str, ...]] = {
    "age": ("16-24", "25-34", "35-44", "45-54", "55-64", "65+"),
    "sex": ("Female", "Male"),
    "race": (
        "White - British",
        "White - Any other White background",
        "Asian or Asian British - Indian",
        "Asian or Asian British - Pakistani",
        "Black or Black British - African",
        "Black or Black British - Caribbean",
        "Mixed - White and Black Caribbean",
        "Any other ethnic group",
    ),
    "religion_belief": (
        "Christianity",
        "No religion",
        "Islam",
        "Hinduism",
        "Sikhism",
        "Judaism",
        "Buddhism",
        "Prefer not to say",
    ),
    "sexual_orientation": ("Heterosexual", "Gay or Lesbian", "Bisexual", "Prefer not to say"),
    "disability": ("Yes", "No"),
}
STRAND_CHARACTERISTIC = {
    "race": "race",
    "religion": "religion_belief",
    "sexual_orientation": "sexual_orientation",
    "disability": "disability",
    "transgender": "gender_reassignment",
    "sex": "sex",
}

# Risk activities: (activity, settings where assessed, hazard text).
ACTIVITIES = (
    (
        "Lone working",
        (
            S.COMMUNITY,
            S.AMBULANCE_FRONTLINE,
            S.PRIMARY_CARE,
            S.NON_CLINICAL_SUPPORT,
            S.PRISON_HEALTHCARE,
        ),
        "Staff working alone without immediate support if a person becomes aggressive.",
    ),
    (
        "Restrictive intervention",
        (
            S.INPATIENT_MENTAL_HEALTH,
            S.LEARNING_DISABILITY,
            S.PRISON_HEALTHCARE,
            S.EMERGENCY_DEPARTMENT,
        ),
        "Injury to staff and patients during physical or mechanical restraint.",
    ),
    (
        "Home visits",
        (S.COMMUNITY, S.PRIMARY_CARE, S.LEARNING_DISABILITY),
        "Visits to homes where risk information may be incomplete.",
    ),
    (
        "ED waiting areas",
        (S.EMERGENCY_DEPARTMENT,),
        "Long waits and crowding leading to verbal abuse and assaults on staff.",
    ),
    (
        "Call handling abuse",
        (S.AMBULANCE_CALL_HANDLING,),
        "Abusive, threatening or sexual calls to call handlers and clinicians.",
    ),
    (
        "Car parks",
        (S.NON_CLINICAL_SUPPORT,),
        "Disputes over parking charges and staff walking to cars after dark.",
    ),
    (
        "Reception",
        (S.NON_CLINICAL_SUPPORT, S.PRIMARY_CARE, S.COMMUNITY, S.EMERGENCY_DEPARTMENT),
        "Front-of-house staff facing frustrated or intoxicated members of the public.",
    ),
    (
        "Enhanced observations",
        (S.INPATIENT_MENTAL_HEALTH, S.LEARNING_DISABILITY, S.ACUTE_WARD),
        "Close observation of patients who may become distressed or aggressive.",
    ),
    (
        "Patient transfers and escorts",
        (S.AMBULANCE_FRONTLINE, S.INPATIENT_MENTAL_HEALTH, S.PRISON_HEALTHCARE, S.ACUTE_WARD),
        "Escorting patients between sites or to court with limited support.",
    ),
    (
        "Night shift staffing",
        (S.ACUTE_WARD, S.INPATIENT_MENTAL_HEALTH, S.EMERGENCY_DEPARTMENT),
        "Reduced staffing at night delaying response to escalating behaviour.",
    ),
)

CONTROLS: dict[C, tuple[str, ...]] = {
    C.ENVIRONMENTAL: (
        "Airlock entry and door access control",
        "CCTV covering waiting area",
        "Fixed alarm call points in interview rooms",
        "Improved car park lighting",
    ),
    C.PROCEDURAL: (
        "Safety huddle at each shift handover",
        "Pre-visit risk check with the team",
        "Zero-tolerance letters for repeated abuse",
        "Call termination procedure",
    ),
    C.STAFFING: (
        "Two staff for visits flagged high risk",
        "Security presence from 18:00",
        "Additional support worker on night shift",
    ),
    C.TRAINING: (
        "Annual breakaway training",
        "De-escalation training for all staff",
        "RRN-certified restrictive intervention training",
    ),
    C.EQUIPMENT: (
        "Personal attack alarms issued",
        "Body-worn cameras for security officers",
        "Anti-ligature furniture",
    ),
    C.LONE_WORKER_DEVICE: (
        "Lone worker devices with escalation to the alarm receiving centre",
        "Buddy check-in app for community staff",
    ),
    C.INFORMATION_SHARING: (
        "Warning markers on the electronic record",
        "Information-sharing agreement with local police",
        "Risk information shared at referral",
    ),
}

ACTION_TITLES: dict[str, tuple[str, ...]] = {
    "assessment_gap": (
        "Close gap against VPR standard indicator {n}",
        "Evidence board oversight for VPR domain {n}",
        "Publish VPR policy review timetable",
    ),
    "risk": (
        "Reduce risk score for {loc}",
        "Fund lone worker devices for {loc}",
        "Complete environmental review at {loc}",
    ),
    "incident_learning": (
        "Share learning from assault at {loc}",
        "Review observation policy after incident at {loc}",
        "Improve post-incident debrief at {loc}",
    ),
    "committee": (
        "Report training compliance by directorate",
        "Agree police liaison protocol",
        "Review staff-side membership of the VPR group",
    ),
    "hse_cqc_finding": (
        "Respond to HSE inspection finding on risk assessment",
        "Address CQC concern on restrictive practice recording",
    ),
    "other": ("Refresh VPR intranet pages", "Run violence awareness week"),
}
UPDATE_TEXTS = (
    "Progress discussed with the service manager.",
    "Quotes obtained; awaiting approval.",
    "Draft circulated for comment.",
    "Training dates booked.",
    "Estates survey completed.",
    "Staff-side asked for sight of the draft before sign-off.",
    "Delayed by staffing pressures; revised date proposed.",
)
MEETING_DECISIONS = (
    "Progress noted; due date retained.",
    "Extension agreed to next meeting.",
    "Closure agreed by both sides.",
    "Escalate to the executive lead.",
    "Owner to bring an update to the next meeting.",
)

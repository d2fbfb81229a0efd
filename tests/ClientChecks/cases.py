"""The PIDF bodies the client checks send, one NOTIFY each.

Every body is built here from a few knobs so the table can say exactly what differs between two rows. The
default shape is the RFC 4479/4480 one: one tuple with <basic>, then a dm:person with rpid:activities.
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape

PIDF = "urn:ietf:params:xml:ns:pidf"
DM = "urn:ietf:params:xml:ns:pidf:data-model"
RPID = "urn:ietf:params:xml:ns:pidf:rpid"
CIPID = "urn:ietf:params:xml:ns:pidf:cipid"
ENTITY = "sip:buddy@127.0.0.1"

# RFC 4480 section 3.2, all of them.
RFC4480_ACTIVITIES = [
    "appointment", "away", "breakfast", "busy", "dinner", "holiday", "in-transit", "looking-for-work", "meal",
    "meeting", "on-the-phone", "performance", "permanent-absence", "playing", "presentation", "shopping",
    "sleeping", "spectator", "steering", "travel", "tv", "unknown", "vacation", "working", "worship",
]
# Tokens some clients write that RFC 4480 does not define.
NON_RFC_ACTIVITIES = ["do-not-disturb", "dnd", "be-right-back", "lunch", "online", "offline", "idle"]


def activity_xml(act, style: str) -> str:
    """act is a name, or (name, text) for an activity element with text content."""
    name, text = (act, None) if isinstance(act, str) else act
    if style == "rpid":
        return f"<rpid:{name}>{escape(text)}</rpid:{name}>" if text else f"<rpid:{name}/>"
    if style == "rpid-space":  # what .NET's XmlWriter writes for an empty element
        return f"<rpid:{name}>{escape(text)}</rpid:{name}>" if text else f"<rpid:{name} />"
    if style == "rpid-pair":
        return f"<rpid:{name}>{escape(text or '')}</rpid:{name}>"
    if style == "r":
        return f"<r:{name}>{escape(text)}</r:{name}>" if text else f"<r:{name}/>"
    if style == "default-ns":
        return f"<{name}>{escape(text)}</{name}>" if text else f"<{name}/>"
    raise ValueError(style)


def activities_xml(acts, style: str, activities_note: str | None = None) -> str:
    inner = ""
    if activities_note:
        inner += f"<rpid:note>{escape(activities_note)}</rpid:note>"
    inner += "".join(activity_xml(a, style) for a in acts)
    if style == "r":
        return f'<r:activities xmlns:r="{RPID}">{inner}</r:activities>'
    if style == "default-ns":
        return f'<activities xmlns="{RPID}">{inner}</activities>'
    return f"<rpid:activities>{inner}</rpid:activities>" if inner else "<rpid:activities/>"


def pidf(basic: str | None = "open", acts=(), *, style: str = "rpid", place: str = "person",
         note: str | None = None, note_at: str = "presence", empty_activities: bool = False) -> str:
    """One PIDF document.

    place: where rpid:activities goes: "person" (dm:person, RFC 4480), "person-default-ns" (a person element
    in the data-model namespace without the dm prefix), "tuple" (a tuple child), "status" (inside <status>,
    the old RPID draft placement), "none" (no activities at all).
    note_at: "presence" (pidf:note after the tuples, RFC 3863), "tuple" (pidf:note in the tuple),
    "person" (dm:note in the person), "activities" (rpid:note inside rpid:activities).
    """
    acts = list(acts)
    has_acts = bool(acts) or empty_activities
    act_xml = activities_xml(acts, style, note if note_at == "activities" else None) if has_acts else ""
    status_inner = f"<basic>{basic}</basic>" if basic is not None else ""
    if place == "status":
        status_inner += act_xml
    tuple_inner = f"<status>{status_inner}</status>"
    if place == "tuple":
        tuple_inner += act_xml
    tuple_inner += f"<contact>{ENTITY}</contact>"
    if note and note_at == "tuple":
        tuple_inner += f"<note>{escape(note)}</note>"
    doc = ['<?xml version="1.0" encoding="UTF-8"?>',
           f'<presence xmlns="{PIDF}" xmlns:dm="{DM}" xmlns:rpid="{RPID}" entity="{ENTITY}">',
           f'<tuple id="t1">{tuple_inner}</tuple>']
    if note and note_at == "presence":
        doc.append(f"<note>{escape(note)}</note>")
    person_inner = act_xml if place in ("person", "person-default-ns") else ""
    if note and note_at == "person":
        person_inner += f"<dm:note>{escape(note)}</dm:note>"
    if person_inner:
        if place == "person-default-ns":
            doc.append(f'<person xmlns="{DM}" id="p1">{person_inner}</person>')
        else:
            doc.append(f'<dm:person id="p1">{person_inner}</dm:person>')
    doc.append("</presence>")
    return "".join(doc)


def product_pidf(open_: bool, acts=(), note: str = "Blue room", display: str = "Blue room") -> str:
    """The shape src/PresenceAgent/Documents/Pidf/PidfWriter.cs writes (as of this check): XmlWriter output, no
    indentation, empty elements as '<x />', presence-level note and dm:note with xml:lang, CIPID display-name,
    dm:timestamp; activities (if any) first in the person."""
    ts = "2026-01-05T10:00:00Z"
    acts_xml = ""
    if acts:
        acts_xml = "<rpid:activities>" + "".join(activity_xml(a, "rpid-space") for a in acts) + "</rpid:activities>"
    return ('<?xml version="1.0" encoding="UTF-8"?>'
            f'<presence xmlns:dm="{DM}" xmlns:rpid="{RPID}" xmlns:c="{CIPID}" entity="{ENTITY}" xmlns="{PIDF}">'
            f'<tuple id="svc-sip"><status><basic>{"open" if open_ else "closed"}</basic></status>'
            f"<contact>{ENTITY}</contact><timestamp>{ts}</timestamp></tuple>"
            f'<note xml:lang="en">{escape(note)}</note>'
            f'<dm:person id="person">{acts_xml}<c:display-name>{escape(display)}</c:display-name>'
            f'<dm:note xml:lang="en">{escape(note)}</dm:note><dm:timestamp>{ts}</dm:timestamp></dm:person>'
            "</presence>")


@dataclass
class Case:
    id: str
    group: str
    summary: str
    body: str | None  # None: a NOTIFY without a body


def all_cases() -> list[Case]:
    cases: list[Case] = []

    def add(group, cid, summary, body):
        cases.append(Case(cid, group, summary, body))

    g = "A. basic status alone"
    add(g, "open", "open", pidf("open"))
    add(g, "closed", "closed", pidf("closed"))
    add(g, "open+note", "open, note 'In a meeting'", pidf("open", note="In a meeting"))
    add(g, "closed+note", "closed, note 'In a meeting'", pidf("closed", note="In a meeting"))
    add(g, "open+empty-activities", "open, empty <rpid:activities/> in dm:person",
        pidf("open", empty_activities=True))
    add(g, "no-basic+busy", "no <basic>, busy", pidf(None, ["busy"]))
    add(g, "no-body", "NOTIFY without a body", None)
    two = pidf("open").replace('<tuple id="t1">', '<tuple id="t0"><status><basic>closed</basic></status></tuple><tuple id="t1">')
    add(g, "two-tuples:closed,open", "two tuples, the first closed, the second open", two)

    g = "B. open + one RFC 4480 activity (dm:person)"
    for a in RFC4480_ACTIVITIES:
        add(g, f"open+{a}", f"open + {a}", pidf("open", [a]))
    add(g, "open+other", "open + <rpid:other>Be right back</rpid:other>", pidf("open", [("other", "Be right back")]))

    g = "C. open + one token outside RFC 4480"
    for a in NON_RFC_ACTIVITIES:
        add(g, f"open+{a}", f"open + {a}", pidf("open", [a]))

    g = "D. closed + one activity"
    for a in ["busy", "on-the-phone", "meeting", "away", "appointment", "vacation", "permanent-absence", "unknown"]:
        add(g, f"closed+{a}", f"closed + {a}", pidf("closed", [a]))

    g = "E. open + two activities (document order)"
    pairs = [("busy", "meeting"), ("meeting", "busy"), ("busy", "on-the-phone"), ("on-the-phone", "busy"),
             ("busy", "appointment"), ("appointment", "busy"), ("away", "busy"), ("busy", "away"),
             ("away", "vacation"), ("vacation", "away"), ("away", "appointment"), ("away", "permanent-absence"),
             ("busy", "do-not-disturb"), ("do-not-disturb", "busy"), ("away", "be-right-back"),
             ("away", "unknown")]
    for a, b in pairs:
        add(g, f"open+{a},{b}", f"open + {a}, {b}", pidf("open", [a, b]))
    add(g, "open+busy,meeting,on-the-phone", "open + busy, meeting, on-the-phone",
        pidf("open", ["busy", "meeting", "on-the-phone"]))

    g = "F. syntax and placement (busy / away)"
    for a in ["busy", "away"]:
        add(g, f"{a}:space", f"open + {a} written <rpid:{a} />", pidf("open", [a], style="rpid-space"))
        add(g, f"{a}:pair", f"open + {a} written <rpid:{a}></rpid:{a}>", pidf("open", [a], style="rpid-pair"))
        add(g, f"{a}:prefix-r", f"open + {a} with prefix r: (<r:{a}/>)", pidf("open", [a], style="r"))
        add(g, f"{a}:default-ns", f"open + {a} in a default namespace (<{a}/>)", pidf("open", [a], style="default-ns"))
        add(g, f"{a}:in-tuple", f"open + {a} in the tuple, no dm:person", pidf("open", [a], place="tuple"))
        add(g, f"{a}:in-status", f"open + {a} inside <status>, no dm:person", pidf("open", [a], place="status"))
        add(g, f"{a}:person-no-prefix", f"open + {a} in <person xmlns=dm-ns> (no dm: prefix)",
            pidf("open", [a], place="person-default-ns"))

    g = "G. notes and activity text"
    for at in ["presence", "tuple", "person", "activities"]:
        add(g, f"busy+note@{at}", f"open + busy, note 'In a meeting' at {at}",
            pidf("open", ["busy"], note="In a meeting", note_at=at))
    add(g, "busy+note-dnd", "open + busy, note 'Do not disturb'", pidf("open", ["busy"], note="Do not disturb"))
    add(g, "busy-text-dnd", "open + <rpid:busy>Do not disturb</rpid:busy>", pidf("open", [("busy", "Do not disturb")]))
    add(g, "other-text-dnd", "open + <rpid:other>Do not disturb</rpid:other>",
        pidf("open", [("other", "Do not disturb")]))
    add(g, "away-text-brb", "open + <rpid:away>Be right back</rpid:away>", pidf("open", [("away", "Be right back")]))

    g = "H. the product's document shape: PidfWriter today"
    add(g, "today:available", "Available: open, no activity", product_pidf(True, note="Available"))
    add(g, "today:busy", "Busy: open + busy", product_pidf(True, ["busy"], note="Busy"))
    add(g, "today:dnd", "DoNotDisturb: open + busy", product_pidf(True, ["busy"], note="Do not disturb"))
    add(g, "today:brb", "BeRightBack: open + away", product_pidf(True, ["away"], note="Be right back"))
    add(g, "today:away", "Away: open + away", product_pidf(True, ["away"], note="Away"))
    add(g, "today:offline", "Offline: closed, no activity", product_pidf(False, note="Offline"))

    g = "I. the product's document shape: candidates"
    add(g, "cand:busy:meeting,busy", "Busy: open + meeting, busy",
        product_pidf(True, ["meeting", "busy"], note="In a meeting"))
    add(g, "cand:busy:busy,meeting", "Busy: open + busy, meeting",
        product_pidf(True, ["busy", "meeting"], note="In a meeting"))
    add(g, "cand:busy:appointment,busy", "Busy: open + appointment, busy",
        product_pidf(True, ["appointment", "busy"], note="Busy"))
    add(g, "cand:busy:on-the-phone,busy", "Busy: open + on-the-phone, busy",
        product_pidf(True, ["on-the-phone", "busy"], note="In a call"))
    add(g, "cand:busy:busy,on-the-phone", "Busy: open + busy, on-the-phone",
        product_pidf(True, ["busy", "on-the-phone"], note="In a call"))
    add(g, "cand:dnd:closed:busy", "DoNotDisturb: closed + busy", product_pidf(False, ["busy"], note="Do not disturb"))
    add(g, "cand:dnd:closed:busy-text", "DoNotDisturb: closed + <rpid:busy>Do not disturb</rpid:busy> (what Linphone writes)",
        product_pidf(False, [("busy", "Do not disturb")], note="Do not disturb"))
    add(g, "cand:dnd:closed:busy,busy-text", "DoNotDisturb: closed + <rpid:busy />, <rpid:busy>Do not disturb</rpid:busy>",
        product_pidf(False, ["busy", ("busy", "Do not disturb")], note="Do not disturb"))
    add(g, "cand:dnd:open:busy,busy-text", "DoNotDisturb: open + <rpid:busy />, <rpid:busy>Do not disturb</rpid:busy>",
        product_pidf(True, ["busy", ("busy", "Do not disturb")], note="Do not disturb"))
    add(g, "cand:dnd:open:busy-text", "DoNotDisturb: open + <rpid:busy>Do not disturb</rpid:busy>",
        product_pidf(True, [("busy", "Do not disturb")], note="Do not disturb"))
    add(g, "cand:dnd:closed:busy,meeting", "DoNotDisturb: closed + busy, meeting",
        product_pidf(False, ["busy", "meeting"], note="Do not disturb"))
    add(g, "cand:dnd:open:busy,other", "DoNotDisturb: open + busy, <rpid:other>Do not disturb</rpid:other>",
        product_pidf(True, ["busy", ("other", "Do not disturb")], note="Do not disturb"))
    add(g, "cand:brb:away,in-transit", "BeRightBack: open + away, in-transit (Linphone writes in-transit for BRB)",
        product_pidf(True, ["away", "in-transit"], note="Be right back"))
    add(g, "cand:brb:in-transit,away", "BeRightBack: open + in-transit, away",
        product_pidf(True, ["in-transit", "away"], note="Be right back"))
    add(g, "cand:brb:away-text", "BeRightBack: open + <rpid:away>Be right back</rpid:away>",
        product_pidf(True, [("away", "Be right back")], note="Be right back"))
    add(g, "cand:away:vacation,away", "Away: open + vacation, away", product_pidf(True, ["vacation", "away"], note="On vacation"))
    add(g, "cand:away:away,vacation", "Away: open + away, vacation", product_pidf(True, ["away", "vacation"], note="On vacation"))
    add(g, "cand:away:appointment,away", "Away: open + appointment, away",
        product_pidf(True, ["appointment", "away"], note="Away"))
    add(g, "cand:away:closed:away", "Away: closed + away", product_pidf(False, ["away"], note="Away"))
    add(g, "cand:offline:closed:permanent-absence", "Offline: closed + permanent-absence",
        product_pidf(False, ["permanent-absence"], note="Offline"))
    add(g, "cand:available:empty-activities", "Available: open + empty <rpid:activities/>",
        product_pidf(True, note="Available").replace("<dm:person id=\"person\">", "<dm:person id=\"person\"><rpid:activities />"))
    return cases

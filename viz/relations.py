"""The relation types the views give a role to, named through the generated models.

Relation names are never spelled out as text outside the ontology package
(a test checks); a renamed relation then breaks the import here, loudly.
"""

from __future__ import annotations

from ontology import models as m

EDITION_OF = m.EditionOf.relation_name
HELD_IN = m.HeldIn.relation_name
HOLDS_POSITION = m.HoldsPosition.relation_name
INVOLVED_IN = m.InvolvedIn.relation_name
LOCATED_IN = m.LocatedIn.relation_name
MEMBER_OF = m.MemberOf.relation_name
MENTIONED_IN = m.MentionedIn.relation_name
ORGANIZED = m.Organized.relation_name
PART_OF = m.PartOf.relation_name
PARTICIPATED_IN = m.ParticipatedIn.relation_name
PROPOSED = m.Proposed.relation_name
SUPPORTED = m.Supported.relation_name

"""Pilot-zone lists (2024 Provisions Art 6): the model (`xborder.zones.model`), the knowledge
base's editions and the matching of a hop's data against them (`xborder.zones.book`), and the
ZONE-<zone> regime (`xborder.zones.regime`). See docs/zones.md.

Nothing is imported here: the data-map models import `xborder.zones.model`, which must not
pull in the engine."""

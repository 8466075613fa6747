"""Vendor memory over SQL: one row per vendor and tenant, found by any of its keys; never across tenants."""

from __future__ import annotations

import json

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from core.memory import VendorKeys, VendorProfile, from_dict, to_dict

from .tables import VendorMemoryRow, utcnow


class SqlVendorMemory:
    """Implements core.memory.VendorMemory. A tenant knows tens or hundreds of vendors: they are matched
    in Python after one indexed query on the tenant."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def _rows(self, s: Session, tenant: str) -> list[tuple[VendorMemoryRow, VendorProfile]]:
        rows = s.exec(select(VendorMemoryRow).where(VendorMemoryRow.tenant == tenant)).all()
        return [(r, from_dict(json.loads(r.profile))) for r in rows]

    @staticmethod
    def _best(found: list[tuple[VendorMemoryRow, VendorProfile]], keys: VendorKeys):
        scored = [(p.keys.matches(keys), r, p) for r, p in found]
        scored = [x for x in scored if x[0] > 0]
        return max(scored, key=lambda x: (x[0], x[1].learned_at), default=None)

    def recall(self, tenant: str, keys: VendorKeys) -> VendorProfile | None:
        if keys.empty():
            return None
        with Session(self.engine) as s:
            best = self._best(self._rows(s, tenant), keys)
        return best[2] if best else None

    def remember(self, tenant: str, profile: VendorProfile) -> None:
        """Store the profile, replacing the row of the same vendor (matched by the profile's keys)."""
        with Session(self.engine) as s:
            best = self._best(self._rows(s, tenant), profile.keys)
            row = best[1] if best else VendorMemoryRow(tenant=tenant, profile="{}")
            row.profile = json.dumps(to_dict(profile))
            row.name = profile.name
            row.learned_at = utcnow()
            s.add(row)
            s.commit()

    def forget(self, tenant: str, keys: VendorKeys) -> int:
        """Drop every profile of this tenant that the keys name; the number dropped."""
        with Session(self.engine) as s:
            gone = [r for r, p in self._rows(s, tenant) if p.keys.matches(keys) > 0]
            for r in gone:
                s.delete(r)
            s.commit()
        return len(gone)

    def names(self, tenant: str) -> list[str]:
        with Session(self.engine) as s:
            return sorted(r.name or "?" for r, _ in self._rows(s, tenant))

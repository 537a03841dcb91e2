"""Consent checks: a sensitive fact needs its flag (DOMAIN.md, personal data), and publishing
consented facts or photos needs the site's privacy notice (Law 91/2025)."""

from __future__ import annotations

from generator.model.checker import Checker
from generator.model.checkrows import row_of
from generator.model.entries import SENSITIVE_FIELDS, Site
from generator.source.documents import Profile


def check_consent(profile: Profile, check: Checker) -> None:
    """Refuse a sensitive field without its consent flag; warn where the flag refuses it."""
    for key, flag in SENSITIVE_FIELDS.items():
        if getattr(profile, key) is None:
            continue
        allowed = getattr(profile.consent, flag)
        if allowed is None:
            check.add((key,), "consent.missing", key=key, flag=flag)
        elif allowed is False:
            check.add((key,), "consent.refused", "warning", key=key, flag=flag)


def check_privacy_notice(site: Site, config_check: Checker) -> None:
    """Warn when the site publishes consented facts or photos without a privacy notice."""
    if site.config.privacy is None and any(
        row.status == "published" and row.personal for row in map(row_of, site.entries)
    ):
        # Publishing what a person consented to makes the site a data controller that owes a
        # notice (Law 91/2025): the about page carries it from `privacy`.
        config_check.add(("site_name",), "config.privacy_missing", "warning")

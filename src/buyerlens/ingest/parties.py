"""Who is who: accounts, contacts and deals already known (the store's and the ones read
so far), found by id, name, e-mail address, domain, and (for messages) contact and time.

Readers add what they read here and look references up here, so a deal row finds the
account of an earlier file, and an e-mail finds the contact and deal of the store
(``ReadOptions.extra["existing"]``). New records get deterministic ids, so a second
import of the same input makes the same records and changes nothing.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import datetime, timedelta
from email.utils import parseaddr

from buyerlens.ingest.values import ValueReadError, key
from buyerlens.ingest.vocab import is_freemail
from buyerlens.model import Account, Bundle, Contact, Deal

#: A message counts toward a deal from this long before the deal was created ...
DEAL_LEAD = timedelta(days=30)
#: ... until this long after a closed deal's close date.
DEAL_TAIL = timedelta(days=30)

_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "ac", "gov", "edu"})
_ADDRESS = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def address_of(text: str) -> str | None:
    """The lower-case e-mail address in ``text`` (``"Eva <eva@x.nl>"``), or None."""
    _, address = parseaddr(text.strip())
    address = address.strip().lower()
    return address if _ADDRESS.match(address) else None


def domain_of(address: str) -> str:
    return address.rpartition("@")[2].lower()


def organisation_name(domain: str) -> str:
    """A readable organisation name from a mail domain: ``zuivel-bv.nl`` -> ``Zuivel Bv``."""
    labels = domain.lower().split(".")
    core = labels[-3] if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL else labels[-2]
    return core.replace("-", " ").replace("_", " ").title() if core else domain


def person_name(address: str) -> str:
    """A readable name from an address: ``eva.de.vries@x.nl`` -> ``Eva De Vries``."""
    local = address.partition("@")[0]
    words = [w for w in re.split(r"[._\-+]+", local) if w]
    return " ".join(w.capitalize() for w in words) or address


def display_name(display: str) -> str:
    """A display name as people write it: Outlook's ``"de Vries, Eva"`` -> ``Eva de Vries``."""
    name = " ".join(display.strip().strip("\"'").split())
    if name.count(",") == 1 and "@" not in name:
        last, first = (part.strip() for part in name.split(","))
        name = f"{first} {last}".strip()
    return name


def is_ours(address: str, ours: frozenset[str]) -> bool:
    domain = domain_of(address)
    return any(domain == d or domain.endswith("." + d) for d in ours)


class Directory:
    """The accounts, contacts and deals known so far, with the indexes readers need."""

    def __init__(self, existing: Bundle | None = None) -> None:
        self.accounts: dict[str, Account] = {}
        self.contacts: dict[str, Contact] = {}
        self.deals: dict[str, Deal] = {}
        self.read_accounts: dict[str, Account] = {}
        self.read_contacts: dict[str, Contact] = {}
        self.read_deals: dict[str, Deal] = {}
        self._account_by_name: dict[str, str] = {}
        self._account_by_domain: dict[str, str] = {}
        self._contact_by_email: dict[str, str] = {}
        self._account_by_contact_domain: dict[str, str] = {}
        self._contact_by_name: dict[tuple[str, str], str] = {}
        self._deal_by_title: dict[str, list[str]] = defaultdict(list)
        self._deals_by_contact: dict[str, list[str]] = defaultdict(list)
        self._deals_by_account: dict[str, list[str]] = defaultdict(list)
        if existing is not None:
            for account in existing.accounts:
                self.add_account(account, read=False)
            for contact in existing.contacts:
                self.add_contact(contact, read=False)
            for deal in existing.deals:
                self.add_deal(deal, read=False)

    # --- adding -------------------------------------------------------------------

    def add_account(self, account: Account, *, read: bool = True) -> None:
        self.accounts[account.id] = account
        if read:
            self.read_accounts[account.id] = account
        self._account_by_name.setdefault(key(account.name), account.id)
        if account.domain:
            self._account_by_domain.setdefault(account.domain.lower(), account.id)

    def add_contact(self, contact: Contact, *, read: bool = True) -> None:
        self.contacts[contact.id] = contact
        if read:
            self.read_contacts[contact.id] = contact
        if contact.email:
            self._contact_by_email.setdefault(contact.email.lower(), contact.id)
            domain = domain_of(contact.email)
            if not is_freemail(domain):
                self._account_by_contact_domain.setdefault(domain, contact.account)
        self._contact_by_name.setdefault((contact.account, key(contact.name)), contact.id)
        self._contact_by_name.setdefault(("", key(contact.name)), contact.id)

    def add_deal(self, deal: Deal, *, read: bool = True) -> None:
        known = deal.id in self.deals
        self.deals[deal.id] = deal
        if read:
            self.read_deals[deal.id] = deal
        if known:
            return
        self._deal_by_title[key(deal.title)].append(deal.id)
        self._deals_by_account[deal.account].append(deal.id)
        for link in deal.contacts:
            self._deals_by_contact[link.contact].append(deal.id)

    # --- finding ------------------------------------------------------------------

    def account_named(self, name: str) -> str | None:
        return self._account_by_name.get(key(name))

    def contact_with_email(self, address: str) -> str | None:
        return self._contact_by_email.get(address.lower())

    def contact_named(self, name: str, *, account: str = "") -> str | None:
        return self._contact_by_name.get((account, key(name)))

    def deal_titled(self, title: str) -> str | None:
        """The one deal with this title (None when none or several)."""
        found = self._deal_by_title.get(key(title), [])
        return found[0] if len(found) == 1 else None

    def account_of_domain(self, domain: str) -> str | None:
        """An account known to own ``domain`` (or a parent domain), or whose contacts use it."""
        labels = domain.lower().split(".")
        for start in range(len(labels) - 1):
            found = self._account_by_domain.get(".".join(labels[start:]))
            if found:
                return found
        return self._account_by_contact_domain.get(domain.lower())

    # --- creating from e-mail addresses ----------------------------------------------

    def account_for_domain(self, domain: str) -> str:
        """The account of ``domain``; a new one named after it when unknown (R: issue 8)."""
        found = self.account_of_domain(domain)
        if found:
            return found
        account = Account(
            id=f"domain:{domain.lower()}", name=organisation_name(domain), domain=domain.lower()
        )
        self.add_account(account)
        self._account_by_domain[domain.lower()] = account.id
        return account.id

    def contact_for(self, address: str, display: str = "") -> str:
        """The contact with ``address``, created under its domain's account when unknown.

        Raises :class:`ValueReadError` for an unknown address at a free-mail domain: its
        company cannot be told from the address.
        """
        found = self.contact_with_email(address)
        if found:
            return found
        domain = domain_of(address)
        if is_freemail(domain):
            raise ValueReadError(
                f"{address} is not a known contact and {domain} is a free-mail domain, so"
                " the company cannot be told; add the contact (with an account) and import"
                " again"
            )
        account = self.account_for_domain(domain)
        name = display_name(display) or person_name(address)
        contact = Contact(
            id=f"email:{address.lower()}", account=account, name=name, email=address.lower()
        )
        self.add_contact(contact)
        self._contact_by_email[address.lower()] = contact.id
        return contact.id

    # --- deals by contact and time ------------------------------------------------

    def deal_for(self, contact_id: str, at: datetime) -> str | None:
        """The deal a message with ``contact_id`` at ``at`` belongs to, or None.

        Deals that name the contact come first, then the deals of the contact's account;
        a deal fits from :data:`DEAL_LEAD` before it was created until :data:`DEAL_TAIL`
        after its close date once closed. Of several fitting deals the latest created
        wins; when that is a tie the message stays under its contact only.
        """
        contact = self.contacts.get(contact_id)
        pools = [self._deals_by_contact.get(contact_id, [])]
        if contact is not None:
            pools.append(self._deals_by_account.get(contact.account, []))
        for pool in pools:
            fitting = [self.deals[d] for d in pool if _fits(self.deals[d], at)]
            if not fitting:
                continue
            fitting.sort(key=_created_key, reverse=True)
            if len(fitting) > 1 and _created_key(fitting[0]) == _created_key(fitting[1]):
                return None
            return fitting[0].id
        return None


def _created_key(deal: Deal) -> float:
    return deal.created.timestamp() if deal.created else float("-inf")


def _fits(deal: Deal, at: datetime) -> bool:
    if deal.created is not None and at < deal.created - DEAL_LEAD:
        return False
    if deal.outcome is not None and deal.expected_close is not None:
        end = datetime.combine(deal.expected_close, datetime.max.time(), tzinfo=at.tzinfo)
        return at <= end + DEAL_TAIL
    return True

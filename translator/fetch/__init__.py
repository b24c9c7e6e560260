"""fetch: one URL in, its decoded text out, within every bound and through every guard.

`client` holds the httpx client, redirects and validators; `guard` the address checks that keep
untrusted URLs off internal networks.
"""

from translator.fetch.client import Fetcher, Page

__all__ = ["Fetcher", "Page"]

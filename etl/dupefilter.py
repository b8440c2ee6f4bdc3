"""The request duplicate filter of one crawl run.

Article requests go through Scrapy's duplicate filter (feeds are re-polled on purpose and bypass it), so a URL
listed by several feeds, or by several crawler processes sharing a scrapy-redis scheduler, is fetched once.
Locally the filter is scoped to the run and not persisted in ``JOBDIR``: what was *kept* is recorded in the
state store (:meth:`etl.state.StateStore.is_seen`), and a page requested but not kept (killed in flight, the
evidence store full) must be fetched again by the next run, which a persisted ``requests.seen`` forbids.
A resumed ``JOBDIR`` queue is not affected: queued requests are restored without going through the filter.
"""

from __future__ import annotations

from scrapy.crawler import Crawler
from scrapy.dupefilters import RFPDupeFilter


class RunDupeFilter(RFPDupeFilter):
    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunDupeFilter:
        return cls(None, crawler.settings.getbool("DUPEFILTER_DEBUG"), fingerprinter=crawler.request_fingerprinter)

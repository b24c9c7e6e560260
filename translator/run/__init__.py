"""run: `translator run`, every configured source, incrementally and safely, from cron.

`runner` is the run itself (discovery, concurrency, containment, feeds); `order` the order of
work and its caps; `lock` the run lock; `gate` per-host politeness; `stop` signals; `report`
what a run did; `sources` finds articles in feeds and section pages; `robots` keeps us off
what sites refuse; `progress` is what a terminal shows.
"""

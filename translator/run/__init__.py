"""run: `translator run`, every configured source, incrementally and safely, from cron.

`runner` is the run itself (lock, work order, concurrency, feeds); `sources` finds articles in
feeds and section pages; `robots` and the runner's host gate keep it polite; `progress` is what
a terminal shows.
"""

"""output: the English copy as files: Markdown, HTML, JSON, the review page, Atom feeds, index.

`render` turns an `Article` into each format, `publish` names and writes the files atomically,
`review` is the bilingual page for editors, `feeds` the Atom feeds and index.html.
"""

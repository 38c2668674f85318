"""The published site of a spec, as an MkDocs plugin (``plugins: - lovkode`` in any mkdocs.yml).

Split by concern: :mod:`.plugin` (the MkDocs events and configuration), :mod:`.model` (what one build
knows: the compiler's own data for the spec), :mod:`.pages` (spec pages and navigation), :mod:`.code`
(highlighted, linked lovkode), :mod:`.examples` (example tables), :mod:`.generated` (begreber,
spørgsmål, eksempler, ændringer — and the list of page generators others can extend), :mod:`.prose`
(quoted law shown exactly), :mod:`.sources` (links to Retsinformation) and :mod:`.safety` (untrusted
text on a public site). ``assets/`` holds the stylesheet the plugin adds to every site.
"""

"""A Sphinx extension of the book: each script tag once per page.

sphinx-thebe adds its configuration script (``const THEBE_JS_URL = ...``) at every
``env-before-read-docs``, and Jupyter Book's build runs that event twice: the page then declares
the constant twice and the browser reports ``Identifier 'THEBE_JS_URL' has already been
declared`` on every page. This drops the repeated copies (same file, same inline body).
"""


def _unique(app, pagename, templatename, context, doctree):
    scripts = context.get("script_files")
    if not scripts:
        return
    seen, kept = set(), []
    for script in scripts:
        # the copies differ only in an empty file name: None in one, "" in the other
        name = (script.filename or "") if hasattr(script, "filename") else str(script)
        key = (name, repr(sorted(getattr(script, "attributes", {}).items())))
        if key not in seen:
            seen.add(key)
            kept.append(script)
    scripts[:] = kept      # in place: handlers after this one (MathJax's) append to this list


def setup(app):
    app.connect("html-page-context", _unique, priority=100)   # before any handler that ends
    # the event by returning a template name (html-page-context stops at the first result)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

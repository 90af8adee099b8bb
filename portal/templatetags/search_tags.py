"""``{{ text|highlight:query }}``: the words of a search result that matched, in ``<mark>``.

The filter escapes the text and the query itself (``portal.search.highlight``), so templates
never need ``|safe`` on anything a visitor typed.
"""

from django import template

from portal.search import highlight as mark_matches

register = template.Library()


@register.filter
def highlight(text, query):
    return mark_matches(text, query)

"""Persian news web pages (HTML) → :class:`~rasad.article.Article`.

:func:`read_html` decodes the bytes, parses them with lxml and reads the
article's fields. Like :mod:`rasad.readers.records`, the article's ``raw`` is
the extracted text fields joined by blank lines (surtitle, title, lead, body
paragraphs) and ``layout`` holds their spans over ``raw``; nothing is
normalized here. Site rules are data: one TOML file per CMS family in
``data/sites/`` (``common.toml`` holds the generic selectors and the words of
the post-filters); see ``docs/html.md``.

Fallback chain. Each step runs only if the previous one under-delivered
(for the body: fewer than 150 characters left after the post-filters):

1. **Site rules.** The family is recognised by the page's domain (canonical
   URL, og:url, the ``url`` argument or the source path; Wayback copies are
   unwrapped), else by ``<meta name=generator>``, else by a markup probe. Its
   selectors give surtitle, title, lead, body, date, news id, tags, author.
2. **Schema.org markup**: ``[itemprop=articleBody]`` for the body, the generic
   selectors of ``common.toml`` (``h1[itemprop=headline]``, ``.lead``, …) for
   the rest.
3. **trafilatura** (``bare_extraction``) on the page with every ZWNJ replaced
   by a placeholder character and restored afterwards (trafilatura deletes
   U+200C; private-use characters are deleted too, so the placeholder is a
   printable letter absent from the page).
4. **Densest block**: the element whose direct ``<p>`` children and ``<br>``-
   separated text hold the most text.

Whatever the step, the project's own logic then fills what is missing and
cleans the result:

- title: the rule's element, else ``h1``, else og:title / JSON-LD headline /
  ``<title>`` with site-name segments cut from both ends («… - اخبار تسنیم -
  Tasnim», «خبرگزاری آریا - …»);
- lead: the rule's element, else a first paragraph standing before the
  dateline paragraph («به گزارش …»), else a visible element whose text is the
  meta description;
- post-filters on the body: copies of the title/lead at its top, the end marker
  («انتهای پیام/ی» → ``end_marker``, it and the rest cut), related-news and
  comment headings (the rest cut), tracking codes, short links and category
  tags («- اخبار ورزشی -», dropped), link lists inside the body (dropped);
- news id: «کد خبر» text (or the ``<input>`` after it), else the URL; Persian
  digits become ASCII, letters («d1Gjx») and suffixes («1608590/13») are kept;
- agency: the rule's publication element (Magiran), the body's dateline
  («به گزارش خبرگزاری فارس،»), an agency prefix of the lead («خبرگزاری آریا -»),
  the site (rules ``[sites]``, ``agencies.tsv`` domains), og:site_name;
- publish time, best first: (1) ISO metadata with a year after 1900
  (article:published_time, JSON-LD datePublished, dc.date …; a Jalali value
  there — YJC — is read as Jalali), and ``<time datetime>``; (2) the article's
  own date element (rule selector, else a date/time-classed element nearest the
  title); (3) the text after «تاریخ انتشار» / «تاریخ:»; (4) ``<meta name=date>``
  and modification times, which may be the capture time (ISNA 2025). Header
  "today" dates, related-news lists and footers are never read.
  ``published_jalali`` is the date as shown on the page when it names the same
  day, else the metadata string; ``published`` is its ISO form (Tehran offset).

Charsets: a BOM, then strict UTF-8, then the declared charset (HTTP header,
then ``<meta charset>``) and windows-1256, whichever reads as Persian; a page
declared as one thing and written in another is read by its bytes (with a
note). A page with no article raises ``ParseError`` R207; undecodable bytes
R208.
"""
from .decode import decode_html
from .extract import clean_title, read_html
from .rules import families

__all__ = ["clean_title", "decode_html", "families", "read_html"]

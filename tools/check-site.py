#!/usr/bin/env python3
"""Checks the course's website built by tools/site.sh.

Usage: python3 tools/check-site.py SITE_DIR [PACKAGE_DIR]

Every page: its links, images, scripts and styles inside the site exist (and the
#anchors they point at), no file:// path, nothing loaded from the network but the
search scripts named in NETWORK, lang="fr".  Every stylesheet: its url(...) files
exist.  With the package's folder: every exported function and data set has its
reference page, listed in the reference index; every example that draws has its
picture and no example stopped with an error; every vignette is an article listed
in the articles index and linked from the home page; every interactive tutorial
(inst/tutorials/<name>) is listed with its run_tutorial() call; the home page
names the current tarball; the pages written for the site follow French
typography.  Prints each problem on its own line, saying what to add where, and
exits 1 if there is any.
"""
import html
import html.parser
import os
import re
import sys
import urllib.parse

# What a page may still load from the network, with what a student loses without it
# (also said on the home page, pkgdown/index.md).
NETWORK = {
    "https://cdnjs.cloudflare.com/ajax/libs/fuse.js/":
        "search box (Fuse.js); without it the box is hidden",
    "https://cdnjs.cloudflare.com/ajax/libs/autocomplete.js/":
        "search box (autocomplete.js); without it the box is hidden",
    "https://cdnjs.cloudflare.com/ajax/libs/mark.js/":
        "search box (mark.js, highlights the words found); without it the box is hidden",
}
# Pages written in French for the site (the vignettes are checked by test-vignettes.R,
# the reference pages are the package's English help).
FRENCH_PAGES = ["index.html", "reference/index.html", "articles/index.html",
                "articles/tutoriels.html"]

# A reference to a file:// path (an attribute or a CSS url()); prose may name one.
FILE_REF = re.compile(r"""(?:\b(?:src|href|srcset|data|action)\s*=\s*["']?|url\(\s*["']?|@import\s+["'])\s*file:""",
                      re.I)

LINK_ATTRS = {"a": "href", "link": "href", "script": "src", "img": "src",
              "iframe": "src", "source": "src", "video": "src", "audio": "src"}


class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.refs = []          # (tag, attribute value)
        self.ids = set()
        self.lang = None
        self.text = []          # prose outside code, for the typography check
        self.skip = 0
        self.in_examples = False
        self.example_imgs = 0
        self.errors_shown = 0

    SKIP = {"code", "pre", "script", "style", "kbd", "samp"}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        for key in ("id", "name"):
            if a.get(key) and (key == "id" or tag == "a"):
                self.ids.add(a[key])
        attr = LINK_ATTRS.get(tag)
        if attr and a.get(attr) is not None:
            self.refs.append((tag, a[attr]))
        if tag in self.SKIP:
            self.skip += 1
        if a.get("id") == "ref-examples":
            self.in_examples = True
        if tag == "img" and self.in_examples:
            self.example_imgs += 1
        if tag == "span" and "r-err" in (a.get("class") or "").split():
            self.errors_shown += 1

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in self.SKIP:
            self.skip -= 1

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.skip > 0:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.text.append(data)


def read(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read()


def parse(path, cache={}):
    if path not in cache:
        p = Page()
        p.feed(read(path))
        cache[path] = p
    return cache[path]


def resolve(site, page_path, url):
    """The file inside the site that a relative url of page_path points at."""
    parts = urllib.parse.urlsplit(url)
    rel = urllib.parse.unquote(parts.path)
    if rel == "":
        target = page_path
    elif rel.startswith("/"):
        target = os.path.join(site, rel.lstrip("/"))
    else:
        target = os.path.join(os.path.dirname(page_path), rel)
    target = os.path.normpath(target)
    if os.path.isdir(target):
        target = os.path.join(target, "index.html")
    return target, urllib.parse.unquote(parts.fragment)


def is_network(url):
    return re.match(r"^(https?:)?//", url, re.I) is not None


def check_site(site, problems):
    pages, styles = [], []
    for d, _, files in os.walk(site):
        for f in files:
            p = os.path.join(d, f)
            if f.endswith(".html"):
                pages.append(p)
            elif f.endswith(".css"):
                styles.append(p)
    pages.sort()
    n_links = n_images = 0
    network_used = {}
    for page in pages:
        rel_page = os.path.relpath(page, site)
        raw = read(page)
        p = parse(page)
        if FILE_REF.search(raw):
            problems.append(f"{rel_page}: refers to a file:// path")
        if p.lang != "fr":
            problems.append(f'{rel_page}: <html lang="{p.lang}">, expected "fr"')
        refs = list(p.refs)
        # scripts written by inline code (document.write) count as loaded too
        refs += [("script", u) for u in re.findall(r'<script src="([^"]+)"', raw)]
        for tag, url in refs:
            url = url.strip()
            if url == "" and tag in ("img", "script", "iframe"):
                problems.append(f"{rel_page}: <{tag}> with an empty src")
                continue
            if url == "" or url.startswith(("mailto:", "javascript:", "data:", "tel:")):
                continue
            if url.lower().startswith("file:"):
                continue  # reported above
            if is_network(url):
                if tag == "a":
                    continue  # a link to another site, followed by choice
                allowed = [k for k in NETWORK if url.startswith(k)]
                if allowed:
                    network_used[allowed[0]] = NETWORK[allowed[0]]
                else:
                    problems.append(f"{rel_page}: <{tag}> loads {url} from the network "
                                    "(put it in the site, or name it in NETWORK in "
                                    "tools/check-site.py and on the home page)")
                continue
            target, fragment = resolve(site, page, url)
            n_links += 1
            if tag == "img":
                n_images += 1
            if not target.startswith(os.path.normpath(site) + os.sep):
                problems.append(f"{rel_page}: {url} points outside the site")
            elif not os.path.isfile(target):
                problems.append(f"{rel_page}: broken {'image' if tag == 'img' else 'link'} {url}")
            elif tag == "img" and os.path.getsize(target) == 0:
                problems.append(f"{rel_page}: empty image {url}")
            elif fragment and target.endswith(".html") and fragment not in parse(target).ids:
                problems.append(f"{rel_page}: {url}: no anchor #{fragment} in "
                                f"{os.path.relpath(target, site)}")
    for css in styles:
        raw = read(css)
        if FILE_REF.search(raw):
            problems.append(f"{os.path.relpath(css, site)}: refers to a file:// path")
        for url in re.findall(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)", raw):
            if url.startswith(("data:", "#")):
                continue
            if is_network(url):
                problems.append(f"{os.path.relpath(css, site)}: loads {url} from the network")
                continue
            target, _ = resolve(site, css, url)
            n_links += 1
            if not os.path.isfile(target):
                problems.append(f"{os.path.relpath(css, site)}: broken url({url})")
    return pages, n_links, n_images, network_used


def rd_topics(root):
    """(name, aliases, internal, examples text) of each man/*.Rd."""
    topics = []
    man = os.path.join(root, "man")
    for f in sorted(os.listdir(man)):
        if not f.endswith(".Rd"):
            continue
        rd = read(os.path.join(man, f))
        name = re.search(r"\\name\{([^}]*)\}", rd).group(1)
        aliases = re.findall(r"\\alias\{([^}]*)\}", rd)
        internal = re.search(r"\\keyword\{internal\}", rd) is not None
        ex = rd.split("\\examples{", 1)[1] if "\\examples{" in rd else ""
        ex = re.sub(r"\\dontrun\{.*", "", ex, flags=re.S)
        topics.append((name, aliases, internal, ex))
    return topics


def exports(root):
    ns = read(os.path.join(root, "NAMESPACE"))
    names = re.findall(r"^export\(([^)]*)\)", ns, re.M)
    names = [n.strip().strip('"`') for x in names for n in x.split(",")]
    data = os.path.join(root, "data")
    if os.path.isdir(data):
        names += [os.path.splitext(f)[0] for f in os.listdir(data)
                  if f.endswith((".rda", ".RData", ".rds", ".csv", ".R", ".tab", ".txt"))]
    return sorted(set(names))


def page_links(site, page):
    """The site files a page links to, relative to the site."""
    path = os.path.join(site, page)
    if not os.path.isfile(path):
        return set()
    out = set()
    for tag, url in parse(path).refs:
        if tag == "a" and not is_network(url) and not url.startswith(("mailto:", "#")):
            target, _ = resolve(site, path, url)
            out.add(os.path.relpath(target, site))
    return out


def check_package(site, root, problems):
    counts = {}
    topics = rd_topics(root)
    in_index = page_links(site, "reference/index.html")
    by_alias = {a: name for name, aliases, _, _ in topics for a in aliases}
    for name, _, internal, ex in topics:
        page = f"reference/{name}.html"
        if not os.path.isfile(os.path.join(site, page)):
            problems.append(f"reference topic {name} (man/{name}.Rd): no page {page}")
            continue
        if not internal and page not in in_index:
            problems.append(f"reference topic {name}: not in the reference index; "
                            "add it to a section of reference: in pkgdown/_pkgdown.yml")
        p = parse(os.path.join(site, page))
        if p.errors_shown:
            problems.append(f"{page}: an example stopped with an error")
        if re.search(r"(^|[^_.\w])(plot|image|barplot|hist)\(", ex, re.M) and not p.example_imgs:
            problems.append(f"{page}: the examples draw a plot but the page shows none")
    # French one-line descriptions (tools/site-titles.R)
    index_path = os.path.join(site, "reference/index.html")
    index_raw = read(index_path) if os.path.isfile(index_path) else ""
    for topic, dd in re.findall(r'<dt>\s*<code><a href="([^"/]+)\.html">.*?</dt>\s*<dd([^>]*)>',
                                index_raw, re.S):
        if 'titre-fr' not in dd:
            problems.append(f"reference topic {topic}: no French one-line description in the "
                            f"reference index; add '{topic}: ...' under titres: in "
                            "pkgdown/_pkgdown.yml")
    exported = exports(root)
    for obj in exported:
        name = by_alias.get(obj)
        if name is None:
            problems.append(f"exported {obj}: no help page (man/*.Rd) documents it")
        elif f"reference/{name}.html" not in in_index:
            problems.append(f"exported {obj}: its topic {name} is not in the reference index; "
                            "add it to a section of reference: in pkgdown/_pkgdown.yml")
    counts["topics"] = len(topics)
    counts["exports"] = len(exported)

    # Articles: every vignette (vignettes/*.Rmd) and site-only article (vignettes/articles/).
    vig = os.path.join(root, "vignettes")
    articles = []
    for d, _, files in os.walk(vig):
        for f in files:
            if f.endswith((".Rmd", ".rmd", ".md")) and not f.startswith("_"):
                articles.append(os.path.relpath(os.path.join(d, os.path.splitext(f)[0]), vig))
    articles.sort()
    listed = page_links(site, "articles/index.html")
    home = page_links(site, "index.html")
    for a in articles:
        # vignettes/articles/x.Rmd (a site-only article) is written to articles/x.html
        page = f"articles/{a[len('articles/'):] if a.startswith('articles/') else a}.html"
        if not os.path.isfile(os.path.join(site, page)):
            problems.append(f"article {a} (vignettes/{a}.Rmd): no page {page}")
            continue
        if page not in listed:
            problems.append(f"article {a}: not in the articles index; add it to a section "
                            "of articles: in pkgdown/_pkgdown.yml")
        if page not in home:
            problems.append(f"article {a}: the home page does not link {page}; add it to "
                            "the tutorials in pkgdown/index.md")
        if parse(os.path.join(site, page)).errors_shown:
            problems.append(f"{page}: a chunk stopped with an error")
    counts["articles"] = len(articles)

    # Interactive tutorials (learnr), listed with the call that starts them.
    tut_dir = os.path.join(root, "inst", "tutorials")
    tutorials = sorted(os.listdir(tut_dir)) if os.path.isdir(tut_dir) else []
    tut_page = os.path.join(site, "articles/tutoriels.html")
    # the page's text without its tags: a call in a highlighted code block is cut
    # into <span>s
    tut_text = read(tut_page) if os.path.isfile(tut_page) else ""
    tut_text = html.unescape(re.sub(r"<[^>]+>", "", tut_text))
    for t in tutorials:
        call = f'run_tutorial("{t}", package = "sdsante")'
        if call not in tut_text:
            problems.append(f"interactive tutorial {t} (inst/tutorials/{t}): not listed with "
                            "learnr::run_tutorial() in articles/tutoriels.html")
    counts["tutorials"] = len(tutorials)

    if not os.path.isfile(os.path.join(site, "news/index.html")):
        problems.append("news/index.html: no changelog page (NEWS.md)")

    version = re.search(r"^Version:\s*(\S+)", read(os.path.join(root, "DESCRIPTION")), re.M).group(1)
    home_raw = read(os.path.join(site, "index.html")) if os.path.isfile(os.path.join(site, "index.html")) else ""
    tarballs = set(re.findall(r"sdsante_([0-9][0-9.\-]*[0-9])\.(?:tar\.gz|zip)", home_raw))
    if not tarballs or tarballs != {version}:
        problems.append(f"index.html: the tarball named for installing is sdsante_{'/'.join(sorted(tarballs)) or '?'}"
                        f", the package is version {version} (pkgdown/index.md)")
    return counts


def check_french(site, problems):
    """No plain space before : ; ! ? » or after «, and no mark without its space."""
    rules = [(r" [:;!?»]", "plain space before the mark (use a non-breaking space)"),
             (r"« ", "plain space after « (use a non-breaking space)"),
             (r"«(?=[^\u00a0\u202f])", "no space after «"),
             (r"(?<=[^\u00a0\u202f])»", "no space before »"),
             (r"(?<=\w)[;!?»](?=\s|$)", "no space before the mark")]
    for page in FRENCH_PAGES:
        path = os.path.join(site, page)
        if not os.path.isfile(path):
            continue
        text = " ".join(parse(path).text)
        for pattern, why in rules:
            for m in re.finditer(pattern, text):
                context = text[max(0, m.start() - 30):m.end() + 10].replace("\n", " ")
                problems.append(f"{page}: French typography, {why}: …{context}…")


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    site = os.path.abspath(sys.argv[1])
    if not os.path.isfile(os.path.join(site, "index.html")):
        sys.exit(f"no site in {site} (no index.html)")
    problems = []
    pages, n_links, n_images, network = check_site(site, problems)
    counts = {}
    if len(sys.argv) > 2:
        counts = check_package(site, os.path.abspath(sys.argv[2]), problems)
        check_french(site, problems)
    for p in problems:
        print("site: " + p)
    print(f"site: {len(pages)} pages, {n_links} links and files, {n_images} images checked"
          + "".join(f", {v} {k}" for k, v in counts.items()))
    for url, why in sorted(network.items()):
        print(f"site: from the network: {url} ({why})")
    print(f"site: {len(problems)} problem{'s' if len(problems) != 1 else ''}"
          f"{' (broken links, missing pages or files, see above)' if problems else ', 0 broken links'}")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()

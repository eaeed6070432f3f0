"""A generator of realistic, all-different news articles for benchmarks and scaling tests.

Paragraphs, headings and titles of sample articles are recombined; in every
article the provinces, years and figures are changed (years shifted together
with the published date, other numbers rescaled with their format kept), so
no two articles are alike.  The same seed gives the same corpus.

    >>> from corpus import Generator                      # doctest: +SKIP
    >>> gen = Generator.from_folders(["corpus"], seed=7)  # doctest: +SKIP
    >>> gen.write_txt("bench-corpus", 2000)               # doctest: +SKIP
"""
from __future__ import annotations

import json
import random
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCES = (ROOT / "corpus",)

PROVINCES = (
    "An Giang", "Ba Ria-Vung Tau", "Bac Giang", "Bac Kan", "Bac Lieu", "Bac Ninh", "Ben Tre", "Binh Dinh",
    "Binh Duong", "Binh Phuoc", "Binh Thuan", "Ca Mau", "Can Tho", "Cao Bang", "Da Nang", "Dak Lak", "Dak Nong",
    "Dien Bien", "Dong Nai", "Dong Thap", "Gia Lai", "Ha Giang", "Ha Nam", "Hanoi", "Ha Tinh", "Hai Duong",
    "Hai Phong", "Hau Giang", "Hoa Binh", "Hung Yen", "Khanh Hoa", "Kien Giang", "Kon Tum", "Lai Chau", "Lam Dong",
    "Lang Son", "Lao Cai", "Long An", "Nam Dinh", "Nghe An", "Ninh Binh", "Ninh Thuan", "Phu Tho", "Phu Yen",
    "Quang Binh", "Quang Nam", "Quang Ngai", "Quang Ninh", "Quang Tri", "Soc Trang", "Son La", "Tay Ninh",
    "Thai Binh", "Thai Nguyen", "Thanh Hoa", "Thua Thien-Hue", "Tien Giang", "Ho Chi Minh City", "Tra Vinh",
    "Tuyen Quang", "Vinh Long", "Vinh Phuc", "Yen Bai",
)
# spellings met in the samples that should be swapped too
_VARIANTS = ("Thanh Hoá", "Hà Nam", "Hà Nội", "Ha Noi", "Daklak", "Đắk Lắk", "Thừa Thiên Huế", "HCMC", "Hưng Yên")
_NAMES = "|".join(re.escape(p) for p in sorted(PROVINCES + _VARIANTS, key=len, reverse=True))
_PROVINCE = re.compile(rf"(?<![\w-])({_NAMES})(?![\w-])")
# a number, or a range of two, not inside a date, a time, a code or a word: 17,000 | VND24.5 | 2016-2020 | 20-30
_NUM = r"(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_NUMBER = re.compile(rf"(?:(?<=VND)|(?<![\w/:.,-])){_NUM}(?:(\s?[-–]\s?|\s+to\s+){_NUM})?(?![\w/:]|[.,]\d)")
_CITY_PROVINCE = re.compile(r"\b(Hanoi|Ho Chi Minh City|Da Nang|Hai Phong|Can Tho) Province\b")
_DATELINE = re.compile(r"^\d{1,2}:\d{2} \| (\d{2})/(\d{2})/(\d{4})\s*(.*)$")
_YEAR_MIN, _YEAR_MAX = 1990, 2040
SECTIONS = ("Industry", "Economy", "Investment", "Society", "Trade", "Agriculture", "Finance")
AUTHORS = ("Lan Hoang", "Thu Trang", "Viet Nga", "Minh Thu", "Hoang Anh", "Mai Lan", "Nguyen Hanh", "Bui Viet",
           "Thanh Nga", "Quynh Chi", "Duc Minh", "Ha Phuong")


@dataclass(frozen=True)
class Piece:
    text: str
    year: int  # the year of the article it comes from
    province: str  # the main province of that article ("" if none)


@dataclass
class Article:
    doc_id: str
    title: str
    published: date
    section: str
    province: str
    text: str  # the whole article as a news site's text export: title, dateline, body, byline

    @property
    def words(self) -> int:
        return len(self.text.split())

    def record(self) -> dict[str, str]:
        """A row of a JSONL batch file."""
        return {"id": self.doc_id, "title": self.title, "published": self.published.isoformat(),
                "section": self.section, "text": self.text}


@dataclass
class Pools:
    """What the sample articles offer to recombine."""

    # each piece with the year and the main province of the article it comes from
    titles: list[Piece] = field(default_factory=list)
    leads: list[Piece] = field(default_factory=list)
    paragraphs: list[Piece] = field(default_factory=list)
    headings: list[Piece] = field(default_factory=list)
    captions: list[Piece] = field(default_factory=list)

    def add(self, text: str) -> None:
        lines = [" ".join(line.split()) for line in text.splitlines()]
        lines = [line for line in lines if line]
        if not lines:
            return
        title = lines[0]
        found = [m.group(1) for m in _PROVINCE.finditer(text)]
        main = max(set(found), key=found.count) if found else ""
        dated = next((_DATELINE.match(line) for line in lines if _DATELINE.match(line)), None)
        year = int(dated.group(3)) if dated else 2020
        self.titles.append(Piece(title, year, main))
        plain_title = re.sub(r"[^\w\s]", "", title.lower())
        for line in lines[1:]:
            words = len(line.split())
            if _DATELINE.match(line):
                continue
            if re.sub(r"[^\w\s]", "", line.lower()) == plain_title or line.lower().startswith(("views", "source",
                                                                                                 "nguồn")):
                continue
            elif line.startswith("(VEN)"):
                self.leads.append(Piece(line.removeprefix("(VEN)").lstrip(" -–"), year, main))
            elif words >= 20:
                self.paragraphs.append(Piece(line, year, main))
            elif "photo" in line.lower() or (words >= 8 and not line.endswith(".")):
                self.captions.append(Piece(line, year, main))
            elif 2 < words < 8 and not line.endswith("."):
                self.headings.append(Piece(line, year, main))


class Generator:
    """Makes article after article from the pools, deterministically from ``seed``."""

    def __init__(self, pools: Pools, seed: int = 0) -> None:
        if not pools.paragraphs:
            raise ValueError("the sample articles have no paragraphs to recombine")
        self.pools = pools
        self.seed = seed

    @classmethod
    def from_folders(cls, folders: Iterable[str | Path] = DEFAULT_SOURCES, seed: int = 0) -> Generator:
        pools = Pools()
        for folder in folders:
            for path in sorted(Path(folder).glob("*.txt")):
                pools.add(path.read_text(encoding="utf-8"))
        return cls(pools, seed)

    def articles(self, n: int, prefix: str = "gen") -> Iterator[Article]:
        rng = random.Random(self.seed)
        seen: set[int] = set()
        i = 0
        while i < n:
            article = self._article(rng, f"{prefix}-{i:06d}")
            key = hash(article.text)
            if key in seen:  # astronomically rare; keeps the promise that all differ
                continue
            seen.add(key)
            i += 1
            yield article

    def _article(self, rng: random.Random, doc_id: str) -> Article:
        p = self.pools
        province = rng.choice(PROVINCES)
        others: dict[str, str] = {}  # the same stand-in for a province all through the article
        published = date(2015, 1, 1) + timedelta(days=rng.randrange(10 * 365))
        section = rng.choice(SECTIONS)
        scale = rng.choice((0.5, 0.8, 1.25, 1.5, 2.0, 3.0))

        def vary(piece: Piece) -> str:
            swap = {piece.province: province} if piece.province else {}
            text = _PROVINCE.sub(lambda m: _swap(m.group(1), province, swap, others, rng), piece.text)
            text = _CITY_PROVINCE.sub(lambda m: m.group(1) if m.group(1) in ("Hanoi", "Ho Chi Minh City")
                                      else f"{m.group(1)} City", text)
            shift = published.year - piece.year
            return _NUMBER.sub(lambda m: _numbers(m, shift, scale * rng.uniform(0.7, 1.3)), text)

        title = vary(rng.choice(p.titles))
        if province not in title:
            head = title if title[1:2].isupper() else title[0].lower() + title[1:]
            title = f"{province}: {head}" if rng.random() < 0.5 else f"{province} {title}"
        body: list[str] = []
        paragraphs = rng.sample(p.paragraphs, k=min(len(p.paragraphs), rng.randint(4, 9)))
        for k, para in enumerate(paragraphs):
            if k and p.headings and rng.random() < 0.25:
                body.append(vary(rng.choice(p.headings)))
            body.append(vary(para))
        lead_text = vary(rng.choice(p.leads)) if p.leads else f"{province} Province is growing."
        hour, minute = rng.randrange(6, 22), rng.randrange(60)
        lines = [title, f"{hour:02d}:{minute:02d} | {published:%d/%m/%Y} {section}", f"(VEN) - {lead_text}"]
        if p.captions and rng.random() < 0.6:
            lines.append(vary(rng.choice(p.captions)))
        lines += body
        lines.append(rng.choice(AUTHORS))
        if rng.random() < 0.3:
            slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
            lines.append(f"Source: https://ven.congthuong.vn/{slug}-{rng.randrange(10000, 99999)}.html")
        return Article(doc_id, title, published, section, province, "\n\n".join(lines) + "\n")

    # ------------------------------------------------------------ writing

    def write_txt(self, folder: str | Path, n: int, prefix: str = "gen") -> list[Article]:
        """``n`` articles as one .txt file each; returns them (text included)."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        out = []
        for article in self.articles(n, prefix):
            (folder / f"{article.doc_id}.txt").write_text(article.text, encoding="utf-8")
            out.append(article)
        return out

    def write_jsonl(self, path: str | Path, n: int, prefix: str = "batch") -> list[Article]:
        """``n`` articles as rows of one JSONL batch file."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        out = list(self.articles(n, prefix))
        with path.open("w", encoding="utf-8") as f:
            for article in out:
                f.write(json.dumps(article.record(), ensure_ascii=False) + "\n")
        return out

    def write_pdfs(self, folder: str | Path, n: int, articles_per_pdf: int = 6, prefix: str = "report") -> int:
        """``n`` multi-page PDF reports of several articles each; returns the number of pages."""
        from fpdf import FPDF

        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        pages = 0
        articles = self.articles(n * articles_per_pdf, prefix)
        for k in range(n):
            pdf = FPDF(format="A4")
            pdf.set_auto_page_break(True, margin=15)
            pdf.add_page()
            for _ in range(articles_per_pdf):
                article = next(articles)
                for j, para in enumerate(article.text.split("\n\n")):
                    pdf.set_font("Helvetica", style="B" if j == 0 else "", size=14 if j == 0 else 11)
                    pdf.multi_cell(0, 6, _latin1(para))
                    pdf.ln(3)
                pdf.ln(6)
            pages += pdf.page_no()
            pdf.output(str(folder / f"{prefix}-{k:03d}.pdf"))
        return pages


def _swap(name: str, province: str, swap: dict[str, str], others: dict[str, str], rng: random.Random) -> str:
    """The article's province for the piece's own province, a fixed other one for any other."""
    if name in swap:
        return swap[name]
    if name not in others:
        taken = set(others.values()) | {province}
        others[name] = rng.choice([p for p in PROVINCES if p not in taken])
    return others[name]


def _numbers(m: re.Match[str], year_shift: int, factor: float) -> str:
    """A number or a range with its years moved by ``year_shift`` and other figures scaled by ``factor``."""
    first = _number(m.group(1), year_shift, factor)
    if m.group(3) is None:
        return first
    return first + m.group(2) + _number(m.group(3), year_shift, factor)


def _number(text: str, year_shift: int, factor: float) -> str:
    """A year moved by ``year_shift``; any other number scaled, keeping its decimals and thousands commas."""
    plain = text.replace(",", "")
    if "." not in plain and len(plain) == 4 and _YEAR_MIN <= int(plain) <= _YEAR_MAX:
        return str(int(plain) + year_shift)
    decimals = len(plain.split(".")[1]) if "." in plain else 0
    value = float(plain) * factor
    if decimals == 0:
        value = max(1.0, round(value))
        if len(plain) == 4 and int(value) in range(_YEAR_MIN, _YEAR_MAX + 1):
            value += 150  # keep a non-year four-digit number from turning into a year
    out = f"{value:,.{decimals}f}" if "," in text else f"{value:.{decimals}f}"
    if decimals and float(out.replace(",", "")) == 0:
        out = f"{10 ** -decimals:.{decimals}f}"
    return out


_LATIN1 = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "…": "..."})


def _latin1(text: str) -> str:
    """Text the PDF core fonts can draw (they know Latin-1 only)."""
    return text.translate(_LATIN1).encode("latin-1", "replace").decode("latin-1")

"""Province gazetteer: spellings, context rules, districts, sources and the article's own province."""
from __future__ import annotations

import doctest
import importlib
import json
import shutil
import unicodedata
from datetime import date
from pathlib import Path

import pytest

from venextract.normalize.primary_province import infer_primary, province_of_source
from venextract.normalize.provinces import Gazetteer, load_gazetteer
from venextract.normalize.spellings import fold, tone_variants
from venextract.resources import read_csv, read_lines

from .conftest import ROOT


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


def provinces(gaz: Gazetteer, text: str, **kw) -> list[str]:
    return [m.province for m in gaz.find(text, **kw)]


# ------------------------------------------------------------------ the files themselves

def test_gazetteer_files_are_consistent() -> None:
    units = read_csv("provinces.csv")
    names = {u["name"] for u in units}
    assert len(units) == 63 and len(names) == 63
    codes = [u["code"] for u in units]
    assert len(set(codes)) == 63 and all(len(c) == 2 and c.isdigit() for c in codes)
    assert sum(u["type"] == "city" for u in units) == 5
    assert {"Ha Noi", "Ho Chi Minh City", "Thua Thien Hue", "Ba Ria - Vung Tau", "Dak Lak", "Khanh Hoa"} <= names
    new_units = {u["new_2025"] for u in units}
    assert len(new_units) == 34
    assert len({u["region"] for u in units}) == 6
    new_only = new_units - names  # "Hue": the one new name that is no old name
    for file in ("province_variants.csv", "province_variants_extra.csv"):
        for row in read_csv(file):
            assert row["canonical"] in names | new_only or row["canonical"] == "", (file, row)
    for file in ("districts.csv", "districts_extra.csv"):
        rows = read_csv(file)
        assert rows and all(r["province"] in names and r["level"] in {"district", "commune"} for r in rows), file
        assert all(r["name"].isascii() for r in rows), file
    districts = [r for r in read_csv("districts.csv") if r["level"] == "district"]
    assert 690 <= len(districts) <= 720
    for row in read_csv("sources.csv"):
        assert row["province"] in names and row["kind"] in {"domain", "tag"} and row["origin"] in {"generated", "hand"}
    assert "Nguyen" in read_lines("vietnamese_surnames.txt")


def test_ambiguity_flags_in_districts() -> None:
    flags = {(r["name"], r["province"]): r["ambiguous"] for r in read_csv("districts.csv") if r["level"] == "district"}
    assert flags[("Hoa Binh", "Bac Lieu")] == "shared+province_name"  # a district of Bac Lieu
    assert flags[("Chau Thanh", "Ben Tre")] == "shared"
    assert flags[("Khoai Chau", "Hung Yen")] == ""


def test_gazetteer_loads_from_a_folder_with_only_some_files(tmp_path) -> None:
    (tmp_path / "province_variants_extra.csv").write_text(
        "variant,canonical,cased,since,note\nXu Thanh,Thanh Hoa,,,\n", encoding="utf-8"
    )
    g = Gazetteer(tmp_path)
    assert provinces(g, "Rice from Xu Thanh.") == ["Thanh Hoa"]
    assert provinces(g, "Rice from Hanoi.") == []  # the edited copy replaces the hand-written spellings


# ------------------------------------------------------------------ spellings

@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Exports from Hanoi rose.", "Ha Noi"),
        ("Exports from Ha Noi rose.", "Ha Noi"),
        ("Exports from HÀ NỘI rose.", "Ha Noi"),
        ("The HCM City office opened.", "Ho Chi Minh City"),
        ("HCMC's retailers expanded.", "Ho Chi Minh City"),
        ("A fair in Ho Chi Minh city.", "Ho Chi Minh City"),
        ("Goods sold in TP.HCM shops.", "Ho Chi Minh City"),
        ("Saigon Co.op opened a store.", "Ho Chi Minh City"),
        ("Thua Thien-Hue builds clusters.", "Thua Thien Hue"),
        ("ThuaThien Hue builds clusters.", "Thua Thien Hue"),
        ("Thừa Thiên Huế builds clusters.", "Thua Thien Hue"),
        ("Ba Ria-Vung Tau ports grow.", "Ba Ria - Vung Tau"),
        ("Ba Ria Vung Tau ports grow.", "Ba Ria - Vung Tau"),
        ("Bà Rịa – Vũng Tàu ports grow.", "Ba Ria - Vung Tau"),
        ("BR-VT ports grow.", "Ba Ria - Vung Tau"),
        ("Daklak coffee sells well.", "Dak Lak"),
        ("Đắk Lắk coffee sells well.", "Dak Lak"),
        ("Đăk Lăk coffee sells well.", "Dak Lak"),
        ("Sedge mats from Thanh Hoá.", "Thanh Hoa"),
        ("Sedge mats from Thanh Hóa.", "Thanh Hoa"),
        ("Khánh Hoà fish sauce.", "Khanh Hoa"),
        ("Bac Can forest products.", "Bac Kan"),
        ("Kontum coffee.", "Kon Tum"),
        ("Danang hotels are full.", "Da Nang"),
    ],
)
def test_spellings(gaz: Gazetteer, text: str, expected: str) -> None:
    assert provinces(gaz, text) == [expected]


def test_names_start_with_a_capital(gaz: Gazetteer) -> None:
    """Province names are proper nouns: a lower-case word (a URL slug, a common noun) is none."""
    assert provinces(gaz, "Read thua-thien-hue-s-industry and long an essay on ben tre.") == []
    assert provinces(gaz, "Thua thien-hue and LONG AN grow.") == ["Thua Thien Hue", "Long An"]


def test_decomposed_text_keeps_offsets(gaz: Gazetteer) -> None:
    text = unicodedata.normalize("NFD", "Hàng từ Hà Nội và Thanh Hóa.")
    found = gaz.find(text)
    assert [m.province for m in found] == ["Ha Noi", "Thanh Hoa"]
    assert all(text[m.start_char:m.end_char] == m.text for m in found)


def test_match_record(gaz: Gazetteer) -> None:
    text = "Investors came to Thua Thien-Hue Province and Da Nang City, not Bac Giang city."
    found = gaz.find(text)
    assert [(m.text, m.province, m.code) for m in found] == [
        ("Thua Thien-Hue Province", "Thua Thien Hue", "46"),
        ("Da Nang City", "Da Nang", "48"),
        ("Bac Giang", "Bac Giang", "24"),
    ]
    assert all(text[m.start_char:m.end_char] == m.text for m in found)


def test_organisation_names_name_the_province(gaz: Gazetteer) -> None:
    text = "Products of Minh Phat Hung Yen Co., Ltd and the Ha Tinh Department of Industry and Trade."
    assert provinces(gaz, text) == ["Hung Yen", "Ha Tinh"]


# ------------------------------------------------------------------ what is not a province

@pytest.mark.parametrize(
    "text",
    [
        "Deputy Director Nguyen Thanh Hoa said output doubled.",
        "Le Thi Thanh Hoa, a weaver in the village, said.",
        "Tran Quang Nam, head of the cooperative, agreed.",
        "Ms. Hoa Binh and Mr Thai Binh visited the workshop.",
        "According to Vo Hai Duong, prices rose.",
        "Looms replace hand weaving - photo: Thanh Hoa",
        "Shrimp farmers in Hoa Binh commune sell to traders.",
        "Quang Ninh district is the largest rice grower of its province.",
        "Fishermen along the Dong Nai River face pollution.",
        "The Ho Chi Minh Trail crosses the mountains.",
        "Tourists flock to Dien Bien Phu in May.",
        "It took so long an hour to load the boat.",
        "A different hue of blue.",
        "See www.hanoi.gov.vn for details.",
    ],
)
def test_not_provinces(gaz: Gazetteer, text: str) -> None:
    assert provinces(gaz, text) == []


def test_byline_is_a_person(gaz: Gazetteer) -> None:
    text = "Ha Tinh Province plans 20 new models.\n\nThe province will fund them.\n\nThanh Hoa\n\nViews: 12"
    assert provinces(gaz, text) == ["Ha Tinh"]


def test_a_long_name_before_the_province_is_no_person(gaz: Gazetteer) -> None:
    # four words before: the company's owner is Hoang Minh Chau, Hung Yen is the province
    assert provinces(gaz, "Products of Hoang Minh Chau Hung Yen Co., Ltd (Khoai Chau).") == ["Hung Yen"]
    assert provinces(gaz, "A tour of Mai Chau Hoa Binh in spring.") == ["Hoa Binh"]


def test_homonymous_district_in_a_list(gaz: Gazetteer) -> None:
    assert provinces(gaz, "Quang Ninh and Bo Trach districts of Quang Binh grow rice.") == ["Quang Binh"]
    assert provinces(gaz, "the districts of Quang Ninh and Le Thuy in Quang Binh") == ["Quang Binh"]
    assert provinces(gaz, "Quang Ninh and Hai Phong ports are busy.") == ["Quang Ninh", "Hai Phong"]


def test_vinh_city_is_nghe_an(gaz: Gazetteer) -> None:
    text = "Fairs in Vinh city drew buyers from Vinh Long and Vinh Phuc."
    assert provinces(gaz, text) == ["Vinh Long", "Vinh Phuc"]
    assert [p[3] for p in gaz.find_places(text)] == ["Nghe An"]


# ------------------------------------------------------------------ 2025 names

def test_new_2025_units(gaz: Gazetteer) -> None:
    assert gaz.new_unit("Vinh Phuc") == "Phu Tho"
    assert gaz.new_unit("Ba Ria - Vung Tau") == "Ho Chi Minh City"
    assert gaz.new_unit("Thua Thien Hue") == "Hue"
    assert gaz.new_unit("Hue") == "Hue" and gaz.code("Hue") == "46"
    assert gaz.code("Bac Giang") == "24" and gaz.code("Nowhere") is None
    # a merged unit's name that is an old name is that old name
    assert provinces(gaz, "The new Bac Ninh province was formed in July 2025.") == ["Bac Ninh"]
    # a new name that is no old name is given as written, in texts from 2025 on
    after = date(2025, 8, 1)
    assert [(m.text, m.province) for m in gaz.find("Hue City opened a fair.", published=after)] == [
        ("Hue City", "Hue")
    ]
    assert provinces(gaz, "Hue City opened a fair.", published=date(2020, 1, 1)) == []
    assert [p[3] for p in gaz.find_places("Hue city opened a fair.")] == ["Thua Thien Hue"]


# ------------------------------------------------------------------ look-ups

def test_canonical_and_variants(gaz: Gazetteer) -> None:
    assert gaz.canonical("HCMC") == "Ho Chi Minh City"
    assert gaz.canonical("Hồ Chí Minh") == "Ho Chi Minh City"
    assert gaz.canonical("Tỉnh Thanh Hoá") == "Thanh Hoa"
    assert gaz.canonical("Quang Ninh Province") == "Quang Ninh"
    assert gaz.canonical("Dien Bien Phu") is None and gaz.canonical("Atlantis") is None
    variants = gaz.variants()
    assert variants["Hanoi"] == "Ha Noi" and variants["Đắk Lắk"] == "Dak Lak"
    assert "Hue" not in variants and gaz.variants(date(2025, 9, 1))["Hue"] == "Hue"
    assert "Dien Bien Phu" not in variants


def test_fold_and_tone_variants() -> None:
    assert fold("Bà Rịa – Vũng Tàu") == fold("ba ria-vung tau") == "ba ria-vung tau"
    assert tone_variants("Khánh Hòa") == ["Khánh Hòa", "Khánh Hoà"]
    assert tone_variants("Quý Châu") == ["Quý Châu"]


# ------------------------------------------------------------------ districts and communes

def test_places_with_unit_words_and_lists(gaz: Gazetteer) -> None:
    text = (
        "Workshops in Kim Dong district and Giong Trom, Thanh Phu and Binh Dai districts, and in the districts "
        "of Duy Xuyen and Dai Loc, as well as Bat Trang commune, Gia Lam district."
    )
    got = [(p[2], p[3]) for p in gaz.find_places(text)]
    assert got == [
        ("Kim Dong", "Hung Yen"), ("Giong Trom", "Ben Tre"), ("Thanh Phu", "Ben Tre"), ("Binh Dai", "Ben Tre"),
        ("Duy Xuyen", "Quang Nam"), ("Dai Loc", "Quang Nam"), ("Bat Trang", "Ha Noi"), ("Gia Lam", "Ha Noi"),
    ]
    assert all(text[s:e] == t for s, e, t, _ in gaz.find_places(text))


def test_shared_district_names_need_context(gaz: Gazetteer) -> None:
    assert gaz.find_places("A cluster in Chau Thanh district.") == []
    assert gaz.find_places("Potters in Bat Trang commune.") == []  # Ha Noi and Hai Phong both have one
    got = gaz.find_places("Ben Tre will build a cluster in Chau Thanh district.")
    assert [(p[2], p[3]) for p in got] == [("Chau Thanh", "Ben Tre")]
    got = gaz.find_places("Shrimp ponds in Hoa Binh district of Bac Lieu Province.")
    assert [(p[2], p[3]) for p in got] == [("Hoa Binh", "Bac Lieu")]


def test_bare_district_names(gaz: Gazetteer) -> None:
    got = gaz.find_places("Silver from Phu Ung (An Thi) and honey from Me So commune (Van Giang).")
    assert {p[3] for p in got} == {"Hung Yen"} and [p[2] for p in got] == ["An Thi", "Me So", "Van Giang"]
    # a person's name that is also a district's is left out
    assert gaz.find_places("said Nguyen Kim Son, the director.") == []


# ------------------------------------------------------------------ sources

@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("baohungyen.vn", "Hung Yen"),
        ("https://www.baoquangninh.vn/ocop-tai-binh-lieu-3150.html", "Quang Ninh"),
        ("http://en.baothanhhoa.vn/news/a-1.htm", "Thanh Hoa"),
        ("hanoimoi.com.vn", "Ha Noi"),
        ("(BNP) - Bac Ninh's export turnover rose.", "Bac Ninh"),
        ("BTO- Dragon fruit growers", "Binh Thuan"),
        ("(BGĐT) - Lychee season", "Bac Giang"),
        ("Nguồn: Báo Hưng Yên", "Hung Yen"),
        ("Source: Quang Ninh Newspaper", "Quang Ninh"),
        ("Source: Vietnam News Agency", None),
        ("https://ven.congthuong.vn/thanh-hoa-brings-ocop-52117.html", None),
        ("", None),
    ],
)
def test_province_of_source(gaz: Gazetteer, source: str, expected: str | None) -> None:
    assert province_of_source(gaz, source) == expected


# ------------------------------------------------------------------ the article's province

DISTRICTS_ONLY = """Craft villages find new buyers

Over the past years, the province has supported craft villages to renew equipment and reach new markets.

Silk weavers in Khoai Chau district and wood carvers in Van Giang district received VND 3 billion.

In Kim Dong district, a brick cooperative installed a tunnel kiln. The province will also help 40 workshops.
"""

SOURCE_LINE = """OCOP products reach airports

Products from the mountainous district and the island district can be found in shops across the province.

The provincial OCOP center plans 20 new sales points in the coming time.

Nguồn: baoquangninh.vn
"""

NATIONAL = """National program funds rural industry

(VEN) - The Ministry of Industry and Trade said the national industry promotion program funded 3,200 projects.

Provinces such as Ha Giang, Son La and Dien Bien used the money to support brocade weaving.

All 63 provinces and centrally run cities now have industry promotion centers.
"""

TWO_PROVINCES = """Hanoi and Ho Chi Minh City lead in retail sales

Hanoi and Ho Chi Minh City accounted for a third of national retail sales in 2022.

Supermarkets in Hanoi grew by 9 percent, while those in Ho Chi Minh City grew by 8 percent.
"""

ONE_SUBJECT = """Binh Duong attracts FDI

(VEN) - Binh Duong Province remained a leading destination for foreign investors.

Ring roads will connect Binh Duong with HCMC, Dong Nai and Long An.

In 2022, Binh Duong strives to attract US$1.5 billion of FDI.
"""

TITLE_SUBJECT = """Long An draws investors from Ho Chi Minh City

Long An Province has become a favourite of investors from Ho Chi Minh City, who move factories there.

Land in Ho Chi Minh City costs twice as much, and Ho Chi Minh City firms lack space.

Long An plans four new industrial parks by 2025.
"""

DATELINE = """Ministry tightens rules on industrial clusters

HÀ NỘI — The Ministry of Industry and Trade has issued new rules on building industrial clusters nationwide.

Localities must submit plans for approval, the ministry said at a conference in Hanoi on Monday.
"""

VENUE = """Over 78 percent of communes meet new-style rural standards

By the end of 2023, 6,285 communes had met the standards, the Ministry of Agriculture said at a conference in Hanoi.

Twenty-one provinces, including Nam Dinh, Thai Binh and Dong Nai, have had all of their communes recognised.
"""

AGENCY_DATELINE = """Handicraft exporters see orders return

Hà Nội, March 3 (VNA) – Vietnam's handicraft exports are recovering, with many craft villages having full order books.

Hà Nội alone has more than 1,300 craft villages, while Nam Định and Thái Bình are known for rattan.
"""

REGIONAL = """Mekong Delta localities look to new markets for farm exports

Exporters in the Mekong Delta are turning to India, officials of An Giang, Dong Thap and Can Tho said.

Can Tho's export turnover rose 8 percent, while Dong Thap and An Giang also posted gains.

Source: baocantho.com.vn
"""

ANAPHORA = """Cooperatives modernise

Brocade cooperatives in the province bought 40 looms last year, the provincial Department of Industry said.

Lao Cai also plans to train 500 young people. The province will raise support levels.
"""


@pytest.mark.parametrize(
    ("name", "title", "text", "url", "expected"),
    [
        ("districts only", None, DISTRICTS_ONLY, None, "Hung Yen"),
        ("source line", None, SOURCE_LINE, None, "Quang Ninh"),
        ("source url", None, SOURCE_LINE.replace("Nguồn: baoquangninh.vn", ""), "https://baoquangninh.vn/a-1.html",
         "Quang Ninh"),
        ("national round-up", "National program funds rural industry", NATIONAL, None, None),
        ("two provinces", "Hanoi and Ho Chi Minh City lead in retail sales", TWO_PROVINCES, None, None),
        ("one subject", "Binh Duong attracts FDI", ONE_SUBJECT, None, "Binh Duong"),
        ("anaphora", "Cooperatives modernise", ANAPHORA, None, "Lao Cai"),
        ("title subject", "Long An draws investors from Ho Chi Minh City", TITLE_SUBJECT, None, "Long An"),
        ("dateline of a national piece", "Ministry tightens rules on industrial clusters", DATELINE, None, None),
        ("dated agency dateline of a national piece", "Handicraft exporters see orders return", AGENCY_DATELINE,
         None, None),
        ("regional piece from a provincial paper", "Mekong Delta localities look to new markets for farm exports",
         REGIONAL, None, None),
        ("venue of a national piece", "Over 78 percent of communes meet new-style rural standards", VENUE, None, None),
        ("empty", None, "Prices rose.", None, None),
    ],
)
def test_infer_primary(gaz: Gazetteer, name: str, title: str | None, text: str, url: str | None,
                       expected: str | None) -> None:
    assert infer_primary(gaz, title, text, url) == expected, name


def test_infer_primary_uses_the_title_spelling(gaz: Gazetteer) -> None:
    text = "Thanh Hoá brings OCOP products to chains\n\nThanh Hoá Province is turning specialties into brands.\n"
    assert infer_primary(gaz, "Thanh Hoá brings OCOP products to chains", text) == "Thanh Hoa"


def test_infer_primary_vietnams_superlative(gaz: Gazetteer) -> None:
    text = (
        "Vietnam's coffee capital builds a processing cluster\n\n"
        "Dak Lak will spend VND 250 billion on a coffee processing cluster in Buon Ma Thuot city.\n"
    )
    assert infer_primary(gaz, "Vietnam's coffee capital builds a processing cluster", text) == "Dak Lak"


def test_infer_primary_new_name(gaz: Gazetteer) -> None:
    text = "Hue City expands festival\n\nHue City will host 20 events in 2026, the city said.\n"
    assert infer_primary(gaz, "Hue City expands festival", text, published=date(2025, 10, 1)) == "Hue"


def test_unit_word_picks_the_homonym(gaz: Gazetteer) -> None:
    text = "Shrimp ponds in Hoa Binh district grow fast. Hoa Binh city hosts a fair."
    assert [(p[2], p[3]) for p in gaz.find_places(text)] == [("Hoa Binh", "Bac Lieu"), ("Hoa Binh", "Hoa Binh")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Residents of a Hanoi ward protested.", ["Ha Noi"]),
        ("Bac Ninh villages make paper.", ["Bac Ninh"]),
        ("Bac Ninh and Hung Yen villages make paper.", ["Bac Ninh", "Hung Yen"]),
        ("Mountainous districts of Quang Nam and Quang Ngai lack roads.", ["Quang Nam", "Quang Ngai"]),
        ("The districts of Quang Nam need roads.", ["Quang Nam"]),
        ("Tea from Thanh Hoa commune of Tuyen Quang.", ["Tuyen Quang"]),
    ],
)
def test_province_as_modifier_of_unit_words(gaz: Gazetteer, text: str, expected: list[str]) -> None:
    assert provinces(gaz, text) == expected


def test_names_do_not_span_paragraphs(gaz: Gazetteer) -> None:
    assert provinces(gaz, "Workers from Thanh\nHoa moved south.") == ["Thanh Hoa"]  # a wrapped line
    assert provinces(gaz, "The village of Dong Thanh\n\nHoa Binh farmers said.") == ["Hoa Binh"]


def test_tags_open_a_paragraph(gaz: Gazetteer) -> None:
    assert province_of_source(gaz, "Auditors (BDO) reviewed the accounts.") is None
    assert province_of_source(gaz, "Lead.\n(BDO) - Binh Duong's exports rose.") == "Binh Duong"


def test_credit_words_need_their_colon(gaz: Gazetteer) -> None:
    assert provinces(gaz, "Drying noodles - Photo by Thanh Hoa") == []
    assert provinces(gaz, "Cheap credit Thanh Hoa farmers can use.") == ["Thanh Hoa"]


def test_byline_on_the_last_line(gaz: Gazetteer) -> None:
    assert provinces(gaz, "Ha Tinh plans 20 models.\n\nThe province will fund them.\n\nThanh Hoa") == ["Ha Tinh"]


def test_districts_in_the_headline_name_the_province() -> None:
    from venextract.normalize.provinces import load_gazetteer

    g = load_gazetteer(None)
    title = "Giao Thuy and Hai Hau lift their seafood processing"
    text = (title + "\n\nProcessors in Giao Thuy and Hai Hau districts sell dried shrimp to buyers in Hanoi.\n\n"
            "Many of the products reach supermarkets in Hanoi and Hai Phong.")
    assert infer_primary(g, title, text) == "Nam Dinh"


# ------------------------------------------------------------------ doctests

@pytest.mark.parametrize("name", ["spellings", "provinces", "primary_province"])
def test_doctests(name: str) -> None:
    result = doctest.testmod(importlib.import_module(f"venextract.normalize.{name}"))
    assert result.attempted > 0 and result.failed == 0


def test_subject_cues_are_read_from_an_edited_copy(tmp_path: Path) -> None:
    """The venue words live in patterns/primary_province.json: a word added there takes effect, also
    after the file was read once."""
    copy = tmp_path / "patterns"
    shutil.copytree(ROOT / "patterns", copy)
    text = VENUE.replace("said at a conference in Hanoi", "said at an expo in Hanoi")
    title = VENUE.splitlines()[0]
    gaz = Gazetteer(copy)
    assert infer_primary(gaz, title, text) == "Ha Noi"  # "expo" is no venue word: Hanoi leads the lead
    cues = json.loads((copy / "primary_province.json").read_text(encoding="utf-8"))
    cues["venue_events"].append("expo")
    (copy / "primary_province.json").write_text(json.dumps(cues), encoding="utf-8")
    assert infer_primary(Gazetteer(copy), title, text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hue tourism revenue climbs as night tours pull in crowds", ["Thua Thien Hue"]),
        ("Coffee prices in Pleiku rose again.", ["Gia Lai"]),
        ("Visitors to Hue rose 18% this year.", ["Thua Thien Hue"]),
        ("Ms. Hue said sales rose.", []),  # a person
        ("Director Nguyen Thi Hue said sales rose.", []),
        ("The Hue Monuments Conservation Center opened the citadel at night.", []),  # part of a longer name
        ("Exports of Vinh Long rose.", []),  # part of a province's name
    ],
)
def test_a_provincial_city_named_alone(gaz: Gazetteer, text: str, expected: list[str]) -> None:
    """A one-word provincial city counts as its province's place only when it stands alone."""
    assert [p[3] for p in gaz.find_places(text)] == expected


def test_a_headline_city_names_the_subject(gaz: Gazetteer) -> None:
    title = "Hue tourism revenue climbs as night tours pull in crowds"
    text = (f"{title}\n\nThua Thien Hue earned VND6.2 trillion from tourism in the first 11 months.\n\n"
            "Visitors also toured Da Nang, Quang Tri and Quang Binh. Da Nang and Quang Binh drew more.\n\n"
            "Hotels in Da Nang were full.\n")
    assert infer_primary(gaz, title, text, published=date(2024, 12, 10)) == "Thua Thien Hue"

#!/usr/bin/env python3
"""Writes the sample directory of 高阳社区 to NeighborBot.Api/demo/directory.json.

Deterministic: the same file on every run and every Python 3 (choices come from SHA-256 of the
household id, not from `random`). Run from anywhere:

    python3 tools/SampleDirectory/generate.py           # writes the file
    python3 tools/SampleDirectory/generate.py --check   # exits 1 when the file differs

What it holds: 7 grids over buildings 1-28 (four each; 第一网格 = 1-4), two units of six floors with
rooms x01 and x02 per building, of which about half are registered households (3-2-501 always),
23% tagged elderly60, about a third of those living-alone, ground floors of buildings 1-3 and
25-28 low-lying; two grid workers and a grid leader per grid, a secretary, staff of 物业, 派出所, 司法所,
消防 and 服务中心, two mediators, 20 party-member volunteers (党员志愿者) each paired with 3-6 elderly
households of their grid, and three residents. The households paired with a volunteer say who lives
there and their phone, and about a third of them a note for visitors (3-2-501: 王秀英, 耳背). Phones
1380000xxxx (people), 1390000xxxx (households) and openids are made up.
"""
import hashlib
import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[2] / "NeighborBot.Api" / "demo" / "directory.json"

GRID_NAMES = ["第一网格", "第二网格", "第三网格", "第四网格", "第五网格", "第六网格", "第七网格"]
BUILDINGS_PER_GRID = 4
UNITS = 2
FLOORS = 6
ROOMS_PER_FLOOR = 2
REGISTERED = 0.54          # share of the 672 flats that are registered households
ELDERLY = 0.23             # share of households tagged elderly60 (product.md: 23% of residents)
LIVING_ALONE = 0.35        # share of the elderly households also tagged living-alone
LOW_LYING_BUILDINGS = {1, 2, 3, 25, 26, 27, 28}
VOLUNTEERS = 20
ALWAYS = {"3-2-501"}       # the walk-through's household

# Distinct made-up names; the first five are those of the example in interfaces.md.
NAMES = """张伟 李娜 王强 赵敏 刘洋 陈静 杨帆 黄磊 周婷 吴刚 徐丽 孙浩 胡娟 朱明 高翔 林芳 何军 郭霞 马超 罗琳
梁勇 宋佳 郑涛 谢冬梅 韩雪 唐建国 冯秀英 于海 董玉兰 萧红 程志刚 曹桂英 袁立新 邓晓燕 许文博 傅春梅 沈国华
曾丽华 彭德明 吕淑珍 苏建平 卢秀兰 蒋卫东 蔡桂芳 贾振华 丁凤英 魏志强 薛玉梅 叶红军 阎淑华 余春生 潘翠兰
杜建军 戴秀珍 夏永刚 钟丽娟 汪德胜 田淑英 任国庆 姜桂兰""".split()

# Who lives in the paired households (older people's names), and what a visitor should know.
ELDERS = """王秀英 李桂兰 张淑珍 刘玉梅 陈凤英 杨德福 赵永贵 黄玉珍 周桂芝 吴宝山 徐金花 孙长林 胡秀兰 朱福生 高翠花
林振华 何春兰 郭淑英 马德胜 罗素珍""".split()
NOTES = ["耳背，敲门要用力", "腿脚不便，行动要搀扶", "独居，女儿在外地", "有糖尿病，别送甜食", "养了一只狗，进门前先打招呼", "白天常在楼下花园"]
NOTED = 0.35               # share of the paired households with a note

# The WeChat groups of the demo bridge, and the community's public spots with the grid that looks after each.
GROUPS = [
    {"bridge": "demo", "id": "3号楼住户群", "name": "3号楼住户群", "grid": "g1"},
    {"bridge": "demo", "id": "6号楼邻里群", "name": "6号楼邻里群", "grid": "g2"},
]
PLACES = [
    {"name": "东门", "aliases": ["小区东门", "东大门"], "grid": "g1"},
    {"name": "北门", "aliases": ["小区北门"], "grid": "g1"},
    {"name": "中心花园", "aliases": ["小花园"], "grid": "g2"},
    {"name": "西门", "aliases": ["小区西门"], "grid": "g3"},
    {"name": "地下车库", "aliases": ["地库"], "grid": "g4"},
    {"name": "快递柜", "grid": "g4"},
    {"name": "南门", "aliases": ["小区南门"], "grid": "g5"},
    {"name": "垃圾站", "aliases": ["垃圾中转站"], "grid": "g6"},
]


def fraction(*parts):
    """A stable number in [0, 1) for the given text."""
    digest = hashlib.sha256("|".join(parts).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def grid_of(building):
    return f"g{(building - 1) // BUILDINGS_PER_GRID + 1}"


def households():
    homes = []
    for building in range(1, BUILDINGS_PER_GRID * len(GRID_NAMES) + 1):
        for unit in range(1, UNITS + 1):
            for floor in range(1, FLOORS + 1):
                for door in range(1, ROOMS_PER_FLOOR + 1):
                    room = f"{floor}{door:02d}"
                    hid = f"{building}-{unit}-{room}"
                    if hid in ALWAYS or fraction("registered", hid) < REGISTERED:
                        homes.append({"id": hid, "building": building, "unit": unit, "room": room, "tags": []})

    elderly_count = round(len(homes) * ELDERLY)
    by_age = sorted(homes, key=lambda h: (h["id"] not in ALWAYS, fraction("elderly", h["id"])))
    elderly = by_age[:elderly_count]
    for h in elderly:
        h["tags"].append("elderly60")
    alone_count = round(len(elderly) * LIVING_ALONE)
    for h in sorted(elderly, key=lambda h: (h["id"] not in ALWAYS, fraction("alone", h["id"])))[:alone_count]:
        h["tags"].append("living-alone")
    for h in homes:
        if h["building"] in LOW_LYING_BUILDINGS and h["room"][0] == "1":
            h["tags"].append("low-lying")
    return homes


def volunteers_per_grid(homes):
    """20 volunteers over the grids in proportion to their elderly households (largest remainder)."""
    elderly = {g: 0 for g in (f"g{i + 1}" for i in range(len(GRID_NAMES)))}
    for h in homes:
        if "elderly60" in h["tags"]:
            elderly[grid_of(h["building"])] += 1
    total = sum(elderly.values())
    shares = {g: VOLUNTEERS * n / total for g, n in elderly.items()}
    counts = {g: int(s) for g, s in shares.items()}
    for g in sorted(shares, key=lambda g: (counts[g] - shares[g], g))[: VOLUNTEERS - sum(counts.values())]:
        counts[g] += 1
    return counts


def people(homes):
    names = iter(NAMES)
    phone = iter(range(1, 10000))
    everyone = []

    def person(pid, openid, roles, **more):
        entry = {"id": pid, "name": next(names), "phone": f"1380000{next(phone):04d}", "openid": openid, "roles": roles}
        entry.update(more)
        everyone.append(entry)

    grids = [f"g{i + 1}" for i in range(len(GRID_NAMES))]
    # The walk-through's people first, so that they carry the example's names.
    # They also write in the demo groups (the simulator's /group plays the bridge "demo").
    person("w-g1-1", "o_worker_g1", ["grid-worker"], grids=["g1"], identities=["grp:demo:o_worker_g1"])
    person("l-g1", "o_leader_g1", ["grid-leader"], grids=["g1"], identities=["grp:demo:o_leader_g1"])
    person("s-1", "o_secretary", ["secretary"])
    person("d-wuye-1", "o_wuye_1", ["department"], department="物业")

    # Volunteers next (the first carries the example's fifth name).
    counts = volunteers_per_grid(homes)
    number = 0
    for g in grids:
        elderly = [h for h in homes if grid_of(h["building"]) == g and "elderly60" in h["tags"]]
        # Those living alone first, then the rest, each volunteer taking every k-th home.
        elderly.sort(key=lambda h: ("living-alone" not in h["tags"], h["building"], h["unit"], h["room"]))
        k = counts[g]
        paired = [elderly[i::k][:6] for i in range(k)]
        for homes_of_one in paired:
            number += 1
            assert 3 <= len(homes_of_one) <= 6, (g, len(homes_of_one))
            person(f"v-{number:02d}", f"o_vol_{number:02d}", ["volunteer"],
                   households=sorted((h["id"] for h in homes_of_one), key=address_key))

    person("w-g1-2", "o_w_g1_2", ["grid-worker"], grids=["g1"])
    for i, g in enumerate(grids[1:], start=2):
        person(f"w-g{i}-1", f"o_w_g{i}", ["grid-worker"], grids=[g])
        person(f"w-g{i}-2", f"o_w_g{i}_2", ["grid-worker"], grids=[g])
    for i, g in enumerate(grids[1:], start=2):
        person(f"l-g{i}", f"o_leader_g{i}", ["grid-leader"], grids=[g])
    person("d-wuye-2", "o_wuye_2", ["department"], department="物业")
    person("d-police-1", "o_police_1", ["department"], department="派出所")
    person("d-police-2", "o_police_2", ["department"], department="派出所")
    person("d-sifa-1", "o_sifa_1", ["department"], department="司法所")
    person("d-fire-1", "o_fire_1", ["department"], department="消防")
    person("d-service-1", "o_service_1", ["department"], department="服务中心")
    person("d-service-2", "o_service_2", ["department"], department="服务中心")
    person("m-1", "o_mediator_1", ["mediator"])
    person("m-2", "o_mediator_2", ["mediator"])
    for i in range(1, 4):
        person(f"r-{i}", f"o_resident_{i}", ["resident"])
    return everyone


def contacts(homes, everyone):
    """Who lives in each household paired with a volunteer, their phone and sometimes a note."""
    paired = {hid for p in everyone for hid in p.get("households", [])}
    for number, h in enumerate(sorted((h for h in homes if h["id"] in paired), key=lambda h: address_key(h["id"])), start=1):
        first = h["id"] in ALWAYS
        h["contact"] = ELDERS[0] if first else ELDERS[int(fraction("contact", h["id"]) * len(ELDERS))]
        h["phone"] = f"1390000{number:04d}"
        if first or fraction("noted", h["id"]) < NOTED:
            h["note"] = NOTES[0] if first else NOTES[int(fraction("note", h["id"]) * len(NOTES))]


def address_key(hid):
    building, unit, room = hid.split("-")
    return int(building), int(unit), room


def document():
    homes = households()
    everyone = people(homes)
    contacts(homes, everyone)
    return {
        "communities": [{"id": "gaoyang", "name": "高阳社区"}],
        "grids": [
            {"id": f"g{i + 1}", "community": "gaoyang", "name": name,
             "buildings": list(range(i * BUILDINGS_PER_GRID + 1, (i + 1) * BUILDINGS_PER_GRID + 1))}
            for i, name in enumerate(GRID_NAMES)
        ],
        "households": homes,
        "people": everyone,
        "groups": GROUPS,
        "places": PLACES,
    }


def render(doc):
    """One entry per line: short enough to read and to edit by hand, and diffs name the entry."""
    def line(entry):
        return json.dumps(entry, ensure_ascii=False, separators=(", ", ": "))

    parts = []
    for key, entries in doc.items():
        body = ",\n".join("    " + line(e) for e in entries)
        parts.append(f'  "{key}": [\n{body}\n  ]')
    return "{\n" + ",\n".join(parts) + "\n}\n"


def main():
    text = render(document())
    if "--check" in sys.argv[1:]:
        same = OUT.exists() and OUT.read_text(encoding="utf-8") == text
        print(f"{OUT}: {'up to date' if same else 'differs; run generate.py'}")
        return 0 if same else 1
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text, encoding="utf-8", newline="\n")
    doc = json.loads(text)
    elderly = sum("elderly60" in h["tags"] for h in doc["households"])
    print(f"{OUT}: {len(doc['grids'])} grids, {len(doc['households'])} households "
          f"({elderly} elderly60), {len(doc['people'])} people")
    return 0


if __name__ == "__main__":
    sys.exit(main())

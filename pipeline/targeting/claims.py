"""Quantity claims in a report's paragraphs: what is measured, the figure, its qualifiers and
whether it is a target, a result, an estimate or a task's plan figure.

A paragraph is read sentence by sentence (split at 。！？) and clause by clause (，；：). In a
clause each figure's indicator is the phrase before its verb (地区生产总值 | 增长 | 6.5% | 左右);
a figure without a phrase of its own takes the last one of its sentence (…超过30万亿元，比上年增长9%;
增长7%以上、力争达到8%). 分别 pairs listed indicators with listed figures in order. The main-targets
block (主要预期目标是：…) marks its figures as targets and also yields its targets without a figure
(居民收入增长与经济增长基本同步).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.targeting.indicators import Indicators

# "The main targets are:", "the growth target is set at" (not "last year's targets were met")
_IS = r"(?:是|为|定为|建议为|建议是|确定为|拟定为|拟为)"
HEADLINE_CUE = re.compile(rf"(?:主要预期目标|主要目标|预期目标|调控目标|主要预期指标|主要指标)(?:任务)?[，,]?{_IS}?[：:]"
                          rf"|(?:预期目标|调控目标|主要目标)[，,]?{_IS}")
# A five-year plan's goals (“十五五”时期主要目标是：…年均增长…) are not this year's targets.
FIVE_YEAR = re.compile(r"十[一二三四五六七八九十]?五|五年|时期|期间|规划|到\d{4}年|20\d\d—20\d\d|年均")
THIS_YEAR = re.compile(r"今年|本年|明年|全年")
TARGET_CUE = re.compile(r"(?:预期目标|调控目标|主要目标|奋斗目标|目标)[，,]?(?:是|为|定为)|计划(?:比上年)?(?:增长|达到|下降|为)|"
                        r"今年计划|要比上年|"
                        r"预期(?:增长|为)|拟按|今年[^。，；]{0,10}拟")
# This year's work (今年要…, 明年将…) in a chapter whose title does not say so.
THIS_YEAR_PLAN = re.compile(r"(?:今年|明年|新的一年)[^。，；]{0,12}(?:要|将|力争|确保|计划|争取)")
# A paragraph about several years (五年来，…; 过去五年…): its figures are totals or end-of-period levels.
MULTI_YEAR = re.compile(r"^[^。，；]{0,6}(?:五年来|过去五年|这五年|[一二三四五六七八九十两\d]+年来|"
                        r"“?十[一二三四五六七八九十]?五”?(?:时期|期间))")
# A sentence that comments on the targets just listed: the block ends before it.
BLOCK_END = re.compile(r"上述|以上(?:目标|指标)|这些(?:目标|指标)|为实现|实现上述|实现这些|完成上述|综合考虑|这是|这个目标|"
                       r"这一目标|这样的目标|这体现|要实现|考虑了|主要考虑|重点抓好|重点做好|着力抓好|抓好以下|做好以下")
LAST_YEAR_TARGET = re.compile(r"年初(?:确定|提出|预期)|去年(?:确定|提出)的")
ESTIMATE_CUE = re.compile(r"预计")
PAST_CUE = re.compile(r"比上年|比去年|较上年|同比|去年|上年|过去|刚刚过去|\d+年来|五年来|累计|完成了|实现了|增长了|达到了|"
                      r"超过了|提高了|下降了|取得了|已经|已")
# A digit, 百分之 or a run of Chinese numerals: a sentence without any holds no figure.
MAY_HOLD_FIGURE = re.compile(r"[0-9０-９]|百分之|[〇零一二三四五六七八九十百千万亿两]{2}")
PERIOD_END = re.compile(r"(?<=[。！？!?])")
CLAUSE_END = re.compile(r"(?<=[，,；;：:])")

# A figure's verb: the last one before it decides (从54万亿元增加到82.7万亿元: 增加到, a level).
DIRECTION = re.compile(
    r"(?P<level>(?:增加|提高|提升|上升|增长|扩大|降低|下降|减少|压减|缩减|回落|减|降)(?:到|至)|增至|降至|达到|达|突破|"
    r"稳定在|保持在|超过|超|实现|完成)"
    r"|(?P<is>定为|定在|为|按)"
    r"|(?P<ceiling>控制在|控制|不超过|不高于)"
    r"|(?P<down>下降|降低|减少|压减|缩减|回落|下调|削减|退出|淘汰|节约|节省|降|低$)"
    r"|(?P<up>增长|增加|提高|提升|上升|上涨|回升|涨幅|增幅|增速|扩大|递增|增|高$)")
DIRECTION_NAMES = {"level": "达到", "is": "", "ceiling": "控制在", "down": "下降", "up": "增长"}  # by group
CEILINGS = ("以内", "之内", "以下", "不超过", "不高于", "低于", "控制在")
HOLDS = ("保持在", "稳定在")  # 涨幅保持在2%左右: the growth noun says the direction
# Words inside indicator names that look like verbs: never read as the figure's verb.
NOT_A_VERB = re.compile(r"增加值|增长点|增长极|新增|增量|降本|超长期")
PRE_QUALIFIER = re.compile(r"确保|力争|争取|努力|不低于|不少于|至少|高于|不超过|不高于|低于|超过")
NEAR = re.compile(r"(约|近|超)$")
POST_QUALIFIER = re.compile(r"(左右|以上|之上|以内|之内|以下|上下)")
STRETCH = re.compile(r"争取更好(?:的)?结果|力争更好(?:的)?结果|争取(?:更好|更快|超过)|执行中争取超过")
BASIS = re.compile(r"年均|平均每年|每年平均|年平均|累计")
MULTI_YEAR_WITHIN = re.compile(r"五年来|过去五年|这五年|\d+年来")
YEAR_NAMED = re.compile(r"(?<![比较从由与同于])(\d{4})年(?![—–\-~至到]\d)")
STARTS_FROM = re.compile(r"(?:从|由)$")
GENERIC = re.compile(r"总量|规模|数量|总数|总计|合计")
# “十五”期间, 十四五时期: a five-year plan, named by its number
FIVE_YEAR_PLAN = re.compile(r"(十[一二三四五六七八九]?|[一二三四五六七八九])五(?:”|\"|)?(?:时期|期间|规划|计划|末)")
# A count whose thing follows it (培育5个产业集群): the words before end with a verb or an example list.
ACTION_END = re.compile(r"(?:等|建成|建设|新建|培育|引进|新增|打造|实施|开工|完成|创建|认定|获批|入选|支持|累计|共|有|"
                        r"开展|举办|组织|带动|吸引|落地|推出|出台|制定|攻克|签约|招引|布局|设立|新设|评为|获得|获)$")
COUNTED = re.compile(r"^[\u4e00-\u9fffA-Za-z0-9“”]{1,12}?(?=[，,；;。、和及与（(]|获|荣获|入选|达到|实现|建成|完成|落地|投产|开工|"
                     r"通过|列入|增长|下降|$)")
LEADING = re.compile(r"^(?:[、和及与并且，,：:“”\"（）()\s]|其中|[一二三四五六七八九十]+是|今年|明年|全年|本年|当年|去年|上年|"
                     r"\d{4}年(?:底|末)?|到|在|"
                     r"预计|计划|力争|确保|争取|努力|实现|推动|推进|促进|完成|建设|新建|建成|实施|全省|全市|全区|全县|全国|全州|全盟|我省|我市|"
                     r"我区|我县|我国|经济社会发展|发展|的|"
                     r"(?:主要)?(?:预期|调控)?目标(?:是|为)?)+")
TRAILING = re.compile(r"(?:比上年|比去年|较上年|比\d{4}年|同比|年均|平均每年|每年|年平均|实际|名义|按可比价格计算|分别|的|"
                      r"(?:宏观)?(?:主要)?(?:预期|调控)?目标(?:是|为|定为)?|计划|预计|预期|力争|确保|争取|要|将|可|再|仍|均|都|共|总计|"
                      r"\d{4}年|[、，,（(“”\"]|在|按|拟|从|由)+$")
QUALITATIVE_PREDICATE = re.compile(r"保持|实现|基本|与经济增长|同步|稳定|平衡|向好|完成|达到|高于|快于|低于|不低于|持续|继续|"
                                   r"进一步|有效|有序|取得|逐步|明显|合理|提质|提效|稳量|扩量|增长|下降|回升|提高|改善|防控|好转|正增长|稳中")
COUNT_UNITS = set("个家项所座条件名批只台套款种支位户处场次部篇艘架") | {"批次", "人次", "家次"}
# 在…的基础上, 在…前提下: a condition of the targets, not one of them
CONDITION = re.compile(r"^在.*(?:基础上|前提下|条件下)$")
MAX_PHRASE = 24
MAX_PRE = 80  # characters before a figure its phrase, verb and qualifiers are read from
# A row's statement and sentence, capped: a run-on "sentence" of hostile input must not copy itself into every row.
MAX_STATEMENT = 300
MAX_SENTENCE = 1000
# Characters before a figure that its kind, basis and year are read from: a real sentence's reach, and a bound on
# the work a run-on "sentence" of hostile input can cause.
WINDOW = 300
MAX_QUALITATIVE = 40


@dataclass
class Claim:
    indicator: str
    indicator_id: str
    value: float | None
    value_high: float | None
    unit: str
    qualifiers: list[str]
    direction: str
    kind: str
    headline: bool
    basis: str
    year: int | None
    statement: str
    sentence: str
    stretch: bool = False


@dataclass
class Context:
    """Where a paragraph stands: its chapter's role and the report's year."""

    role: str | None
    year: int | None
    in_block: bool = False  # a main-targets block continues from the paragraph before (——lines)
    role_past: bool = False  # the paragraph is about several years (五年来，…)


class ClaimReader:
    def __init__(self, indicators: Indicators) -> None:
        self.indicators = indicators
        self.numbers = indicators.quantities

    def paragraph(self, text: str, context: Context) -> list[Claim]:
        """Every claim of one paragraph, in reading order; updates ``context.in_block``.

        A main-targets block in list form (…主要预期目标是：) goes on past its first 。 through the
        paragraph's next sentences (地区生产总值增长5.5%左右。规上工业增加值增长6.5%左右，…) until one that
        comments on it (上述目标…, 为实现…), and through the ——lines that follow the paragraph."""
        claims: list[Claim] = []
        open_block = context.in_block and text.lstrip().startswith(("——", "—", "-"))
        context.role_past = bool(MULTI_YEAR.match(text))  # 五年来，…: the paragraph's figures are over several years
        for sentence in filter(str.strip, PERIOD_END.split(text)):
            if open_block and BLOCK_END.match(sentence.lstrip("—- ")):
                open_block = False
            found, listed = self._sentence(sentence, context, open_block)
            claims += found
            open_block = listed or (open_block and bool(found))
        context.in_block = open_block
        return claims

    def _block_cue(self, normal: str, context: Context) -> re.Match | None:
        """The cue of this year's main-targets block, if the sentence has one: not a five-year plan's goals
        (“十五”时期主要目标是：), not last year's targets recalled in the review (年初确定的预期目标为…)."""
        cue = HEADLINE_CUE.search(normal)
        if cue is None or context.role == "review":
            return None
        if FIVE_YEAR.search(normal[:cue.start()]) and not THIS_YEAR.search(normal[:cue.start()]):
            return None
        return cue

    def _sentence(self, sentence: str, context: Context, continues: bool) -> tuple[list[Claim], bool]:
        """The sentence's claims, and whether a main-targets block in list form is open at its end."""
        if not MAY_HOLD_FIGURE.search(sentence) and not continues:  # most sentences: nothing to read
            return [], False
        normal = self.numbers.normalise(sentence)
        shown = _capped(sentence.strip(), MAX_SENTENCE)  # every row's sentence column
        cue = self._block_cue(normal, context)
        block_start = cue.end() if cue else (0 if continues else None)
        listing = continues or bool(cue and cue[0].endswith(("：", ":")))  # 主要预期目标是：A；B；C
        claims: list[Claim] = []
        offset = 0
        previous_clause = ""
        block: list[tuple[str, int]] = []  # clauses of the main-targets block without a figure
        for clause in CLAUSE_END.split(normal):
            start, offset = offset, offset + len(clause)
            in_block = block_start is not None and offset > block_start
            found = self.numbers.find(clause)
            if not found:
                stretch = STRETCH.search(clause)
                if claims and stretch:
                    claims[-1].qualifiers.append(_stretch_word(stretch[0]))
                elif in_block and listing and not HEADLINE_CUE.search(clause):
                    block.append((clause, len(claims)))
                previous_clause = clause
                continue
            kind = self._sentence_kind(normal[max(0, offset - WINDOW):offset], context)  # the words up to here
            clause_kind = "target" if in_block else kind
            if clause_kind != "target" and ESTIMATE_CUE.search(normal[max(0, start - WINDOW):start + found[0].start]):
                clause_kind = "estimate"
            # an estimate in a review (预计全年增长5.5%) is of last year's outturn
            past = (kind == "achieved" or (kind == "target" and context.role == "review")) and not in_block
            claims += self._clause(clause, found, claims, previous_clause, clause_kind, in_block,
                                   normal[max(0, start - WINDOW):start],
                                   shown, context, past)
            stretch = STRETCH.search(clause, found[-1].end)  # 增长5%左右、努力争取更好结果
            if claims and stretch:
                claims[-1].qualifiers.append(_stretch_word(stretch[0]))
            previous_clause = clause
        if any(c.headline and c.indicator_id for c in claims) or (continues and block):
            for clause, position in reversed(block):  # a real targets block: its unquantified targets too
                qualitative = self._qualitative(clause, shown, context)
                if cue or any(c.indicator_id for c in qualitative):  # past the cue's sentence: named indicators only
                    claims[position:position] = qualitative
        return claims, listing

    def _sentence_kind(self, normal: str, context: Context) -> str:
        """target, achieved or plan, from the sentence's words up to the figure and the chapter's role."""
        if context.role == "plan":
            return "plan"
        if TARGET_CUE.search(normal) and (context.role != "review" or LAST_YEAR_TARGET.search(normal)):
            return "plan" if FIVE_YEAR.search(normal) and not THIS_YEAR.search(normal) else "target"
        if THIS_YEAR_PLAN.search(normal) and not LAST_YEAR_TARGET.search(normal):  # 今年要新增城镇就业5万人以上
            return "plan"
        if PAST_CUE.search(normal) or context.role in ("review", "situation"):
            return "achieved"
        return "plan"

    def _clause(self, clause: str, found, earlier: list[Claim], previous_clause: str, kind: str, headline: bool,
                before: str, sentence: str, context: Context, past: bool) -> list[Claim]:
        claims: list[Claim] = []
        pairs = self._distributed(clause, found)
        shared = self._read_pre(clause[clause.find("分别"):found[0].start]) if pairs else None
        cursor, pending = 0, ""
        for k, quantity in enumerate(found):
            pre = clause[cursor:quantity.start]
            following = clause[quantity.end: found[k + 1].start if k + 1 < len(found) else len(clause)]
            post = POST_QUALIFIER.match(following)
            cursor = quantity.end + (post.end() if post else 0)
            phrase, direction, qualifiers = self._read_pre(pre)
            if STARTS_FROM.search(pre[-2:]):  # 从54万亿元增加到…: the starting level, not a claim
                pending = self._indicator(phrase)
                continue
            if phrase.startswith(("比", "较", "同比")):  # 比去年预算低0.4个百分点: the sentence's indicator
                phrase = ""
            phrase = phrase or pending
            if GENERIC.fullmatch(phrase):  # 总量达到1.8万家: the sentence's indicator
                phrase = ""
            counted = self._counted(following, quantity.unit)
            if counted and (not phrase or ACTION_END.search(pre) or self._is_count(quantity.unit)):
                phrase = counted  # 培育5个产业集群, 47项成果荣获…, 建设提升300个工会驿站
                direction = "下降" if direction == "下降" else "达到"
            if pairs:
                phrase, own = pairs[k]
                direction = own or shared[1]
                qualifiers = shared[2] + qualifiers
            if post:
                qualifiers.append(post[1])
            elif pairs:  # 分别控制在5%和3%以内: the last figure's qualifier is every figure's
                closing = POST_QUALIFIER.match(clause[found[-1].end:])
                if closing:
                    qualifiers.append(closing[1])
            if quantity.more:
                qualifiers.append("多")
            qualifiers = list(dict.fromkeys(qualifiers))
            indicator = self._indicator(phrase)
            stretch = False
            if not indicator:
                last = claims[-1] if claims else earlier[-1] if earlier else None
                if last is not None:
                    indicator = last.indicator
                    stretch = kind == "target" and any(q in ("力争", "争取", "努力") for q in qualifiers)
                    direction = direction if direction not in ("", "达到") else last.direction
                else:
                    indicator = self._indicator(_strip(previous_clause[-MAX_PRE:]))
            if not indicator:
                continue
            indicator_id = self.indicators.identify(indicator)
            claim = Claim(indicator, indicator_id, quantity.value, quantity.value_high, quantity.unit, qualifiers,
                          self._direction(direction, quantity.unit, qualifiers, indicator_id), kind, headline,
                          self._basis(pre, before, context), self._year(before, clause[:quantity.start], past, context),
                          _capped(clause.strip("，,；;：:"), MAX_STATEMENT), sentence, stretch)
            claims.append(claim)
        return claims

    def _is_count(self, unit: str) -> bool:
        """Things counted one by one (个, 家, 项, ...), or a bare magnitude (近300万群众)."""
        return unit.lstrip("万亿千百") in COUNT_UNITS or unit in ("万", "亿")

    def _counted(self, following: str, unit: str) -> str:
        """The thing a count names right after its unit (5个|产业集群), if any."""
        if unit in ("%", "‰", "百分点") or POST_QUALIFIER.match(following):
            return ""
        match = COUNTED.match(following)
        return _strip(match[0]) if match else ""

    def _read_pre(self, pre: str) -> tuple[str, str, list[str]]:
        """The indicator phrase before a figure, the figure's verb and the qualifiers before it."""
        pre = pre[-MAX_PRE:]  # a phrase is short; a run-on clause must not make the stripping quadratic
        masked = self._masked(pre)
        lead = LEADING.match(pre)  # 实现城镇新增就业46万人: a leading verb or qualifier is not the phrase's end
        skip = lead.end() if lead else 0
        verbs = list(DIRECTION.finditer(masked))
        qualifier_matches = list(PRE_QUALIFIER.finditer(masked))
        cut = min((m.start() for m in verbs + qualifier_matches if m.start() >= skip), default=len(pre))
        qualifiers = [m[0] for m in qualifier_matches]
        near = NEAR.search(pre)
        if near:
            qualifiers.append(near[1])
        direction = ""
        if verbs:
            final = verbs[-1]
            direction = DIRECTION_NAMES[final.lastgroup]
            if final[0] in HOLDS and any(m["up"] for m in verbs[:-1]):
                direction = "增长"
        return _strip(pre[:cut]), direction, qualifiers

    def _masked(self, text: str) -> str:
        """The text with indicator names and verb-like words inside names blanked out."""
        chars = list(text)
        for start, end in [*self.indicators.spans(text), *(m.span() for m in NOT_A_VERB.finditer(text))]:
            chars[start:end] = "□" * (end - start)
        return "".join(chars)

    def _distributed(self, clause: str, found) -> list[tuple[str, str]] | None:
        """分别: (phrase, its own verb) for each figure, when the listed indicators and figures pair up."""
        at = clause.find("分别")
        if at < 0 or len(found) < 2 or found[0].start < at:
            return None
        items = [item for item in re.split(r"[、和及与]", clause[:at]) if item.strip()]
        if len(items) != len(found):
            return None
        pairs = []
        for item in items:
            phrase, direction, _ = self._read_pre(item)
            pairs.append((phrase or _strip(item), direction))
        return pairs

    def _indicator(self, phrase: str) -> str:
        if len(phrase) > MAX_PHRASE:
            phrase = phrase[-MAX_PHRASE:]
        return phrase if re.search(r"[\u4e00-\u9fffA-Za-z]", phrase) else ""

    def _direction(self, direction: str, unit: str, qualifiers: list[str], indicator_id: str) -> str:
        if any(q in CEILINGS for q in qualifiers) and direction != "下降":
            return "控制在"
        if direction == "" and unit in ("%", "‰"):
            indicator = self.indicators.by_id.get(indicator_id)
            return indicator.bare if indicator is not None else "达到"  # 经济增长预期目标为7%左右: growth
        return direction or "达到"

    def _basis(self, pre: str, before: str, context: Context) -> str:
        """年均 (an average per year), 累计 (over several years: 累计, 五年来…), or "" (one year)."""
        found = BASIS.search(pre) or BASIS.search(before[-8:])
        if found and found[0] != "累计":
            return "年均"
        return "累计" if found or context.role_past or MULTI_YEAR_WITHIN.search(before + pre) else ""

    def _year(self, before: str, clause: str, past: bool, context: Context) -> int | None:
        """The year a figure refers to: a year named in its clause (到2027年…), or earlier in the sentence unless
        今年 comes after it or it is another clause's horizon; else last year for results (and estimates of
        them), this year for the rest."""
        for text, earlier in ((clause, False), (before, True)):
            for match in reversed(list(YEAR_NAMED.finditer(text))):
                year = int(match[1])
                if earlier and (THIS_YEAR.search(text, match.end()) or text[max(0, match.start() - 1):match.start()] == "到"):
                    break
                if 1949 <= year <= (context.year or 2100) + 30:
                    return year
        plan = FIVE_YEAR_PLAN.search(before + clause)
        if plan and not past:  # “十五”期间…: the plan's last year
            return plan_end(plan[1])
        if context.year is None:
            return None
        return context.year - 1 if past else context.year

    def _qualitative(self, clause: str, sentence: str, context: Context) -> list[Claim]:
        """Targets of the main-targets block stated without a figure (居民收入增长与经济增长基本同步); one per
        named indicator where two share the statement (空气质量优良天数比率和地表水水质优良率均完成…)."""
        text = clause.strip("，,；;：:。 —")
        if len(text) > 2 * MAX_QUALITATIVE:
            return []
        masked = self._masked(text)
        predicate = QUALITATIVE_PREDICATE.search(masked, 1)
        if predicate is None or CONDITION.search(text):
            return []
        indicator = _strip(text[:predicate.start()])
        if not indicator or len(indicator) > MAX_QUALITATIVE:
            return []
        rest = text[predicate.start():]
        verbs = list(DIRECTION.finditer(self._masked(rest)))
        direction = "增长" if "正增长" in rest else (DIRECTION_NAMES[verbs[0].lastgroup] if verbs else "")
        if "同步" in rest or direction == "达到":  # 与经济增长同步: no direction of its own
            direction = ""
        if "同步" in rest:  # 居民人均可支配收入和经济增长同步: the second is what it keeps pace with
            indicator = re.split(r"[和与同]", indicator)[0] or indicator
        qualifiers = [m[0] for m in PRE_QUALIFIER.finditer(text) if m[0] in ("力争", "争取", "努力", "确保")]
        parts = [part for part in re.split(r"[和、及]", indicator) if part]
        named = [self.indicators.identify(part) for part in parts]
        if len(parts) < 2 or not all(named) or "同步" in rest:  # 居民收入和经济增长基本同步: one target
            parts, named = [indicator], [self.indicators.identify(indicator)]
        return [Claim(part, ident, None, None, "", list(qualifiers), direction, "target", True, "", context.year, text,
                      sentence) for part, ident in zip(parts, named, strict=True)]


def plan_end(name: str) -> int:
    """The last year of a five-year plan by its number: 一五 1957, 二五 1962, then 三五 1970 … 十五 2005."""
    number = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
    n = 10 + number.get(name[1:], 0) if name.startswith("十") else number[name]
    return {1: 1957, 2: 1962}.get(n, 1970 + 5 * (n - 3))


def _capped(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _stretch_word(phrase: str) -> str:
    return "争取更好结果" if "结果" in phrase else phrase


def _strip(phrase: str) -> str:
    previous = None
    while previous != phrase:
        previous = phrase
        phrase = TRAILING.sub("", LEADING.sub("", phrase.strip()))
    return phrase

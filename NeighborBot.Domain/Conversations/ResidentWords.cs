using System.Text.RegularExpressions;
using NeighborBot.Intake;

namespace NeighborBot.Conversations;

/// <summary>
/// The residents' and workers' own words for what they do after a report: pressing for haste,
/// asking for a person, adding a detail, saying the problem is back, rating in a sentence, pointing
/// back to a place they gave, acknowledging a task. Each reads a short message; none of them is a
/// report of a new problem.
/// </summary>
internal static partial class ResidentWords
{
    private static readonly string[] ChaseWords =
    [
        "催", "快点", "快一点", "赶紧", "抓紧", "还没人管", "没人管", "没人理", "等了半天", "等了好久", "等半天", "等到什么时候", "到底什么时候",
        "到底管不管", "有人管吗", "有没有人管", "还要等多久", "要等多久",
    ];

    private static readonly string[] HandoverWords = ["转人工", "人工客服", "人工服务", "找人工", "要人工", "真人", "活人", "找个人跟我说", "找工作人员", "叫工作人员"];

    private static readonly string[] BotQuestions =
        ["你是机器人", "你是不是机器人", "是机器人吗", "你是谁", "你是ai", "你是AI", "是人工吗", "是真人吗", "是不是真人", "真人还是机器", "机器人还是真人", "是人还是机器"];

    private static readonly string[] BackAgainWords =
    [
        "又坏了", "又不亮", "又漏", "又堵", "又不行", "又停", "还是不亮", "还是漏", "还是坏", "还是堵", "还是不行", "还是没修好", "还是老样子", "还是一样",
        "没修好", "根本没修", "修了个寂寞", "等于没修", "白修", "没弄好", "没解决", "还没好", "还是有", "又来了", "又出现",
        "没修一样", "又黑", "又灭", "又渗", "又滴", "又冒", "又响", "又卡", "又断", "又开始", "才亮了", "才好了", "刚修好又", "才修好",
        "又冻住", "又冻上", "又不出水", "又不热",
    ];

    private static readonly string[] AdditionMarks = ["补充", "补一句", "再说一下", "再说一句", "另外说一下", "还有一点", "忘了说", "忘说了", "对了，", "对了,", "对了 ", "顺便说", "再补充"];

    private static readonly string[] EarlierPlaceWords =
        ["刚才那个地址", "刚才的地址", "刚才那个地方", "刚才那里", "刚才说的地方", "刚说的地方", "还是那里", "还是那儿", "还是那个地方", "同一个地方", "同一个地址", "一样的地方", "就是那里", "老地方", "上面说的地址"];

    /// <summary>Things that are outside a home: a bound resident's home is not where they are.</summary>
    private static readonly string[] OutdoorWords =
    [
        "路灯", "路面", "马路", "道路", "主干道", "路上", "路边", "人行道", "小区里", "院子", "院里", "井盖", "窨井", "下水井", "污水井", "绿化", "草坪", "草地",
        "花坛", "树枝", "大树", "围墙", "停车场", "车库", "车棚", "广场", "花园", "健身器材", "篮球场", "篮球架", "乒乓球台", "单杠", "秋千", "滑梯", "游乐", "凉亭", "垃圾站", "垃圾桶", "快递柜",
        "东门", "西门", "南门", "北门", "大门口", "小区门口", "幼儿园门口", "门岗", "大坑",
    ];

    private static readonly string[] Acknowledgements =
        ["收到", "好的", "好嘞", "好滴", "马上去", "马上到", "这就去", "在路上", "正在去", "已出发", "出发了", "明白", "知道了", "ok", "OK", "Ok", "👌", "去看看", "过去看看", "现在过去", "马上过去", "就过去", "就到", "这就来", "马上来"];

    /// <summary>"催一下", "都两个小时了还没人管？？", "快点啊"; "怎么还没人来" only asks how it stands.</summary>
    public static bool IsChase(string text) => text.Length <= 60 && (ChaseWords.Any(w => text.Contains(w, StringComparison.Ordinal)) || LongWait().IsMatch(text));

    /// <summary>"过年好啊 给你拜个早年", "中秋快乐".</summary>
    public static bool IsFestivalGreeting(string text) => text.Length <= 40 && FestivalGreetings.Any(w => text.Contains(w, StringComparison.Ordinal));

    private static readonly string[] FestivalGreetings = [.. Intake.IntakeRules.Phrases(Intake.IntakeDefaults.FestivalGreetings)];

    /// <summary>"都三个钟头了还没人管": a chase that says how long the person has waited, so it is about a report made before.</summary>
    public static bool IsChaseAfterWaiting(string text) => IsChase(text) && LongWait().IsMatch(text);

    /// <summary>The words of a chase without the pressing and the waiting ("都三个钟头了还没人管 老人摔了" → "老人摔了").</summary>
    public static string WithoutChase(string text) =>
        ChaseWords.OrderByDescending(w => w.Length).Aggregate(LongWait().Replace(text, " "), (t, w) => t.Replace(w, " ", StringComparison.Ordinal)).Trim();

    /// <summary>
    /// "她电话13912345678 直接打给她": a phone number with a few words around it and nothing about money; the words are
    /// too few to tell of a scam, whatever a number next to 电话 suggests.
    /// </summary>
    public static bool IsBarePhoneNumber(string text) =>
        Phone().IsMatch(text) && Phone().Replace(text, string.Empty).Trim().Length <= 16 && !MoneyWords.Any(w => text.Contains(w, StringComparison.Ordinal));

    private static readonly string[] MoneyWords = ["钱", "转账", "汇款", "验证码", "账户", "账号", "链接", "银行", "卡号", "密码", "骗", "冒充", "中奖", "贷款", "退款", "客服"];

    /// <summary>
    /// "转人工", "人工客服", "找个真人"; "你是真人吗" is a question about the bot, unless a person is asked for beside it
    /// ("你是机器人吧 能不能找个真人跟我说").
    /// </summary>
    public static bool IsHandover(string text) =>
        text.Length <= 40 && HandoverWords.Any(w => text.Contains(w, StringComparison.Ordinal))
        && (!IsBotQuestion(text) || PersonAskedFor.Any(w => text.Contains(w, StringComparison.Ordinal)));

    private static readonly string[] PersonAskedFor = ["转人工", "人工客服", "找人工", "要人工", "找个真人", "找真人", "换个真人", "换真人", "要真人", "让真人", "找个人跟我说", "找工作人员", "叫工作人员"];

    /// <summary>"你是机器人吗".</summary>
    public static bool IsBotQuestion(string text) => text.Length <= 20 && BotQuestions.Any(w => text.Contains(w, StringComparison.OrdinalIgnoreCase));

    /// <summary>"物业电话多少啊", "垃圾一般几点收", "物业费啥时候交？": a short question, not a report.</summary>
    public static bool IsQuestion(string text) =>
        text.Length <= 40 && (text.TrimEnd().EndsWith('?') || text.TrimEnd().EndsWith('？') || QuestionWords.Any(w => text.Contains(w, StringComparison.Ordinal)));

    /// <summary>
    /// "明天是不是停水", "物业几点上班": a question whose answer is a fact of a notice or a timetable, with no problem told
    /// (not "我家怎么停水了"). Such a question is answered, never filed.
    /// </summary>
    public static bool IsFactQuestion(string text) =>
        text.Length <= 100
        && ((FactTopics.Any(w => text.Contains(w, StringComparison.Ordinal))
                && (FactAsking.Any(w => text.Contains(w, StringComparison.Ordinal)) || EndsAskingYesOrNo(text) || AskingThisOrNot().IsMatch(text)))
            || (Has(text, Spots) && Has(text, AskingWhere)))
        && !NotFactWords.Any(w => text.Contains(w, StringComparison.Ordinal));

    /// <summary>"快递柜在哪啊": where a place of everyday life is, asked by someone new.</summary>
    private static readonly string[] Spots = ["快递柜", "快递点", "驿站", "服务中心", "居委会", "卫生站", "卫生室", "菜市场", "超市", "药店", "公交站"];

    private static readonly string[] AskingWhere = ["在哪", "哪里", "哪儿", "怎么走", "咋走"];

    /// <summary>"明天停水不", "后天停电没有啊": a question put as "… or not" at the end, as Henan speech does.</summary>
    private static bool EndsAskingYesOrNo(string text)
    {
        var t = text.AsSpan().TrimEnd(" ?？!！啊呀嘞哩呢哈");
        return t.EndsWith("不", StringComparison.Ordinal) || t.EndsWith("没", StringComparison.Ordinal) || t.EndsWith("没有", StringComparison.Ordinal);
    }

    /// <summary>"停不停水", "来不来电": a verb asked as "… or not".</summary>
    [GeneratedRegex(@"([停来交开收])不\1")]
    private static partial Regex AskingThisOrNot();

    private static readonly string[] FactTopics =
        ["停水", "停电", "停气", "断水", "断电", "跟着停", "也停", "也要停", "也会停", "暖气", "供暖", "办公室", "在哪栋楼", "通知", "电话是多少", "电话多少", "营业时间", "上班时间", "办公时间", "上班", "下班", "开门", "关门", "营业", "值班", "办公", "收垃圾",
            "来水", "来电", "物业费", "缴费", "交费", "水费", "电费", "燃气费", "条子", "贴了个条", "贴的条", "告示"];

    private static readonly string[] FactAsking =
        ["是不是", "会不会", "吗", "么", "几点", "几号", "哪天", "什么时候", "啥时候", "多少", "多久", "到几", "在哪", "?", "？", "看不清", "没看清", "看不懂", "写的啥", "写的什么"];

    /// <summary>Words that tell of a problem happening, not a notice asked about.</summary>
    private static readonly string[] NotFactWords =
        ["怎么停", "咋停", "怎么又", "咋又", "没水", "没电", "没有水", "没有电", "一滴", "水龙头", "没法", "停了", "断了", "坏", "漏", "堵", "不亮", "打不通", "没人接", "投诉", "一直", "还没", "没人",
            "不热", "不暖和", "冰凉", "不烧"];

    private static readonly string[] QuestionWords = ["多少", "几点", "几号", "什么时候", "啥时候", "哪天", "在哪", "哪里", "怎么交", "怎么办理", "吗"];

    /// <summary>
    /// "听楼下的说昨晚5号楼有家着火了 是真的吗": a question whether something the person heard of is true; they saw
    /// nothing themselves and report nothing.
    /// </summary>
    public static bool IsHearsayQuestion(string text) =>
        text.Length <= 80 && IsHearsay(text) && ConfirmWords.Any(w => text.Contains(w, StringComparison.Ordinal));

    /// <summary>"听说要检修管子": tells what the person heard, not what they saw.</summary>
    public static bool IsHearsay(string text) => HeardFrom().IsMatch(text) || HearsayWords.Any(w => text.Contains(w, StringComparison.Ordinal));

    private static readonly string[] HearsayWords = ["听说", "据说", "听人说", "有人说", "传说", "都在传", "群里说", "群里传"];

    private static readonly string[] ConfirmWords = ["是真的吗", "真的吗", "真的假的", "是不是真的", "是真是假", "有这回事", "有没有这事", "有这事", "属实吗", "是谣言"];

    private static readonly string[] StillWords = ["还是", "还在", "依然", "仍然", "照样", "照旧", "跟原来一样", "和原来一样"];

    /// <summary>"雨还是往里灌": says that a problem goes on (after a fix), rather than telling of a new one.</summary>
    public static bool SaysStill(string text) => StillWords.Any(w => text.Contains(w, StringComparison.Ordinal));

    /// <summary>"我想帮我妈去问点事": the errand a question about opening hours is for, with nothing in it to report.</summary>
    public static bool IsErrand(string text) => text.Length <= 20 && ErrandWords.Any(w => text.Contains(w, StringComparison.Ordinal));

    private static readonly string[] ErrandWords = ["问点事", "问个事", "问些事", "问点儿事", "办点事", "办个事", "办些事", "办点儿事", "打听点", "打听个"];

    /// <summary>
    /// "还是不亮啊", "又坏了", "修了个寂寞": the problem a ticket was about is not gone. Feared for later ("就怕过两天又停")
    /// it has not come back.
    /// </summary>
    public static bool IsBackAgain(string text) =>
        text.Length <= 80 && BackAgainWords.Any(w => text.IndexOf(w, StringComparison.Ordinal) is var at and >= 0 && !FearedBefore(text, at));

    /// <summary>A worry within the few characters before <paramref name="at"/> ("怕过两天又…", "担心又…").</summary>
    private static bool FearedBefore(string text, int at)
    {
        var before = text.AsSpan(Math.Max(0, at - FearReach), Math.Min(at, FearReach));
        return before.Contains("怕", StringComparison.Ordinal) || before.Contains("担心", StringComparison.Ordinal) || before.Contains("万一", StringComparison.Ordinal);
    }

    private const int FearReach = 6;

    private static readonly string[] CallingOffWords =
        ["不要了", "不用修", "不用了", "不用管了", "不用弄了", "不用处理了", "不用过来了", "不需要了", "不修了", "算了", "不用来了", "别来了", "不用找了", "不麻烦了", "不用麻烦", "自己修好了", "自己弄好了", "撤销", "撤回", "先撤了", "撤了吧", "别登记", "不登记", "不报了", "不用报了", "不用派人来了", "不用派人了", "不用上门了"];

    private static readonly string[] JustAskingWords = ["就是问问", "只是问问", "问问而已", "问一下而已", "就问一下", "不是报修", "不用登记", "不是要报", "随便问问", "就是想问问", "只是想问问", "不是要投诉", "不是投诉"];

    private static readonly string[] NewProblemMarks = ["还有", "另外", "另一个", "也坏", "也不亮", "也不通", "也不出", "也不转", "也不动", "也不灵", "也不好使", "也漏", "也堵", "也有"];

    /// <summary>
    /// Water coming through from somewhere: "渗到我家卫生间顶上 还往下滴答" after a report of the leak upstairs the neighbour
    /// ignores is that story (a dispute) told on, not a repair of its own.
    /// </summary>
    public static bool IsLeak(string text) => Has(text, LeakWords);

    private static readonly string[] LeakWords = ["漏水", "渗", "滴答", "往下滴", "洇", "水印", "黄印"];

    /// <summary>"就是天天听戏的那个老物件 按哪个都没声 …我是7号楼1单元402的老陈": the report before, told in more words.</summary>
    public static bool Elaborates(string text)
    {
        var opening = text.TrimStart(' ', '，', ',', '。');
        return ElaborationLeads.Any(lead => opening.StartsWith(lead, StringComparison.Ordinal));
    }

    private static readonly string[] ElaborationLeads = ["就是", "是这样", "具体是", "具体就是", "主要是", "我说的是", "说的是"];

    /// <summary>"还有楼道灯也坏了": a second problem, not more about the first ("电灯我也不敢开了" is not).</summary>
    public static bool IsNewProblem(string text) => NewProblemMarks.Any(w => text.Contains(w, StringComparison.Ordinal));

    /// <summary>What each kind of danger is about: a report that names one of these may turn into that danger.</summary>
    private static readonly Dictionary<string, string[]> DangerSubjects = new(StringComparer.Ordinal)
    {
        [IntakeHazards.Gas] = ["煤气", "燃气", "天然气", "液化气", "气味", "味"],
        [IntakeHazards.Fire] = ["火", "烟", "焦", "糊", "电线", "插座", "充电", "电动车"],
        [IntakeHazards.Electric] = ["电线", "插座", "电闸", "电箱", "漏电", "线", "火"],
        [IntakeHazards.Elevator] = ["电梯"],
        [IntakeHazards.Flood] = ["水", "漏", "渗", "淹", "管"],
        [IntakeHazards.Fall] = ["老人", "老头", "老太", "老伴", "奶奶", "爷爷", "摔", "腿", "身体"],
        [IntakeHazards.FallingObject] = ["掉", "砸", "窗", "空调", "外墙", "瓷砖", "玻璃", "树", "松"],
        [IntakeHazards.Violence] = ["吵", "打", "闹", "骂", "两口子", "家暴", "喝酒"],
        [IntakeHazards.Missing] = ["老人", "老头", "老太", "老伴", "奶奶", "爷爷", "孩子", "娃", "出去", "出门", "没回", "找不", "走丢"],
        [IntakeHazards.Fraud] = ["电话", "转账", "汇款", "钱", "验证码", "公安", "警察", "客服", "投资", "贷款", "链接", "App", "app"],
    };

    /// <summary>
    /// Whether <paramref name="earlier"/> (the words of a report) is about what the danger is about, so that news of the
    /// danger may be that report turned worse ("老头子早上出去买菜" → missing; "厨房水管滴水" → water pouring in), not
    /// another problem ("楼道灯坏了" is not about a lift).
    /// </summary>
    public static bool AboutDanger(string hazard, string earlier) =>
        DangerSubjects.TryGetValue(hazard, out var subjects) && subjects.Any(w => earlier.Contains(w, StringComparison.Ordinal));

    /// <summary>"不是报修，我就是问问": nothing is to be registered.</summary>
    public static bool IsJustAsking(string text) => text.Length <= 40 && JustAskingWords.Any(w => text.Contains(w, StringComparison.Ordinal));

    /// <summary>"我不要了，刚才那个不用修了", "垃圾那个不用了": the person calls off what they reported.</summary>
    public static bool IsCallingOff(string text) => text.Length <= 30 && CallingOffWords.Any(w => text.Contains(w, StringComparison.Ordinal));

    /// <summary>
    /// "不用来了 俺孙子拿点油抹抹能拧开了", "问清楚了 是对门的 他刚拎下去扔了 不用来了": the message opens or ends by
    /// calling off, whatever it tells between.
    /// </summary>
    public static bool CallsOffAtAnEnd(string text)
    {
        var start = text.TrimStart().TrimStart('我', '俺', '咱', '那', '这');
        var end = WithoutPoliteEnd(text);
        return text.Length <= 40 && CallingOffWords.Any(w => start.StartsWith(w, StringComparison.Ordinal) || end.EndsWith(w, StringComparison.Ordinal));
    }

    /// <summary>"… 不用找了 麻烦你们了": the words before the thanks that close a message.</summary>
    private static string WithoutPoliteEnd(string text)
    {
        var end = text.TrimEnd(ClosingMarks);
        foreach (var polite in PoliteEnds)
        {
            if (end.EndsWith(polite, StringComparison.Ordinal))
            {
                return end[..^polite.Length].TrimEnd(ClosingMarks);
            }
        }

        return end;
    }

    /// <summary>Punctuation and particles that close a sentence without adding to it.</summary>
    private static readonly char[] ClosingMarks = [' ', ',', '，', '.', '。', '!', '！', '~', '啊', '哈', '吧', '呀'];

    private static readonly string[] PoliteEnds = ["麻烦你们了", "麻烦您了", "麻烦了", "谢谢你们", "谢谢您", "谢谢", "辛苦了", "辛苦你们了"];

    /// <summary>
    /// "物业电话是多少啊 我家厕所马桶堵了", "明儿是不是停水啊 还有俺家大门锁坏了": the first clause that asks, and the rest of
    /// the message without it; null when no clause asks or nothing else is said.
    /// </summary>
    public static (string Question, string Others)? QuestionAndRest(string text)
    {
        if (text.Length > 120)
        {
            return null;
        }

        var clauses = text.Split(ClauseEnds, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var asking = Array.FindIndex(clauses, c => c.Length >= 4 && (IsQuestion(c) || IsFactQuestion(c)));
        if (clauses.Length < 2 || asking < 0)
        {
            return null;
        }

        var rest = string.Join(' ', clauses.Where((_, i) => i != asking));
        return rest.Length >= 4 ? (clauses[asking], rest) : null;
    }

    private static readonly char[] ClauseEnds = [' ', '，', ',', '。', '？', '?', '！', '!', '；', ';', '\n'];

    /// <summary>"我腿脚不好 怕摔着", "万一孩子碰到咋办": a short worry about what was reported, not a new problem.</summary>
    public static bool IsWorry(string text) => text.Length <= 16 && WorryWords.Any(w => text.Contains(w, StringComparison.Ordinal));

    private static readonly string[] WorryWords = ["怕", "担心", "万一", "吓人", "害怕", "不放心", "不安全", "闹心", "揪心", "提心吊胆", "心慌"];

    /// <summary>"具体是南门那边，刚进门那几盏": an answer to "where?" that says more about the same thing.</summary>
    public static bool AnswersWhere(string text) =>
        (text.Length <= 24 && (WhereLeadIns.Any(w => text.TrimStart().StartsWith(w, StringComparison.Ordinal)) || PointsThere(text)))
        || (text.Length <= MaxAddressAnswer && OpensWithAddress().IsMatch(text));

    /// <summary>"8号楼2单元1201 我妈姓郭 一个人在家": a flat's whole address first, then who lives there.</summary>
    [GeneratedRegex(@"^\s*\d{1,2}\s*(号楼|栋|幢|#|号|-)\s*(\d{1,2}\s*(单元|-)\s*)?\d{3,4}(?!\d)")]
    private static partial Regex OpensWithAddress();

    private const int MaxAddressAnswer = 40;

    /// <summary>"主干道上 快递车老停的那块", "南门那儿", "她说是南门进来那一段": words that end by pointing at a spot.</summary>
    private static bool PointsThere(string text)
    {
        var t = text.TrimEnd(' ', '。', '.', '!', '！', '~', '啊', '呀', '哈');
        return WherePointers.Any(w => t.EndsWith(w, StringComparison.Ordinal));
    }

    private static readonly string[] WhereLeadIns = ["具体", "就在", "是在", "在", "就是"];

    private static readonly string[] WherePointers = ["那块", "那边", "那儿", "那里", "那片", "那", "这块", "这边", "这儿", "这里", "旁边", "边上", "边儿上", "附近", "跟前",
        "那段", "那一段", "这段", "这一段", "那截", "那一截", "那一块", "那一片", "一带"];

    /// <summary>"就在小区里", "小区里": somewhere in the community, which is no place to send anyone.</summary>
    public static bool IsWholeCommunity(string text) =>
        text.Trim().TrimStart('就', '在', '是').TrimEnd('里', '内', '面', '头', '的') is "小区" or "院" or "院子" or "我们小区" or "咱小区" or "俺小区" or "这" or "那" or "外" or "这儿" or "那儿";

    /// <summary>"晚上回去看清是哪根再说": the place will come later.</summary>
    public static bool IsPuttingOff(string text) => text.Length <= 30 && PuttingOffWords.Any(w => text.Contains(w, StringComparison.Ordinal));

    /// <summary>"晚上回去看清再说", "哎呀说不清": words about the place that name none.</summary>
    public static bool NamesNoPlace(string text) => IsPuttingOff(text) || (text.Length <= 30 && UnsureWords.Any(w => text.Contains(w, StringComparison.Ordinal)));

    private static readonly string[] PuttingOffWords = ["再说", "回头", "晚点", "等会", "等一会", "待会", "看清"];

    private static readonly string[] UnsureWords = ["不知道", "不清楚", "说不清", "记不清", "忘了", "不确定", "没注意"];

    /// <summary>"我家厨房那个水龙头", "卫生间顶上渗水": the problem is inside a home.</summary>
    public static bool IsInsideHome(string text) => Has(text, "我家", "俺家") || Has(text, IntakeCombiner.Rooms);

    /// <summary>
    /// "我妈刚打电话 说她家厨房一股煤气味", "我姐家楼上天天半夜剁东西", "我爸一个人住": the problem is at a relative's
    /// home, not the reporter's own, so where it is must be asked. (A neighbour's "他家" is not: "楼上那家漏水 他家就是不管".)
    /// </summary>
    public static bool IsAtRelativesHome(string text) => RelativesHome().IsMatch(text);

    [GeneratedRegex("(?<![老人])(" + CloseFamily + "|老娘|岳母|丈母娘|姑|姨|舅|亲戚)(家|那边|那儿|一个人住|自己住|独居|住在)|(" + CloseFamily + ")[^。！？!?]{0,15}[她他]家(?!人|里人|属)")]
    private static partial Regex RelativesHome();

    /// <summary>Who a resident reports for and later calls 她 or 他 ("我妈…说她家厨房").</summary>
    private const string CloseFamily = "妈|爸|母亲|父亲|婆婆|公公|姐|妹|哥|弟|奶奶|爷爷|姥姥|姥爷|外婆|外公|闺女|女儿|儿子";

    /// <summary>"路灯不亮了", "路面塌了一个大坑", "东门的井盖没了": the problem is outdoors, not at home.</summary>
    public static bool IsOutdoor(string text) => OutdoorWords.Any(w => text.Contains(w, StringComparison.Ordinal));

    /// <summary>
    /// "也黑了好几个 不是花园里的 是另一头": the problem is somewhere else than the place talked of before, so that place is
    /// not where it is.
    /// </summary>
    public static bool IsElsewhere(string text) => Elsewhere().IsMatch(text);

    [GeneratedRegex(@"不是[^，。,.!！?？\s]{0,6}(里|边|那|这)(的|个|儿)|另一头|另一边|另外一头|另外一边|别的地方|不在那")]
    private static partial Regex Elsewhere();

    /// <summary>
    /// "哎说错了 不是卫生间 是厨房顶上": the person corrects what they just said. Without a place of its own, such a
    /// message is about the report before, whatever its words would file on their own.
    /// </summary>
    public static bool SaysItWasWrong(string text)
    {
        var opening = text.TrimStart();
        opening = opening[..Math.Min(opening.Length, 8)];
        return (text.Length <= 60 && SaidWrongWords.Any(w => opening.Contains(w, StringComparison.Ordinal)))
            || (text.Length <= 30 && MisreadWords.Any(w => text.Contains(w, StringComparison.Ordinal)) && !IsCallingOff(text));
    }

    /// <summary>
    /// "不好意思 是二單元 我看成三了", "定位飘了 其实是在垃圾站旁边": a place misread or mislaid, said anywhere in a short message
    /// ("刚才那个不用修了 我看岔了" calls the report off instead).
    /// </summary>
    private static readonly string[] MisreadWords = ["看岔", "记岔", "看成", "看错", "记成", "记混", "弄混", "搞混", "眼花", "定位飘", "定位不准", "定位错", "定位偏"];

    private static readonly string[] SaidWrongWords = ["说错了", "说错啦", "说差了", "搞错了", "弄错了", "讲错了", "写错了", "打错了", "记错了", "说岔了", "口误", "不对不对"];

    /// <summary>"你好 家里马桶堵了 冲不下去": the words after a greeting that opens the message, or null when there is none.</summary>
    public static string? AfterGreeting(string text)
    {
        var t = text.TrimStart();
        var opened = false;
        for (var again = true; again;)
        {
            again = false;
            foreach (var greeting in OpeningGreetings)
            {
                if (t.StartsWith(greeting, StringComparison.OrdinalIgnoreCase))
                {
                    t = t[greeting.Length..].TrimStart(' ', ',', '，', '。', '!', '！', '~', '啊', '呀');
                    opened = again = true;
                }
            }
        }

        return opened && t.Length >= 4 ? t : null;
    }

    private static readonly string[] OpeningGreetings = ["你好", "您好", "你们好", "大家好", "社区小助手", "小助手", "在吗", "在不在", "哈喽", "hello"];

    /// <summary>"东门那些电动车咋还在那", "垃圾怎么还在": asking why what was reported is still there.</summary>
    public static bool AsksWhyStillThere(string text) => text.Length <= 24 && StillThereWords.Any(w => text.Contains(w, StringComparison.Ordinal));

    private static readonly string[] StillThereWords = ["咋还在", "怎么还在", "为啥还在", "咋还堆着", "怎么还堆着"];

    /// <summary>
    /// "怎么 还没 人来", "楼上那家 漏水 到我家": a message typed word by word, its spaces taken out (they part words,
    /// not clauses); any other message as it is, and so is one with a number or a latin word between spaces ("取消 0001").
    /// </summary>
    public static string WordByWordJoined(string text)
    {
        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length >= MinWordByWord && parts.All(p => p.Length <= MaxTypedWord && !p.All(char.IsAscii)) && (double)parts.Sum(p => p.Length) / parts.Length <= MeanTypedWord
            ? string.Concat(parts)
            : text;
    }

    private const int MinWordByWord = 3;
    private const int MaxTypedWord = 4;
    private const double MeanTypedWord = 3;

    /// <summary>"就是刚才那个地址啊": the place given before.</summary>
    public static bool RefersToEarlierPlace(string text) => EarlierPlaceWords.Any(w => text.Contains(w, StringComparison.Ordinal));

    /// <summary>A worker's "收到，马上去", "在路上了": takes the one ticket waiting for them.</summary>
    public static bool IsAcknowledgement(string text)
    {
        var t = text.Trim();
        var opening = t.Length <= 24 ? t : t[..8];
        return t.Length <= 80 && Acknowledgements.Any(w => opening.Contains(w, StringComparison.Ordinal)) && !opening.Contains('不', StringComparison.Ordinal);
    }

    /// <summary>
    /// What a message adds to the report before it: the words after "补充一下：", or a phone number
    /// ("我电话13912345678"). Null when the message is not an addition.
    /// </summary>
    public static string? Addition(string text)
    {
        var t = text.Trim();
        foreach (var mark in AdditionMarks)
        {
            var at = t.IndexOf(mark, StringComparison.Ordinal);
            if (at is >= 0 and <= 4)
            {
                var rest = t[(at + mark.Length)..].TrimStart('一', '下', '点', '：', ':', '，', ',', ' ', '、', '。');
                return rest.Length > 0 ? rest : null;
            }
        }

        return Phone().IsMatch(t) && t.Length <= 40 ? t : null;
    }

    /// <summary>A mobile number in the words.</summary>
    public static bool HasPhone(string text) => Phone().IsMatch(text);

    /// <summary>
    /// A score from a sentence about a resolved ticket: praise 5 (or 4 when tempered), lukewarm 3,
    /// complaints 2, angry 1. Null when the sentence does not judge.
    /// </summary>
    public static int? Rating(string text)
    {
        var t = Intake.TraditionalChinese.ToSimplified(text.Trim()); // "還可以吧" is "还可以吧"
        if (t.Length > 80)
        {
            return null;
        }

        // "给4分吧", "打个五星": a score said outright is the score, whatever else the sentence says.
        if (GivenScore().Match(t) is { Success: true } given)
        {
            return given.Groups[1].ValueSpan[0] switch
            {
                '1' or '一' => 1,
                '2' or '二' or '两' => 2,
                '3' or '三' => 3,
                '4' or '四' => 4,
                _ => 5,
            };
        }

        if (Has(t, "修了个寂寞", "没修一样", "太差", "垃圾", "敷衍", "根本没", "糊弄", "差评", "气死", "一星", "1星", "👎"))
        {
            return 1;
        }

        if (Has(t, "不满意", "不太满意", "不好", "没修好", "不行", "没解决", "很差", "差劲", "失望", "不得劲", "不清楚", "没说清"))
        {
            return 2;
        }

        // "就怕过两天又停": a worry about what may come, not a complaint about the work.
        var lukewarm = Has(t, "还行", "行吧", "还中", "还算", "一般", "凑合", "马马虎虎", "还可以", "过得去", "勉强", "就是", "不过", "但是", "有点慢", "有点晚", "来得晚", "太慢", "慢了点", "就怕", "只怕");
        // "中 挪走了": 中 on its own at the start is yes, done, in Henan.
        var praise = SaysZhong().IsMatch(t) || Has(t, "满意", "挺好", "很好", "不错", "好评", "👍", "赞", "给力", "负责", "辛苦", "及时", "专业", "感谢", "谢谢", "点赞", "五星", "5星", "完美", "好了", "修好了", "很快",
            "来得快", "挺快", "真快", "得劲", "不赖", "怪好", "好得很", "靠谱", "热心", "细心", "周到", "好样的", "👏", "多亏", "真中", "清楚",
            "贴心", "暖心", "用心", "耐心", "上心", "麻利", "利索", "好人", "太好了", "好好好", "真好",
            // The trouble gone, said as it is now: "这回不滴了", "好多了 夜儿个没咋咬", "可以可以 这回闻不着味了".
            "好多了", "会办事", "能办事", "可以可以", "不滴了", "不漏了", "不响了", "闻不着", "没味了", "干净了", "没咋咬");
        return (praise, lukewarm) switch
        {
            (true, true) => Has(t, "还行", "行吧", "还中", "一般", "凑合", "马马虎虎", "勉强") ? 3 : 4,
            (true, false) => 5,
            (false, true) => 3,
            _ => null,
        };
    }

    [GeneratedRegex(@"^中(中|啊|了|吧)*(?:[\s,，.。!！~]|$)")]
    private static partial Regex SaysZhong();

    private static bool Has(string text, params string[] words) => words.Any(w => text.Contains(w, StringComparison.Ordinal));

    /// <summary>"给4分", "打五分", "3星", "四颗星": a score from one to five said outright.</summary>
    [GeneratedRegex(@"(?<![\d.十百几])([1-5一二两三四五])\s*(?:分(?![钟钱])|颗?星)")]
    private static partial Regex GivenScore();

    /// <summary>"听楼下的人说", "听我们楼的张姐讲".</summary>
    [GeneratedRegex(@"听.{1,10}(说|讲)")]
    private static partial Regex HeardFrom();

    [GeneratedRegex(@"(?<!\d)1[3-9]\d{9}(?!\d)")]
    private static partial Regex Phone();

    /// <summary>"都两个小时了", "等了3天了", "一上午了".</summary>
    [GeneratedRegex(@"(都|已经|等了|过了)\s*([0-9一二两三四五六七八九十半几]+|一上午|一下午|一晚上|一整天)\s*(个)?\s*(小时|钟头|天|分钟|礼拜|星期|周|上午|下午|晚上)")]
    private static partial Regex LongWait();
}

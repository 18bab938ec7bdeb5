namespace NeighborBot.Intake;

/// <summary>
/// Puts the rules and the model together. The rules keep what they do well: places and numbers, the intent of a
/// message that is not a report (thanks, progress, cancel, a correction), where one problem ends and the next begins,
/// and urgent phrases with explicit words. The model decides whether a message is a ticket at all and its category,
/// and weighs urgency: it makes a message urgent that no phrase caught, and overrules a phrase in a story that is
/// over or only feared. When its two likeliest categories are close it names both, and the bot asks.
/// </summary>
internal static class IntakeCombiner
{
    private static readonly int Other = IntakeModel.Labels.Count - 1;

    private static readonly int WishIndex = IntakeRules.IndexOf(IntakeCategories.Wish);

    public static IntakeResult Combine(RuleReading reading, ReadOnlySpan<float> probabilities, float urgentProbability, IntakeModelSettings settings)
    {
        var rules = reading.Result;
        // A place alone, or a greeting alone ("有人在没", "在不在"), is no report, whatever the model makes of a few characters.
        // Nor is calling a report off ("窗户那个不用修了") when the rules read no problem in it, however much it speaks of one.
        if (rules.Intent is IntakeIntent.Correction or IntakeIntent.Cancel || (rules.Intent != IntakeIntent.Report && IsBarePlace(reading.Text.Text))
            || (rules.Intent == IntakeIntent.Greeting && reading.Text.Text.Length <= BareGreeting) || reading.Notice)
        {
            return rules;
        }

        var (best, second) = TopTwoCategories(probabilities);
        var ruleUrgent = rules.Problems.FirstOrDefault(p => p.Urgent);
        // The model may overrule one urgent pattern of the rules, not two or more that fired (a phrase and a pair, even on
        // the same words: "外墙瓷砖刚掉下来"; measured against counting places, it kept more emergencies for the same precision),
        // and it does not make urgent a danger the words only fear ("怕有火花").
        // Nor does it make urgent what it reads as no ticket at all ("就在6号楼2单元302 我刚搬来").
        var urgent = ruleUrgent is not null
            ? urgentProbability >= settings.UrgentVeto || reading.UrgentHits >= CorroboratedHits || PleadsNow(reading.Text.Text)
            : urgentProbability >= settings.UrgentOn && reading.FearedHits == 0 && probabilities[Other] < probabilities[best];
        // "现在也闻不到了", "人已经找到了", "俺一听就害怕 俺就挂了": a danger told as over is no emergency, whichever words told it.
        urgent = urgent && !TellsOver(reading.Text.Text);
        // "电梯停在三楼不动了 没人在里面": a stopped lift with nobody in it waits for a repair; one that moves with its
        // doors open is named by the rules' own phrases, so only the model's guess gives way.
        urgent = urgent && !(ruleUrgent is null && Says(reading.Text.Text, NobodyInside));
        // "电梯困人 人已经出来了": whoever was trapped is out. (Out of a flat full of gas, the gas is still there.)
        urgent = urgent && !(ruleUrgent?.Hazard == IntakeHazards.Elevator && Says(reading.Text.Text, OutOfTheLift));
        // A stove or heater that will not light, a drain that backs up: faults, however near fire or water the words come.
        // Nor is a call the resident doubts ("俺咋觉得声音不太像") an emergency on the model's word alone.
        urgent = urgent && !(ruleUrgent is null && (Says(reading.Text.Text, Faults) || Says(reading.Text.Text, Doubting)));
        // Water that seeps ("楼上卫生间一直往她家渗水") is no emergency on the model's word, nor because one phrase says what
        // it wet ("接头渗水 底下柜子都泡了"); only water pouring in is.
        urgent = urgent && !(Says(reading.Text.Text, Seeping)
            && (ruleUrgent is null || (ruleUrgent.Hazard == IntakeHazards.Flood && reading.UrgentHits < CorroboratedHits)));
        var report = rules.Intent == IntakeIntent.Report;
        // A pasted text message asked about ("…请点击链接重新填写 这个能点吗") is a scam to check, however much of it reads
        // like the adverts the model learnt as no ticket.
        var askedAbout = report && reading.Signals.HasFlag(IntakeSignal.Doubt) && rules.Problems is [{ Category: IntakeCategories.Fraud }, ..]
            && Says(reading.Text.Text, LinkWords);
        // "刚才东门外冒烟是有人烧荒草 已经灭了 没事了 别打电话了": neighbours told all is well, no report.
        var allClear = !urgent && Says(reading.Text.Text, AllClear);
        var ticket = urgent || askedAbout || (!allClear && (report ? probabilities[Other] < settings.OtherOn : 1 - probabilities[Other] >= settings.TicketOn));
        if (!ticket)
        {
            return report
                ? new IntakeResult(IntakeAnalyzer.IntentOf(reading.Signals), [], rules.Location) { Confidence = probabilities[Other] }
                : rules with { Confidence = probabilities[Other] };
        }

        // "老太太摔了 坐地上起不来" at the lift is a person who fell (wish), whatever the place makes the model think of.
        // So is "打人了！六号楼底下" a fight (dispute), unless the model reads an elderly person calling for help ("老人在窗户边
        // 喊救命 门锁着": a wish), and money leaving a scam (fraud).
        var urgentFirst = ruleUrgent is not null && ReferenceEquals(ruleUrgent, rules.Problems[0]);
        var category = urgent && ruleUrgent?.Hazard is { } ruled && !CategoryFits(ruled, IntakeCategories.All[best], urgentFirst)
            ? ruled switch
            {
                IntakeHazards.Violence when best != WishIndex => IntakeCategories.Dispute,
                IntakeHazards.Fraud => IntakeCategories.Fraud,
                IntakeHazards.Fire or IntakeHazards.Gas => IntakeCategories.Hazard,
                _ => IntakeCategories.Wish,
            }
            : IntakeCategories.All[best];
        // A fault at home that is close between a repair and a hazard ("家里跳闸了 推上去又跳", "卫生间下水很慢 一洗澡就积水")
        // is a repair, not asked about.
        var near = probabilities[best] - probabilities[second] < settings.AskMargin;
        var homeFault = !urgent && near && IsRepairOrHazard(best, second) && Says(reading.Text.Text, Rooms);
        category = homeFault ? IntakeCategories.Repair : category;
        // The guide's own boundaries, where its words are explicit and the model reads past them: nothing to ask then.
        var guided = urgent ? null : GuideLineFor(category, reading.Text.Text);
        category = guided ?? category;
        var hazard = !urgent ? null : ruleUrgent?.Hazard is { } named && CategoryFits(named, category, urgentFirst) ? named : HazardOf(category, reading.Text.Text);
        IReadOnlyList<IntakeProblem> problems;
        if (report)
        {
            var first = rules.Problems[0];
            problems = [first with { Category = category, Urgent = urgent, Hazard = hazard }, .. rules.Problems.Skip(1)];
        }
        else
        {
            problems = [new IntakeProblem(category, urgent, rules.Location, hazard, reading.Text.Original(0, reading.Text.Text.Length))];
        }

        // Close, and the rules' own words do not already point to the model's choice ("楼道灯灭了" is a repair, not a hazard to ask about).
        var close = near && !(report && RulesPointTo(reading.Scores, best)) && !homeFault && guided is null;
        return new IntakeResult(IntakeIntent.Report, problems, rules.Location)
        {
            Confidence = probabilities[best],
            Choices = !urgent && close && problems.Count == 1 ? [category, IntakeCategories.All[second]] : null,
        };
    }

    private const int CorroboratedHits = 2;

    /// <summary>
    /// The category the labelling guide gives a message that the model filed under another: a leak from upstairs the
    /// neighbour will not deal with (dispute, not repair: "楼上卫生间漏水 渗到我家 敲了三次门人家不开也不管"), garbage
    /// not collected (property, not environment: "垃圾桶三天了没人来拉"), standing water outdoors (hazard, not repair:
    /// "这段路积了好深的水"; sewage is the cleaners'), ground caving in (hazard; a pothole stays a repair, and a table top
    /// that sagged is a broken facility), a broken public facility (a table-tennis table, fitness equipment, a bench: repair,
    /// unless it is about to fall or carries current), a blocked fire lane, exit or hydrant (hazard, however much the
    /// clutter reads as mess; a quarrel over it stays a dispute), renovation rubble dumped (garbage piles: environment,
    /// unless the 物业 is named), ice on steps and paths, icicles and sheets of ice (hazard), a repair reported again and
    /// again ("暖气报了三回了 一直不热": property), a blocked drain (repair, not environment, unless sewage spreads), someone
    /// asked to judge who is right ("能不能找个人给评评理": dispute, not a wish), a question about a pension, injury benefits
    /// or an allowance with no word of a scam or of help wanted ("工伤待遇今年涨不涨": consult, not fraud), a flowerbed dug up
    /// for vegetables (public space taken: dispute), a neighbour's dog that barks or lunges (pets: dispute), a guard who
    /// drinks or curses (the 物业's service: property), renovation rubble left uncollected (environment, before the rule for
    /// garbage not collected). The
    /// same category when the model already chose it (then there is nothing to ask); null when no line applies.
    /// </summary>
    internal static string? GuideLineFor(string category, string text)
    {
        foreach (var (to, from, allOf, noneOf) in GuideLines)
        {
            if ((from.Contains(category) || category == to) && allOf.All(words => Says(text, words)) && !Says(text, noneOf))
            {
                return to;
            }
        }

        return null;
    }

    /// <summary>Rooms of a home and the words for "at home": a problem said with one of them is inside a flat.</summary>
    public static readonly string[] Rooms = ["家里", "屋里", "卫生间", "厕所", "厨房", "卧室", "客厅", "阳台", "洗手间", "浴室"];

    private static readonly (string To, string[] From, string[][] AllOf, string[] NoneOf)[] GuideLines =
    [
        (IntakeCategories.Dispute, [IntakeCategories.Repair],
            [["漏水", "渗水", "漏到", "渗到", "往下漏", "往下渗", "往下滴", "滴水", "洇"], ["楼上", "邻居", "租户", "房东", "那家", "那户", "人家"],
                ["不开", "不理", "不管", "不配合", "不给修", "不承认", "不搭理", "推脱", "不让进", "不让看", "不露面", "装没听见", "不赔", "不认"]],
            ["物业"]),
        (IntakeCategories.Dispute, [IntakeCategories.Environment, IntakeCategories.Repair, IntakeCategories.Hazard, IntakeCategories.Other],
            [["种菜", "种了菜", "种上菜", "种的菜", "种葱", "种蒜", "开荒", "开了荒"], ["花坛", "绿化带", "草坪", "绿地", "楼顶", "空地", "花池", "草地"]], []),
        (IntakeCategories.Dispute, [IntakeCategories.Wish, IntakeCategories.Consult],
            [["评评理", "评个理", "评理", "给说道说道", "主持公道", "断个理"]], []),
        (IntakeCategories.Environment, [IntakeCategories.Property], [["装修垃圾", "建筑垃圾", "渣土", "碎砖", "砖头", "水泥袋", "瓷砖渣"]], ["物业", "消防", "安全出口", "逃生", "疏散", "安全通道"]),
        (IntakeCategories.Property, [IntakeCategories.Environment],
            [["垃圾"], ["没人收", "没人来收", "没人拉", "没人来拉", "没人运", "没人倒", "没收走", "没拉走", "没运走", "没来收", "没来拉", "不来收", "不来拉",
                "没清运", "没人清运", "不清运", "没有清运"]], []),
        (IntakeCategories.Dispute, [IntakeCategories.Environment],
            [["谁家的狗", "谁家狗", "谁家的猫", "谁家猫", "谁家养的", "邻居家的狗", "邻居家狗", "楼上的狗", "楼下的狗", "对门的狗"], ["叫", "扑", "咬", "吵"]],
            ["流浪"]),
        (IntakeCategories.Property, [IntakeCategories.Dispute, IntakeCategories.Other],
            [["门卫", "保安", "保洁", "管家", "物业的人"], ["骂人", "态度", "喝酒", "喝醉", "睡觉", "玩手机", "爱答不理", "不让进"]], []),
        (IntakeCategories.Hazard, [IntakeCategories.Repair, IntakeCategories.Environment],
            [["积水", "积了", "水很深", "水好深", "好深的水", "水老深", "没过脚", "没过膝", "淹了", "蹚水", "趟水", "踩水", "一片汪洋", "片水", "滩水"],
                ["路", "道上", "干道", "门口", "车库", "地库", "广场", "小区", "院里", "院子"]],
            [.. Rooms, "臭", "堵"]),
        (IntakeCategories.Repair, [IntakeCategories.Environment],
            [["排水沟", "下水道", "下水口", "雨水口", "雨水篦子", "篦子", "地漏", "排水口", "水沟"], ["堵"]], ["污水", "粪", "臭水", "脏水", "漫", "溢"]),
        (IntakeCategories.Hazard, [IntakeCategories.Repair], [["塌陷", "陷下去", "塌下去", "地陷", "往下沉", "下沉了"]], ["台面", "桌", "球台", "椅", "凳", "床", "沙发", "柜"]),
        (IntakeCategories.Hazard, [IntakeCategories.Environment, IntakeCategories.Repair, IntakeCategories.Property],
            [["消防通道", "消防车道", "消防通路", "安全出口", "逃生通道", "疏散通道", "安全通道", "消防栓", "消火栓"], ["堵", "占", "挡", "堆", "停满", "封"]], []),
        (IntakeCategories.Hazard, [IntakeCategories.Environment], [["跑不出去", "逃不出去", "跑都跑不出", "逃都逃不出"]], []),
        (IntakeCategories.Repair, [IntakeCategories.Hazard],
            [["乒乓球台", "球台", "健身器材", "单杠", "双杠", "秋千", "滑梯", "跷跷板", "长椅", "座椅", "长凳", "凉亭", "篮球架"],
                ["坏", "裂", "断", "塌", "松", "掉漆", "生锈", "不能用", "转不动", "卡住"]],
            ["要倒", "快倒", "要塌", "要掉", "快掉", "掉下", "坠", "砸", "晃", "倒了", "歪", "树", "电"]),
        (IntakeCategories.Hazard, [IntakeCategories.Repair, IntakeCategories.Environment, IntakeCategories.Wish],
            [["结冰", "结了冰", "一层冰", "结成冰", "冻成冰", "上冻了", "冰溜子"], ["台阶", "路", "干道", "楼梯", "门口", "坡", "地面", "地上"]],
            ["水管", "管子", "暖气", "水表", "龙头"]),
        (IntakeCategories.Hazard, [IntakeCategories.Repair, IntakeCategories.Environment, IntakeCategories.Wish],
            [["冰溜子", "冰柱", "冰凌", "都是冰", "全是冰", "一片冰", "冰面"]], ["水管", "管子", "暖气", "水表", "龙头", "冰箱"]),
        (IntakeCategories.Consult, [IntakeCategories.Fraud, IntakeCategories.Wish],
            [["养老金", "退休金", "退休工资", "工伤", "集资款", "医保", "社保", "低保", "补贴", "津贴", "抚恤金", "残疾证", "公租房", "廉租房", "电费", "水费", "报销"],
                ["吗", "能不能", "能否", "咋", "怎么", "如何", "是不是", "多少", "啥时候", "什么时候", "哪", "找谁", "该找"]],
            ["骗", "冒充", "链接", "验证码", "陌生", "打电话", "来电话", "电话说", "短信", "加他", "加微信", "加我", "转账", "转钱", "安全账户",
                "客服", "自称", "冻结", "手续费", "保证金", "刷单", "解冻", "上门", "推销", "扫码", "二维码", "靠谱", "真的假的", "真的吗", "可信", "能信",
                "正规", "说是", "银行卡", "身份证", "帮忙", "帮我", "帮他", "帮她", "帮着", "派", "学", "教"]),
        (IntakeCategories.Property, [IntakeCategories.Repair],
            [["报了三回", "报了好几回", "报了几回", "报了两回", "报了好几次", "报了几次", "报了两次", "报了三次", "报过好几次", "报修好几次",
                "报修了好几次", "报修了三次", "说了好几次", "说了好几回", "打了好几次电话", "找了物业好几次", "找了好几次物业"]],
            []),
    ];

    private static bool IsRepairOrHazard(int best, int second) =>
        IntakeCategories.All[best] is IntakeCategories.Repair or IntakeCategories.Hazard
        && IntakeCategories.All[second] is IntakeCategories.Repair or IntakeCategories.Hazard;

    /// <summary>"有人在没", "hello": a text of this length that the rules read as a greeting holds nothing else.</summary>
    private const int BareGreeting = 6;

    private static bool Says(string text, string[] words) => words.Any(w => text.Contains(w, StringComparison.Ordinal));

    /// <summary>Nobody in the stopped lift (nor in one whose door will not close: it cannot go), or the one who cannot come down is at home upstairs ("我奶奶在11楼下不来").</summary>
    private static readonly string[] NobodyInside =
        ["里面没人", "没人在里面", "里面没有人", "没人困着", "没困人", "没人被困", "没有人被困", "没困着人", "楼下不来", "下不了楼", "下不去楼", "下不来楼", "上不去楼", "爬不上去", "楼上还住着", "楼上住着",
            "没人困在", "里面是空的", "门关不上"];

    private static readonly string[] OutOfTheLift = ["已经出来了", "人出来了", "救出来了", "放出来了"];

    private static readonly string[] Faults = ["跳闸", "打不着火", "点不着火", "反水", "返水", "返味", "反味", "暖气不热", "一直不热", "不怎么热", "东西还在里面", "东西在里面", "快递还在里面", "快递在里面", "死老鼠"];

    private static readonly string[] AllClear = ["大家别担心", "别担心了", "别担心哈", "大家放心", "不用担心", "别打电话了", "都别打了", "别再转了", "别转了", "不是咱们小区", "不是咱小区", "不是我们小区", "不是着火"];

    private static readonly string[] Doubting = ["不太像", "不像是他", "不像是她"];

    private static readonly string[] LinkWords = ["http", "www", "链接", "网址", "点击"];

    private static readonly string[] Seeping = ["渗水", "渗到", "往下渗", "渗下来", "渗进", "渗漏", "洇"];

    /// <summary>
    /// "盖锅盖也灭不掉 咋办咋办", "按铃也没人理 门不开 咋弄", "厨房有烟 我好害怕": the writer asks for help with what is happening
    /// to them, in a message with nothing set in the past, supposed or heard of; then an urgent phrase of the rules is not
    /// the model's to overrule.
    /// </summary>
    private static bool PleadsNow(string text) => Says(text, PleasNow) && !IntakeAnalyzer.IsSupposedOrPast(text.Replace("害怕", string.Empty, StringComparison.Ordinal));

    /// <summary>In the normalised text (咋 is 怎么).</summary>
    private static readonly string[] PleasNow = ["怎么办怎么办", "怎么弄", "好害怕", "我害怕", "救命", "快来人", "有没有人啊", "快来救"];

    /// <summary>Words of a danger over, not followed by its going on ("已经拔了插头但墙里面还在响").</summary>
    private static bool TellsOver(string text)
    {
        var last = -1;
        foreach (var word in OverWords)
        {
            last = Math.Max(last, text.LastIndexOf(word, StringComparison.Ordinal));
        }

        return last >= 0 && !text.AsSpan(last).Contains("还在", StringComparison.Ordinal);
    }

    private static readonly string[] OverWords =
        ["没事了", "已经好了", "已经弄好了", "修好了", "处理好了", "已经处理", "解决了", "闻不着了", "闻不到了", "没味了", "没味儿了", "现在没动静了", "火灭了", "已经灭了", "找着了", "人找到了", "已经找到", "人回来了",
            "就挂了", "给挂了", "直接挂了", "挂断了", "挂掉了", "挂了电话", "没给他转", "没转钱", "没转账", "没上当", "给拉黑了", "没搭理他",
            "又不响了", "没闻着味", "没闻到味", "也没闻着", "也没闻到", "还好没转", "幸亏没转", "好好的在上课", "好好的在上班",
            "虚惊一场", "后来门自己开了", "自己又好了", "后来自己好了", "阀门关上了", "总阀关上了", "总阀已经关了", "已经拉走了", "不用再打电话", "现在也好好的", "赶紧拔了", "拔了插头", "拉了闸", "光骂没动手", "没动手", "拦下来了", "给拦下了", "自己回来了", "扒门出来了",
            "味也散了", "味散了", "一点味都没有", "一点味也没有", "人都散了", "拖干了", "现在能走路", "能走了", "俺没去", "我没去", "她没去", "他没去", "没去成", "人没事", "已经散了", "都散了",
            "闻不着味", "闻不到味", "就拔了", "浇灭了", "扑灭了", "踩灭了", "又和好了", "陪着呢", "有人陪着", "哈哈", "😂", "🤣", "开玩笑"];

    /// <summary>The rules' phrases favour this category above every other, and by more than a single weak word.</summary>
    private static bool RulesPointTo(int[] scores, int category)
    {
        for (var i = 0; i < scores.Length; i++)
        {
            if (i != category && scores[i] >= scores[category])
            {
                return false;
            }
        }

        return scores[category] >= RulesSureScore;
    }

    private const int RulesSureScore = 3;

    /// <summary>"3号楼2单元", "东门": a place and nothing else (the answer to "where?") is no report, whatever the model thinks.</summary>
    private static bool IsBarePlace(string text)
    {
        var rest = 0;
        foreach (var c in text)
        {
            if (!PlaceCharacters.Contains(c))
            {
                rest++;
            }
        }

        return rest <= 2;
    }

    private static readonly System.Buffers.SearchValues<char> PlaceCharacters =
        System.Buffers.SearchValues.Create("0123456789零〇一二三四五六七八九十百幺两号楼栋幢座单元门室层户#- ,.!?是在的啊呢吧就住我家俺东西南北大后侧正");

    /// <summary>The two likeliest categories (never other).</summary>
    internal static (int Best, int Second) TopTwoCategories(ReadOnlySpan<float> probabilities)
    {
        int best = 0, second = 1;
        if (probabilities[1] > probabilities[0])
        {
            (best, second) = (1, 0);
        }

        for (var i = 2; i < Other; i++)
        {
            if (probabilities[i] > probabilities[best])
            {
                second = best;
                best = i;
            }
            else if (probabilities[i] > probabilities[second])
            {
                second = i;
            }
        }

        return (best, second);
    }

    /// <summary>A hazard the rules named goes with the category the model chose (a fall with wish, a fight with dispute, ...).</summary>
    /// <summary>
    /// Whether a problem of this category can hold the danger the rules named. Fire and gas are hazards, whoever is at home
    /// (an elderly mother alone with a gas smell); when the danger is a second problem of the message, the first keeps its own.
    /// </summary>
    private static bool CategoryFits(string hazard, string category, bool dangerIsFirst) => hazard switch
    {
        IntakeHazards.Fraud => category == IntakeCategories.Fraud,
        IntakeHazards.Fall or IntakeHazards.Missing => category is IntakeCategories.Wish or IntakeCategories.Hazard,
        IntakeHazards.Violence => category == IntakeCategories.Dispute,
        IntakeHazards.Fire or IntakeHazards.Gas => !dangerIsFirst || category == IntakeCategories.Hazard,
        _ => true,
    };

    /// <summary>The kind of danger of an urgent message that no phrase of the rules named, for the safety advice.</summary>
    internal static string? HazardOf(string category, string text)
    {
        return category switch
        {
            IntakeCategories.Fraud => IntakeHazards.Fraud,
            IntakeCategories.Dispute => IntakeHazards.Violence,
            IntakeCategories.Wish => Has("不见", "找不到", "找不着", "走丢", "走失", "没回来", "没回家", "联系不上") ? IntakeHazards.Missing : IntakeHazards.Fall,
            IntakeCategories.Repair => Has("电梯", "轿厢") ? IntakeHazards.Elevator : Has("水") ? IntakeHazards.Flood : null,
            IntakeCategories.Hazard => Has("燃气", "煤气", "天然气", "液化气", "气味") ? IntakeHazards.Gas
                : Has("烟", "火", "烧", "焦") ? IntakeHazards.Fire
                : Has("电线", "火花", "漏电", "插座", "电箱") ? IntakeHazards.Electric
                : Has("掉", "砸", "塌", "倒") ? IntakeHazards.FallingObject
                : Has("水", "淹") ? IntakeHazards.Flood
                : null,
            _ => null,
        };

        bool Has(params ReadOnlySpan<string> words)
        {
            foreach (var word in words)
            {
                if (text.Contains(word, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }
    }
}

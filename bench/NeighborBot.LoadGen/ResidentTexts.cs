using NeighborBot.Wording;

namespace NeighborBot.LoadGen;

/// <summary>
/// What residents write to the community account: reports of broken things, hazards, neighbour
/// trouble, property and cleaning complaints, questions about policies and fraud. Composed from parts
/// so that thousands of senders do not all say the same sentence; most are 15-45 characters.
/// </summary>
internal static class ResidentTexts
{
    private static readonly string[] Places =
    [
        "{b}号楼{u}单元", "{b}号楼{u}单元{f}0{r}", "{b}号楼", "{b}号楼楼下", "{b}号楼{u}单元门口", "东门", "西门口", "南门岗亭旁边",
        "地下车库", "地下车库B区", "小区北门", "{b}号楼后面的小广场", "健身器材那边", "垃圾分类亭", "幼儿园门口", "菜市场对面",
        "老年活动中心", "{b}号楼和{c}号楼之间", "自行车棚", "篮球场",
    ];

    private static readonly string[] Problems =
    [
        "楼道灯坏了", "电梯又停了", "水管漏水", "下水道堵了", "楼道里堆了很多杂物", "垃圾好几天没人清运", "路灯不亮",
        "楼上装修噪音太大", "消防通道被车堵了", "井盖松动了", "外墙皮掉下来了", "有人在楼道里给电动车充电", "单元门禁坏了",
        "屋顶漏雨", "有流浪狗咬人", "绿化带里有人种菜", "窨井冒臭水", "配电箱门开着没人管", "栏杆断了", "暖气不热",
    ];

    private static readonly string[] Details =
    [
        "好几天了", "已经一个星期了", "晚上特别不安全", "老人上下楼很不方便", "孩子在旁边玩很危险", "味道很大", "物业说不归他们管",
        "昨天晚上开始的", "打了物业电话没人接", "邻居们都很着急",
    ];

    private static readonly string[] Asks =
    [
        "麻烦尽快派人来看看", "请帮忙处理一下", "谢谢", "什么时候能修好？", "请网格员来看一下", "麻烦社区协调一下", "辛苦了",
    ];

    private static readonly string[] Questions =
    [
        "请问高龄津贴怎么申请？需要带什么材料？",
        "社区这个月什么时候组织免费体检？",
        "刚接到一个自称公安局的电话，让我把钱转到安全账户，是不是诈骗？",
        "想问一下办居住证需要哪些材料，在哪里办？",
        "我家老人想报名社区长者食堂，怎么报名？",
        "孩子上小学要开居住证明，社区能开吗？",
        "有人加我微信说能帮忙办低保，要先交钱，可信吗？",
        "我想申请微心愿，给独居的王奶奶买个助行器",
        "楼上邻居家漏水到我家，他们不肯赔，社区能帮忙调解吗？",
        "请问党员志愿服务在哪里报名？",
        "小区里的充电桩什么时候能装好？",
        "医保缴费在社区可以办吗？",
    ];

    /// <summary>
    /// Chat that opens no ticket: greetings, thanks, progress questions and words the bot does not
    /// understand. Every one is answered from the conversation alone (the callback's plain path).
    /// </summary>
    private static readonly string[] Chat =
    [
        "你好", "在吗", "您好，请问有人吗", "谢谢你们", "好的谢谢", "辛苦了", "进度", "我的工单", "修好了吗", "我报的事怎么样了",
        "嗯嗯", "哈哈", "👍", "？？？", "今天天气不错", "早上好", "麻烦了", "知道了",
    ];

    /// <summary>One message of the kind asked for: <c>reports</c> (problems and questions) or <c>chat</c>.</summary>
    public static string Next(Random random, string kind) => kind switch
    {
        "chat" => Pick(random, Chat),
        "reports" => Next(random),
        _ => throw new ArgumentException($"--texts {kind}: use reports or chat."),
    };

    /// <summary>One report or question; <paramref name="random"/> decides which.</summary>
    public static string Next(Random random)
    {
        if (random.Next(5) == 0)
        {
            return Pick(random, Questions);
        }

        var place = Pick(random, Places)
            .Replace("{b}", random.Next(1, 25).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{c}", random.Next(1, 25).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{u}", random.Next(1, 5).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{f}", random.Next(1, 19).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{r}", random.Next(1, 5).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        var text = place + Pick(random, Problems);
        if (random.Next(3) != 0)
        {
            text += "，" + Pick(random, Details);
        }

        return text + "，" + Pick(random, Asks);
    }

    private static string Pick(Random random, string[] items) => items[random.Next(items.Length)];
}

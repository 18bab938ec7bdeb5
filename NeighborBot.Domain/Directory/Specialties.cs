namespace NeighborBot.Directory;

/// <summary>The kinds of dispute mediators take (directory <c>specialties</c>), their names, and how they are guessed from words.</summary>
public static class Specialties
{
    public const string Noise = "noise";
    public const string Leak = "leak";
    public const string Parking = "parking";
    public const string Pets = "pets";
    public const string Family = "family";
    public const string PropertyFees = "property-fees";
    public const string Labour = "labour";
    public const string Other = "other";

    /// <summary>In the order residents are asked (numbered 1 to 8).</summary>
    public static readonly IReadOnlyList<string> All = [Noise, Leak, Parking, Pets, Family, PropertyFees, Labour, Other];

    public static string Label(string specialty) => specialty switch
    {
        Noise => "邻里噪音",
        Leak => "楼上楼下漏水",
        Parking => "停车纠纷",
        Pets => "宠物纠纷",
        Family => "家庭婚姻与继承",
        PropertyFees => "物业费纠纷",
        Labour => "劳动与工资",
        _ => "其他纠纷",
    };

    public static bool IsKnown(string specialty) => All.Contains(specialty, StringComparer.Ordinal);

    private static readonly (string Specialty, string[] Words)[] Keywords =
    [
        (Family, ["家暴", "离婚", "婚姻", "遗产", "继承", "赡养", "抚养", "老人赡养", "房产过户", "家里人", "家里的事", "婆媳", "夫妻", "兄弟姐妹", "我哥", "我姐", "我弟", "我妹", "子女", "分家", "留了套房", "留下的房", "老房子归",
            "老公", "老婆", "媳妇", "丈夫", "婆婆", "公公", "丈母娘", "儿媳", "女婿", "房本", "房产证", "加名字"]),
        (Labour, ["工资", "欠薪", "拖欠工资", "工钱", "劳动", "辞退", "加班费", "社保没交", "包工头", "老板不给钱"]),
        (PropertyFees, ["物业费", "停车费", "收费", "乱收费", "多收", "公摊", "维修基金"]),
        (Leak, ["漏水", "渗水", "滴水", "水漏", "水渍", "天花板", "防水"]),
        (Parking, ["停车", "车位", "挡车", "堵车", "占车位", "乱停", "车库"]),
        (Pets, ["狗", "猫", "宠物", "遛狗", "犬", "狗屎", "咬人"]),
        (Noise, ["吵", "噪音", "噪声", "声音", "装修", "半夜", "广场舞", "蹦", "跺", "音响", "扰民"]),
    ];

    /// <summary>The specialty the words are about, or null when they name none.</summary>
    public static string? Guess(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        foreach (var (specialty, words) in Keywords)
        {
            if (words.Any(w => text.Contains(w, StringComparison.Ordinal)))
            {
                return specialty;
            }
        }

        return null;
    }

    /// <summary>A resident's answer to the numbered question: <c>1</c>–<c>8</c> or the name (<c>噪音</c>).</summary>
    public static string? FromAnswer(string text)
    {
        var answer = text.Trim();
        if (int.TryParse(answer, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= All.Count)
        {
            return All[n - 1];
        }

        return All.FirstOrDefault(s => s == answer || Label(s) == answer) ?? Guess(answer) ?? (answer is "其他" or "其它" ? Other : null);
    }
}

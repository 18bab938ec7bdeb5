using Microsoft.Extensions.Options;

namespace NeighborBot.Conversations;

/// <summary>
/// The <c>Safety</c> section: the short advice sent with an urgent ticket, by hazard. Admins may
/// change a text or add one for a new hazard (<c>Safety:Guidance:{hazard}</c>) without a rebuild.
/// </summary>
public sealed class SafetyOptions
{
    public const string Section = "Safety";

    public Dictionary<string, string> Guidance { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>The advice for a hazard: configuration first, then the built-in table, then a general line.</summary>
public sealed class SafetyGuidance(IOptionsMonitor<SafetyOptions> options)
{
    public const string General = "请注意安全，情况危急请立即拨打 110、119 或 120。";

    public static readonly IReadOnlyDictionary<string, string> Defaults = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["gas"] = "闻到燃气味：不要开关电灯电器，不要在屋里打电话；马上开窗，关掉燃气总阀，人先出去，到外面再打燃气抢修电话或 119。",
        ["fire"] = "着火冒烟：马上离开，用湿毛巾捂住口鼻，弯腰走楼梯，不要坐电梯，立即拨打 119。",
        ["electric"] = "电线冒火花：不要用手碰，不要用水泼；能拉下电闸就先断电，人离远一点，拨打 119。",
        ["elevator"] = "有人被困电梯：请告诉被困的人保持冷静、按警铃、不要扒门；您在外面也不要强行开门，拨打电梯里贴的救援电话或 119。电梯开着门运行的，别让人进出，守在旁边提醒大家走楼梯。",
        ["flood"] = "家里进水：先关总水阀，再断电，把电器和贵重物品放到高处，小心滑倒和触电。",
        ["fall"] = "老人摔倒：先别急着扶，看看是否清醒、哪里疼；头、腰受伤不要挪动，马上拨打 120。",
        ["falling-object"] = "有东西可能掉下来：请远离下方，提醒路人绕行。",
        ["violence"] = "有人身危险请马上拨打 110，先保护好自己。",
        ["fraud"] = "防诈骗：先不要转账，不要告诉任何人验证码；公检法没有“安全账户”。已经转了钱请马上拨打 110，拿不准可拨打 96110 咨询。",
    };

    public string For(string? hazard) =>
        hazard is null ? General
        : options.CurrentValue.Guidance.TryGetValue(hazard, out var configured) && configured.Length > 0 ? configured
        : Defaults.TryGetValue(hazard, out var builtIn) ? builtIn
        : General;
}

namespace NeighborBot.Intake;

/// <summary>Where a problem is: building / unit / room of a home, or a public place such as "东门" or "地下车库".</summary>
public sealed record IntakeLocation(int? Building, int? Unit, string? Room, string? Place);

/// <summary>What a resident meant by one message.</summary>
public enum IntakeIntent
{
    /// <summary>Describes at least one problem: a ticket.</summary>
    Report,

    /// <summary>"谢谢", "辛苦了": not a ticket.</summary>
    Thanks,

    /// <summary>"修好了吗", "我报的灯啥时候修": asks about an earlier ticket, not a new one.</summary>
    ProgressQuery,

    /// <summary>"算了", "取消", "不用了".</summary>
    Cancel,

    /// <summary>"不对，是4号楼": fixes the location or category of the draft being built.</summary>
    Correction,

    /// <summary>"你好", "在吗".</summary>
    Greeting,

    /// <summary>Anything else: the bot asks a question back.</summary>
    Unclear,
}

/// <summary>One problem found in a message.</summary>
/// <param name="Category">One of <see cref="IntakeCategories.All"/> (never "other").</param>
/// <param name="Urgent">Immediate danger to life or property.</param>
/// <param name="Location">Where this problem is; the message's location when the problem's own text names none.</param>
/// <param name="Hazard">For urgent problems, the kind of danger (<see cref="IntakeHazards"/>); null otherwise.</param>
/// <param name="Text">The part of the message (as typed) that describes this problem.</param>
public sealed record IntakeProblem(string Category, bool Urgent, IntakeLocation? Location, string? Hazard, string Text);

/// <summary>What <see cref="IntakeAnalyzer"/> understood from one message.</summary>
public sealed record IntakeResult(IntakeIntent Intent, IReadOnlyList<IntakeProblem> Problems, IntakeLocation? Location)
{
    public bool IsTicket => Problems.Count > 0;

    public string Category => Problems.Count > 0 ? Problems[0].Category : IntakeCategories.Other;

    public bool Urgent => Problems.Any(p => p.Urgent);

    /// <summary>For a <see cref="IntakeIntent.Correction"/> such as "不是漏水，是堵了": the category the resident meant, if any.</summary>
    public string? CorrectedCategory { get; init; }

    /// <summary>
    /// When the model cannot tell between two categories that are handled differently: both, likelier first. The bot
    /// asks the resident instead of guessing (<see cref="Category"/> is the guess if there is no answer). Null otherwise.
    /// </summary>
    public IReadOnlyList<string>? Choices { get; init; }

    /// <summary>The model's probability of the label it gave (a category, or other); null when the rules decided alone.</summary>
    public float? Confidence { get; init; }

    /// <summary>Whether the rules' words read a problem in the message, whatever the model made of it.</summary>
    public bool WordsTellOfProblem { get; init; }

    /// <summary>The danger the rules' words speak of (gas, fire, …), urgent or not; null when they name none, whatever the model guessed.</summary>
    public string? WordsDanger { get; init; }

    /// <summary>Whether the words ask after a report ("有进度没", "修得咋样了"), whatever else the message was read as.</summary>
    public bool AsksProgress { get; init; }
}

/// <summary>What the rules read of a message, and the figures of it the model takes as features.</summary>
/// <param name="Scores">The rules' score per category (<see cref="IntakeCategories.All"/> order), negated keywords left out.</param>
/// <param name="Danger">The first danger the message speaks of (an urgent phrase or rule), even one that is over, feared or denied.</param>
internal sealed record RuleReading(IntakeResult Result, NormalizedText Text, int[] Scores, IntakeSignal Signals, string? Danger)
{
    /// <summary>How many of the rules' urgent phrases and pairs fired (not negated, not past or feared).</summary>
    public int UrgentHits { get; init; }

    /// <summary>How many of them were only feared ("怕有火花", "万一着火").</summary>
    public int FearedHits { get; init; }

    /// <summary>Safety advice passed on ("转发：【…提醒】请勿…"), which reports nothing whatever the model reads in it.</summary>
    public bool Notice { get; init; }
}

/// <summary>The ticket categories of product.md.</summary>
public static class IntakeCategories
{
    public const string Repair = "repair";
    public const string Hazard = "hazard";
    public const string Dispute = "dispute";
    public const string Consult = "consult";
    public const string Property = "property";
    public const string Environment = "environment";
    public const string Fraud = "fraud";
    public const string Wish = "wish";

    /// <summary>Not a ticket.</summary>
    public const string Other = "other";

    /// <summary>The categories a problem can have, in a fixed order.</summary>
    public static IReadOnlyList<string> All { get; } = [Repair, Hazard, Dispute, Consult, Property, Environment, Fraud, Wish];

    /// <summary>A category named by staff in a command (改类 0042 隐患): its label, a short name of it, or its id; null for anything else.</summary>
    public static string? Named(string word) => word.Trim() switch
    {
        "报修" or "维修" or "设施" or "设施报修" or Repair => Repair,
        "隐患" or "安全" or "安全隐患" or Hazard => Hazard,
        "纠纷" or "矛盾" or "调解" or "矛盾纠纷" or Dispute => Dispute,
        "咨询" or "政策" or "政策咨询" or Consult => Consult,
        "物业" or "物业服务" or Property => Property,
        "环境" or "卫生" or "环境卫生" or Environment => Environment,
        "诈骗" or "涉诈" or "反诈" or "涉诈求证" or Fraud => Fraud,
        "心愿" or "微心愿" or "求助" or Wish => Wish,
        _ => null,
    };

    /// <summary>The category as people read it: 设施报修, 安全隐患, ...</summary>
    public static string Label(string category) => category switch
    {
        "repair" => "设施报修",
        "hazard" => "安全隐患",
        "dispute" => "矛盾纠纷",
        "consult" => "政策咨询",
        "property" => "物业服务",
        "environment" => "环境卫生",
        "fraud" => "涉诈求证",
        "wish" => "微心愿",
        _ => "其他",
    };
}

/// <summary>The kinds of danger of the built-in rules; configuration may add more.</summary>
public static class IntakeHazards
{
    public const string Gas = "gas";
    public const string Fire = "fire";
    public const string Electric = "electric";
    public const string Elevator = "elevator";
    public const string Flood = "flood";

    /// <summary>A person (usually elderly) has fallen or collapsed.</summary>
    public const string Fall = "fall";

    /// <summary>Something is about to fall from a height (air-conditioner bracket, roof sheet).</summary>
    public const string FallingObject = "falling-object";

    /// <summary>A fight is going on.</summary>
    public const string Violence = "violence";

    /// <summary>A person (an elderly person, a child) is missing.</summary>
    public const string Missing = "missing";

    /// <summary>Someone is about to harm themselves.</summary>
    public const string SelfHarm = "self-harm";

    /// <summary>Money is about to go, or is going, to a scammer.</summary>
    public const string Fraud = "fraud";

    /// <summary>
    /// Of two dangers told in one problem, the one to act on: fire, gas and sparks before any other ("电表箱进水了 一直冒火花"
    /// is for 消防, not a flood), else the one told first.
    /// </summary>
    public static string? Graver(string? first, string? then) =>
        first is null || (then is Fire or Gas or Electric && first is not (Fire or Gas or Electric)) ? then ?? first : first;
}

using System.ComponentModel.DataAnnotations;

namespace NeighborBot.Conversations;

/// <summary>The <c>Conversations</c> section: how long the bot remembers what.</summary>
public sealed class ConversationOptions
{
    public const string Section = "Conversations";

    /// <summary>A conversation is forgotten after this long without a message (a report still asked about waits longer: <see cref="DraftExpiry"/>).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan IdleExpiry { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// How long a report the bot is still asking about (where it is, or which of two kinds) is kept without a message,
    /// so that an answer given later ("南门那", after going to look) still completes it. The rest of the conversation is
    /// forgotten after <see cref="IdleExpiry"/> as before.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan DraftExpiry { get; set; } = TimeSpan.FromHours(4);

    /// <summary>
    /// How long the bot waits for the answer to its question about a report (where it is, or which of two kinds) before
    /// it files the report as it stands: the likelier kind, the place it knows (or none yet, and the resident's later
    /// answer still places it). The resident is told the ticket's number. Shorter than <see cref="DraftExpiry"/>.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan FileUnansweredAfter { get; set; } = TimeSpan.FromHours(1);

    /// <summary>After 转人工, how long the bot leaves the conversation to the worker (commands still work).</summary>
    public TimeSpan HandoverFor { get; set; } = TimeSpan.FromHours(4);

    /// <summary>How long after a report a detail, a photo or a phone number joins it (补充) rather than starting a new one.</summary>
    public TimeSpan AdditionWithin { get; set; } = TimeSpan.FromHours(4);

    /// <summary>How long a place given in the conversation is used for the next indoor report without a place of its own.</summary>
    public TimeSpan PlaceMemory { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a delivery is remembered, so WeChat's and bridges' retries are answered, not handled again.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan DedupeWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How long a turn holds its delivery before a retry may take it over: a turn takes milliseconds,
    /// and a process that died while holding one must not keep the resident's report from WeChat's
    /// retry (which comes 5 s after the first delivery). Shorter than <see cref="RetryWait"/>, so a
    /// retry that finds the delivery held outlasts a dead holder's lease within its wait.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:00:05")]
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How long a retry waits for the first delivery's answer; WeChat gives up on a reply after 5 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:05")]
    public TimeSpan RetryWait { get; set; } = TimeSpan.FromSeconds(4);

    [Range(1, 1000)]
    public int HistoryLength { get; set; } = 100;

    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00")]
    public TimeSpan HistoryRetention { get; set; } = TimeSpan.FromDays(90);

    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan LocationRetention { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// The community's answers to questions of fact ("物业电话多少", "垃圾几点收"): a question naming one of an
    /// answer's words is answered with it, not filed as a ticket.
    /// </summary>
    public List<FactAnswer> Answers { get; set; } = [];

    internal TurnLimits Limits => new(IdleExpiry, HistoryLength, HistoryRetention, DedupeWindow);

    /// <summary>The limits of a turn that leaves a report waiting: the conversation is kept as long as the report.</summary>
    internal TurnLimits LimitsWithDraft => Limits with { IdleExpiry = IdleExpiry > DraftExpiry ? IdleExpiry : DraftExpiry };
}

/// <summary>One of the community's answers: the words a question names (物业电话, 物业的电话) and what the bot says.</summary>
public sealed class FactAnswer
{
    public List<string> Words { get; set; } = [];

    public string Answer { get; set; } = string.Empty;
}

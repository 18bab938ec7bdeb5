using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace NeighborBot.Broadcasts;

/// <summary>The <c>Broadcasts</c> section: approval, the pace of the hand-over, mass messages and the weekly anti-fraud tip.</summary>
public sealed class BroadcastOptions
{
    public const string Section = "Broadcasts";

    public const int DefaultApprovalAboveGrids = 1;
    public const int DefaultMassSendsPerMonth = 4;
    public static readonly TimeSpan DefaultWaitInJob = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan DefaultLease = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan DefaultSlice = TimeSpan.FromMinutes(5);

    /// <summary>A broadcast whose recipients are in more grids than this waits for approval.</summary>
    [Range(0, 1000, ErrorMessage = "Broadcasts:ApprovalAboveGrids must be between 0 and 1000.")]
    public int ApprovalAboveGrids { get; set; } = DefaultApprovalAboveGrids;

    /// <summary>A broadcast to every resident (<c>"residents": "all"</c>) waits for approval.</summary>
    public bool ApproveAllResidents { get; set; } = true;

    /// <summary>
    /// How fast a broadcast hands messages to the outbox, per channel (<c>mp</c>, <c>grp</c>, <c>wecom</c>),
    /// for each account, bridge or robot on its own. Left out, or faster than the channel's own send rate
    /// (an account's <c>Notifications:SendsPerSecond</c>, a bridge's <c>SendsPerMinute</c>,
    /// <c>WeCom:RobotSendsPerMinute</c> per robot): the channel's own. A slower pace leaves room for ticket messages.
    /// </summary>
    public Dictionary<string, ChannelPace> Rates { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Mass messages (群发) an account may send a month: WeChat lets each follower receive 4.</summary>
    [Range(0, 100, ErrorMessage = "Broadcasts:MassSendsPerMonth must be between 0 and 100.")]
    public int MassSendsPerMonth { get; set; } = DefaultMassSendsPerMonth;

    /// <summary>A hand-over waits this long at most, inside its job, for the send rate; a longer wait ends the job and schedules the next.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00", ErrorMessage = "Broadcasts:WaitInJob must be between 00:00:00 and 00:05:00.")]
    public TimeSpan WaitInJob { get; set; } = DefaultWaitInJob;

    /// <summary>How long a hand-over holds its run without renewing the hold: a process that died frees the run this long after.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00", ErrorMessage = "Broadcasts:Lease must be between 00:00:01 and 00:10:00.")]
    public TimeSpan Lease { get; set; } = DefaultLease;

    /// <summary>One job hands over for this long at most, then the next job goes on (Hangfire restarts jobs longer than 30 minutes).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:20:00", ErrorMessage = "Broadcasts:Slice must be between 00:00:01 and 00:20:00 (Hangfire restarts a job running 30 minutes).")]
    public TimeSpan Slice { get; set; } = DefaultSlice;

    /// <summary>The ready recurring anti-fraud broadcast: one tip a week to <c>elderly60</c> residents and all groups; off unless enabled.</summary>
    public WeeklyTipOptions WeeklyAntiFraud { get; set; } = new();
}

/// <summary><paramref name="Permits"/> messages per <paramref name="Per"/>.</summary>
public sealed class ChannelPace
{
    public int Permits { get; set; } = 20;

    public TimeSpan Per { get; set; } = TimeSpan.FromMinutes(1);
}

public sealed class WeeklyTipOptions
{
    public const string DefaultCron = "0 10 * * 2";

    public bool Enabled { get; set; }

    /// <summary>When, in China time (default Tuesdays 10:00).</summary>
    public string Cron { get; set; } = DefaultCron;
}

/// <summary>Every failure names the key to fix.</summary>
internal sealed class BroadcastOptionsValidator(TimeProvider time) : IValidateOptions<BroadcastOptions>
{
    public ValidateOptionsResult Validate(string? name, BroadcastOptions options)
    {
        var failures = new List<string>();
        foreach (var (channel, pace) in options.Rates)
        {
            if (pace.Permits < 1 || pace.Per <= TimeSpan.Zero || pace.Per > TimeSpan.FromDays(1))
            {
                failures.Add($"Broadcasts:Rates:{channel} needs Permits of at least 1 and Per between 00:00:00.001 and 1.00:00:00.");
            }
        }

        if (new BroadcastSchedule { Cron = options.WeeklyAntiFraud.Cron }.Problem(time.GetUtcNow()) is { } problem)
        {
            failures.Add($"Broadcasts:WeeklyAntiFraud:Cron: {problem}");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

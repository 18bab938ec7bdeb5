using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace NeighborBot.Outbox;

/// <summary>The <c>Notifications</c> section: how the outbox sends.</summary>
public sealed class OutboxOptions
{
    public const string Section = "Notifications";

    public static readonly TimeSpan DefaultCustomServiceWindow = TimeSpan.FromHours(48);
    public static readonly TimeSpan DefaultSendLogRetention = TimeSpan.FromDays(30);

    /// <summary>
    /// A customer-service message is tried when the person wrote within this long; otherwise the
    /// template. WeChat's limit is 48 h; a 45015 answer falls back to the template anyway.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "2.00:00:00")]
    public TimeSpan CustomServiceWindow { get; set; } = DefaultCustomServiceWindow;

    /// <summary>How long a message and its attempts stay in the send log after its last change.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "366.00:00:00")]
    public TimeSpan SendLogRetention { get; set; } = DefaultSendLogRetention;

    /// <summary>
    /// How long a message that keeps failing for now (WeChat down, a network error) is tried again
    /// before it is given up with its reason, for an admin to see and resend.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan RetryFor { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The wait before the second run; each later wait doubles, up to <see cref="RetryMaxDelay"/>, each spread by ±25 %.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(15);

    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Messages sent per second per Official Account, by all instances together: a backlog drains at this rate.</summary>
    [Range(1, 10_000)]
    public int SendsPerSecond { get; set; } = 20;

    /// <summary>
    /// The Official Account staff are reached on when a message is not about a ticket that came in on
    /// one (a binding request, a ticket reported in a group). Empty: the first account configured.
    /// </summary>
    public string? StaffAccount { get; set; }

    /// <summary>How long a send waits for a free permit of the rate before it is put off and rescheduled.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RateWaitBudget { get; set; } = TimeSpan.FromSeconds(5);
}

using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using NeighborBot.Broadcasts;

namespace NeighborBot.Warnings;

/// <summary>A weather-alert feed: CAP 1.2 XML at an address, polled by the warnings job.</summary>
public sealed class AlertFeed
{
    public string Name { get; set; } = string.Empty;
    public string Url { get; set; } = string.Empty;
}

/// <summary>The <c>Warnings</c> section: the feeds and which of their alerts concern the community, what people are told, and how transfers are followed.</summary>
public sealed class WarningOptions
{
    public const string Section = "Warnings";

    public const string DefaultPollCron = "*/5 * * * *";
    public const string DefaultGuidance = "请把家电、药品和贵重物品移到高处，关好燃气和电闸，不要在地下室、地下车库和低洼处停留；一楼和低洼住户做好转移准备，需要帮助请联系网格员。";
    public static readonly TimeSpan DefaultConfirmWithin = TimeSpan.FromMinutes(30);
    public static readonly TimeSpan DefaultEscalateAfter = TimeSpan.FromMinutes(30);

    public List<AlertFeed> Feeds { get; set; } = [];

    /// <summary>
    /// Admin codes (GB/T 2260) of the community's area, such as the district 410102. An alert concerns the
    /// community when one of its geocodes is within it (410102003) or holds it (the city 410100, the province 410000).
    /// </summary>
    public List<string> AreaCodes { get; set; } = [];

    /// <summary>Words of the events acted on (an alert's event contains one): rainstorms and floods.</summary>
    public List<string> Events { get; set; } = ["暴雨", "洪水", "洪涝", "山洪", "内涝", "强降水", "Rainstorm", "Flood"];

    /// <summary>Alerts below this severity are left alone (Moderate: yellow and above).</summary>
    public CapSeverity MinSeverity { get; set; } = CapSeverity.Moderate;

    /// <summary>From this severity on (Severe: orange and red) paired volunteers get their households to check or move.</summary>
    public CapSeverity TransferFrom { get; set; } = CapSeverity.Severe;

    /// <summary>Household tags on the transfer list.</summary>
    public List<string> TransferTags { get; set; } = ["low-lying", "living-alone", "disabled", "elderly80"];

    /// <summary>Household tags whose bound residents get the warning itself (besides groups and workers).</summary>
    public List<string> ResidentTags { get; set; } = ["low-lying"];

    /// <summary>When feeds are polled, in China time.</summary>
    public string PollCron { get; set; } = DefaultPollCron;

    /// <summary>Households not confirmed this long after transfers start go to the grid worker.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00", ErrorMessage = "Warnings:ConfirmWithin must be between 00:01:00 and 1.00:00:00.")]
    public TimeSpan ConfirmWithin { get; set; } = DefaultConfirmWithin;

    /// <summary>Still not confirmed this long after that, they go to the grid leader.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00", ErrorMessage = "Warnings:EscalateAfter must be between 00:01:00 and 1.00:00:00.")]
    public TimeSpan EscalateAfter { get; set; } = DefaultEscalateAfter;

    /// <summary>One attempt to read a feed gives up after this long.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:02:00", ErrorMessage = "Warnings:FeedTimeout must be between 00:00:00.100 and 00:02:00.")]
    public TimeSpan FeedTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries of a read that failed in a way worth another try (network, 5xx, 408, timeout).</summary>
    [Range(0, 5, ErrorMessage = "Warnings:FeedRetries must be between 0 and 5.")]
    public int FeedRetries { get; set; } = 2;

    /// <summary>The first retry's wait; each next one doubles.</summary>
    public TimeSpan FeedRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>What to do, added to every warning.</summary>
    public string Guidance { get; set; } = DefaultGuidance;

    /// <summary>Where the shelter is (避险安置点).</summary>
    public string? Shelter { get; set; }

    /// <summary>The community's duty phone on a flood night (值班电话).</summary>
    public string? DutyPhone { get; set; }

    /// <summary>Whether an alert's geocodes reach the community.</summary>
    public bool Concerns(CapInfo info) => info.Areas.SelectMany(a => a.Codes).Any(code => AreaCodes.Any(mine =>
        code.StartsWith(mine, StringComparison.Ordinal) || mine.StartsWith(Significant(code), StringComparison.Ordinal)));

    /// <summary>A code without the trailing "00" pairs that stand for "the whole of": 410100 → 4101.</summary>
    private static string Significant(string code)
    {
        var significant = code.Trim();
        while (significant.Length > 2 && significant.EndsWith("00", StringComparison.Ordinal))
        {
            significant = significant[..^2];
        }

        return significant;
    }

    public bool IsFloodEvent(string name) => Events.Any(e => name.Contains(e, StringComparison.OrdinalIgnoreCase));
}

/// <summary>Every failure names the key to fix.</summary>
internal sealed class WarningOptionsValidator(TimeProvider time) : IValidateOptions<WarningOptions>
{
    public ValidateOptionsResult Validate(string? name, WarningOptions options)
    {
        var failures = new List<string>();
        for (var i = 0; i < options.Feeds.Count; i++)
        {
            var feed = options.Feeds[i];
            if (string.IsNullOrWhiteSpace(feed.Name) || !(Uri.TryCreate(feed.Url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            {
                failures.Add($"Warnings:Feeds:{i} needs a Name and an absolute http(s) Url.");
            }
        }

        if (options.Feeds.Count > 0 && options.AreaCodes.Count == 0)
        {
            failures.Add("Warnings:AreaCodes must name the community's admin codes (such as 410102) when feeds are configured.");
        }

        if (options.AreaCodes.Any(c => c.Length < 2 || !c.All(char.IsAsciiDigit)))
        {
            failures.Add("Warnings:AreaCodes must be admin codes of digits only (such as 410102).");
        }

        if (options.MinSeverity == CapSeverity.Unknown || options.TransferFrom < options.MinSeverity)
        {
            failures.Add("Warnings:MinSeverity must be Minor, Moderate, Severe or Extreme, and Warnings:TransferFrom at least as high.");
        }

        if (new BroadcastSchedule { Cron = options.PollCron }.Problem(time.GetUtcNow()) is { } problem)
        {
            failures.Add($"Warnings:PollCron: {problem}");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

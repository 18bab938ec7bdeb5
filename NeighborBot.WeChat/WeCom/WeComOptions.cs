using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace NeighborBot.WeChat.WeCom;

/// <summary>
/// The <c>WeCom</c> section: the smart robots whose callbacks come to <c>/wecom/aibot/{bot}</c>, and how
/// NeighborBot posts through group robot webhooks.
/// </summary>
public sealed class WeComOptions
{
    public const string Section = "WeCom";
    public const string DefaultRobotBaseUrl = "https://qyapi.weixin.qq.com";

    /// <summary>WeCom's documented limit for one group robot.</summary>
    public const int MaxRobotSendsPerMinute = 20;

    public static readonly TimeSpan DefaultMaxClockSkew = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan DefaultRobotTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Smart robots by the name in their callback route.</summary>
    public Dictionary<string, WeComBotOptions> Bots { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Where group robot webhooks are posted (<c>{RobotBaseUrl}/cgi-bin/webhook/send?key=</c>); tests point it at a fake on loopback.</summary>
    public string RobotBaseUrl { get; set; } = DefaultRobotBaseUrl;

    /// <summary>
    /// How far a callback's timestamp may be from our clock before it is refused as a replay. Keep it
    /// well under <c>Conversations:DedupeWindow</c>: a replay inside the window gets the remembered
    /// answer and changes nothing, one after it is refused by this check. Zero switches the check off.
    /// </summary>
    public TimeSpan MaxClockSkew { get; set; } = DefaultMaxClockSkew;

    /// <summary>Messages one group robot sends a minute, by all instances together; WeCom refuses more than 20 (errcode 45009).</summary>
    public int RobotSendsPerMinute { get; set; } = MaxRobotSendsPerMinute;

    /// <summary>
    /// How long a webhook post may take. A post that times out may still have arrived, and the webhook
    /// has no idempotency key, so it is not sent again (the message is left uncertain for an admin).
    /// </summary>
    public TimeSpan RobotTimeout { get; set; } = DefaultRobotTimeout;
}

/// <summary><c>WeCom:Bots:{bot}</c>: the values of the smart robot's API settings (接收消息 URL, Token, EncodingAESKey).</summary>
public sealed class WeComBotOptions
{
    public string Token { get; set; } = string.Empty;

    /// <summary>43 characters of Base64 text, as the robot's settings show it.</summary>
    public string EncodingAESKey { get; set; } = string.Empty;

    /// <summary>
    /// The robot's name as members see it ("社区小助手"): <c>@name</c> is taken off the text before it is
    /// understood. Without it, a mention at the start of the text is taken off.
    /// </summary>
    public string? Name { get; set; }
}

/// <summary>
/// The group robots' webhook keys, by group: <c>Groups:{chatid}:Robot</c> (a chatid holding <c>:</c> is
/// written with <c>_</c>, as configuration keys cannot hold it). Read from the children of <c>Groups</c>
/// that have a <c>Robot</c> (the section also holds the prefixes and the bot's names).
/// </summary>
public sealed class WeComRobotOptions
{
    /// <summary>The webhook key (or the whole webhook URL, as the group's settings show it) by configuration key.</summary>
    public Dictionary<string, string> Robots { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The configuration key of a group: its chatid with <c>:</c> written as <c>_</c>.</summary>
    public static string ConfigKey(string chatId) => chatId.Replace(':', '_');

    /// <summary>The webhook key of a group's robot, or null when the group has none.</summary>
    public string? KeyFor(string chatId) =>
        Robots.TryGetValue(ConfigKey(chatId), out var value) ? RobotKey.From(value) : null;
}

/// <summary>A webhook key from what an admin pasted: the key itself, or the webhook URL that holds it.</summary>
internal static partial class RobotKey
{
    public static string? From(string value)
    {
        var text = value.Trim();
        if (text.StartsWith("http", StringComparison.OrdinalIgnoreCase) && Uri.TryCreate(text, UriKind.Absolute, out var url))
        {
            text = url.Query.TrimStart('?').Split('&')
                .Select(p => p.Split('=', 2))
                .Where(p => p.Length == 2 && p[0] == "key")
                .Select(p => Uri.UnescapeDataString(p[1]))
                .FirstOrDefault() ?? string.Empty;
        }

        return Shape().IsMatch(text) ? text : null;
    }

    /// <summary>WeCom's keys are UUIDs; letters, digits, '-' and '_' are allowed, so nothing is taken for a key that could break the URL.</summary>
    [GeneratedRegex("^[A-Za-z0-9_-]{8,128}$")]
    private static partial Regex Shape();
}

/// <summary>Checks the robots at start-up; each failure names the key to fix, never its value.</summary>
internal sealed partial class WeComOptionsValidator : IValidateOptions<WeComOptions>
{
    public ValidateOptionsResult Validate(string? name, WeComOptions options)
    {
        var failures = new List<string>();
        if (!Uri.TryCreate(options.RobotBaseUrl, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add("WeCom:RobotBaseUrl must be an absolute http(s) URL.");
        }

        if (options.MaxClockSkew < TimeSpan.Zero)
        {
            failures.Add("WeCom:MaxClockSkew must not be negative.");
        }

        if (options.RobotSendsPerMinute is < 1 or > WeComOptions.MaxRobotSendsPerMinute)
        {
            failures.Add($"WeCom:RobotSendsPerMinute must be between 1 and {WeComOptions.MaxRobotSendsPerMinute} (WeCom's limit).");
        }

        if (options.RobotTimeout <= TimeSpan.Zero || options.RobotTimeout > TimeSpan.FromMinutes(1))
        {
            failures.Add("WeCom:RobotTimeout must be more than zero and at most one minute.");
        }

        foreach (var (bot, settings) in options.Bots)
        {
            var at = $"WeCom:Bots:{bot}";
            if (!BotName().IsMatch(bot))
            {
                failures.Add($"{at}: the robot's name may hold only letters, digits, '-' and '_'.");
            }

            if (!TokenShape().IsMatch(settings.Token ?? string.Empty))
            {
                failures.Add($"{at}:Token is missing or not 1-32 letters and digits.");
            }

            if (!WeChatMessageCrypto.IsValidEncodingAesKey(settings.EncodingAESKey))
            {
                failures.Add($"{at}:EncodingAESKey is missing or not 43 characters of Base64 text.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex BotName();

    [GeneratedRegex("^[A-Za-z0-9]{1,32}$")]
    private static partial Regex TokenShape();
}

/// <summary>Checks every <c>Groups:{chatid}:Robot</c> at start-up, naming the key and never showing the value (it is a secret).</summary>
internal sealed class WeComRobotOptionsValidator : IValidateOptions<WeComRobotOptions>
{
    public ValidateOptionsResult Validate(string? name, WeComRobotOptions options)
    {
        var failures = options.Robots
            .Where(r => RobotKey.From(r.Value) is null)
            .Select(r => $"Groups:{r.Key}:Robot must be the group robot's webhook key (8-128 letters, digits, '-' or '_') or its webhook URL with key=.")
            .ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace NeighborBot.WeChat;

/// <summary>The <c>WeChat</c> section: the API address and one block per Official Account.</summary>
public sealed class WeChatOptions
{
    public const string Section = "WeChat";
    public const string DefaultApiBaseUrl = "https://api.weixin.qq.com";
    public static readonly TimeSpan DefaultMaxClockSkew = TimeSpan.FromMinutes(5);

    public string ApiBaseUrl { get; set; } = DefaultApiBaseUrl;

    /// <summary>
    /// How far a callback's timestamp may be from our clock before it is refused as a replay.
    /// Zero switches the check off.
    /// </summary>
    public TimeSpan MaxClockSkew { get; set; } = DefaultMaxClockSkew;

    /// <summary>Accounts by the name used in the callback route <c>/wechat/mp/{account}</c>.</summary>
    public Dictionary<string, WeChatAccountOptions> Accounts { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary><c>WeChat:Accounts:{account}</c>: the values from the Official Account's console (基本配置).</summary>
public sealed class WeChatAccountOptions
{
    public string AppId { get; set; } = string.Empty;
    public string AppSecret { get; set; } = string.Empty;
    public string Token { get; set; } = string.Empty;

    /// <summary>43 characters; needed for the compatible and safe modes.</summary>
    public string? EncodingAESKey { get; set; }

    /// <summary>Refuse plaintext callbacks (recommended once the console is set to safe mode).</summary>
    public bool RequireEncryption { get; set; }
}

/// <summary>Checks every account at start-up; each failure names the key to fix.</summary>
internal sealed partial class WeChatOptionsValidator : IValidateOptions<WeChatOptions>
{
    public ValidateOptionsResult Validate(string? name, WeChatOptions options)
    {
        var failures = new List<string>();
        if (!Uri.TryCreate(options.ApiBaseUrl, UriKind.Absolute, out var api) || (api.Scheme != Uri.UriSchemeHttps && api.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add("WeChat:ApiBaseUrl must be an absolute http(s) URL.");
        }

        if (options.MaxClockSkew < TimeSpan.Zero)
        {
            failures.Add("WeChat:MaxClockSkew must not be negative.");
        }

        if (options.Accounts.Count == 0)
        {
            failures.Add("WeChat:Accounts has no account: add WeChat:Accounts:{name}:AppId, AppSecret and Token.");
        }

        foreach (var (account, a) in options.Accounts)
        {
            var at = $"WeChat:Accounts:{account}";
            if (!AccountName().IsMatch(account))
            {
                failures.Add($"{at}: the account name may hold only letters, digits, '-' and '_'.");
            }

            if (string.IsNullOrWhiteSpace(a.AppId))
            {
                failures.Add($"{at}:AppId is missing.");
            }

            if (string.IsNullOrWhiteSpace(a.AppSecret))
            {
                failures.Add($"{at}:AppSecret is missing.");
            }

            if (!TokenShape().IsMatch(a.Token))
            {
                failures.Add($"{at}:Token is missing or not 3-32 letters and digits.");
            }

            if (!string.IsNullOrEmpty(a.EncodingAESKey) && !WeChatMessageCrypto.IsValidEncodingAesKey(a.EncodingAESKey))
            {
                failures.Add($"{at}:EncodingAESKey must be 43 characters of Base64 text.");
            }

            if (a.RequireEncryption && string.IsNullOrEmpty(a.EncodingAESKey))
            {
                failures.Add($"{at}:RequireEncryption needs {at}:EncodingAESKey.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex AccountName();

    [GeneratedRegex("^[A-Za-z0-9]{3,32}$")]
    private static partial Regex TokenShape();
}

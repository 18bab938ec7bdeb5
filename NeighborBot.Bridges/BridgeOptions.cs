using Microsoft.Extensions.Options;

namespace NeighborBot.Bridges;

/// <summary>The <c>Bridges</c> section: one block per bridge, under the name its route carries (<c>/bridge/{bridge}/messages</c>).</summary>
public sealed class BridgeOptions
{
    public const string Section = "Bridges";

    public Dictionary<string, BridgeSettings> Bridges { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

public sealed class BridgeSettings
{
    /// <summary>The shared secret of the HMAC-SHA256 signatures, both ways. At least 16 characters.</summary>
    public string Secret { get; set; } = string.Empty;

    /// <summary>Where NeighborBot posts messages into the bridge's groups.</summary>
    public string? SendUrl { get; set; }

    /// <summary>Messages posted to the bridge per minute, by all instances together (a personal account sending fast gets banned).</summary>
    public int SendsPerMinute { get; set; } = 20;
}

/// <summary>Every failure names the key to fix.</summary>
internal sealed class BridgeOptionsValidator : IValidateOptions<BridgeOptions>
{
    public ValidateOptionsResult Validate(string? name, BridgeOptions options)
    {
        var failures = new List<string>();
        foreach (var (bridge, settings) in options.Bridges)
        {
            if (settings.Secret.Length < 16)
            {
                failures.Add($"Bridges:{bridge}:Secret must be at least 16 characters.");
            }

            if (settings.SendUrl is { Length: > 0 } url && !Uri.TryCreate(url, UriKind.Absolute, out _))
            {
                failures.Add($"Bridges:{bridge}:SendUrl must be an absolute http(s) URL.");
            }

            if (settings.SendsPerMinute is < 1 or > 1000)
            {
                failures.Add($"Bridges:{bridge}:SendsPerMinute must be between 1 and 1000.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

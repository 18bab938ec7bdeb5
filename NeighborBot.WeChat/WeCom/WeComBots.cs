using System.Collections.Frozen;
using Microsoft.Extensions.Options;
using NeighborBot.Groups;

namespace NeighborBot.WeChat.WeCom;

/// <summary>One configured smart robot, with its AES envelope ready (receive id <c>""</c>: a company's own robot).</summary>
public sealed class WeComBot(string name, WeComBotOptions options)
{
    /// <summary>WeCom seals a company's own robot's callbacks for the empty receive id.</summary>
    public const string ReceiveId = "";

    public string Name { get; } = name;

    public string Token { get; } = options.Token;

    /// <summary>The robot's name in the groups, when configured (see <see cref="WeComBotOptions.Name"/>).</summary>
    public string? MentionName { get; } = string.IsNullOrWhiteSpace(options.Name) ? null : options.Name.Trim();

    public WeChatMessageCrypto Crypto { get; } = new(options.EncodingAESKey, ReceiveId);

    /// <summary>Where the robot's groups live in the directory: <c>wecom:{bot}</c>.</summary>
    public string Source => GroupAddress.WeCom(Name);
}

/// <summary>The configured smart robots by route name.</summary>
public sealed class WeComBots(IOptions<WeComOptions> options)
{
    private readonly FrozenDictionary<string, WeComBot> _bots = options.Value.Bots
        .ToFrozenDictionary(b => b.Key, b => new WeComBot(b.Key, b.Value), StringComparer.OrdinalIgnoreCase);

    public IEnumerable<WeComBot> All => _bots.Values;

    public WeComBot? Find(string name) => _bots.GetValueOrDefault(name);
}

using System.Collections.Frozen;
using Microsoft.Extensions.Options;

namespace NeighborBot.WeChat;

/// <summary>One configured Official Account, with its AES envelope ready when it has a key.</summary>
public sealed class WeChatAccount(string name, WeChatAccountOptions options)
{
    public string Name { get; } = name;
    public string AppId { get; } = options.AppId;
    public string AppSecret { get; } = options.AppSecret;
    public string Token { get; } = options.Token;
    public bool RequireEncryption { get; } = options.RequireEncryption;

    public WeChatMessageCrypto? Crypto { get; } = string.IsNullOrEmpty(options.EncodingAESKey)
        ? null
        : new WeChatMessageCrypto(options.EncodingAESKey, options.AppId);
}

/// <summary>The configured accounts by route name.</summary>
public sealed class WeChatAccounts(IOptions<WeChatOptions> options)
{
    private readonly FrozenDictionary<string, WeChatAccount> _accounts = options.Value.Accounts
        .ToFrozenDictionary(a => a.Key, a => new WeChatAccount(a.Key, a.Value), StringComparer.OrdinalIgnoreCase);

    public IEnumerable<WeChatAccount> All => _accounts.Values;

    public WeChatAccount? Find(string name) => _accounts.GetValueOrDefault(name);
}

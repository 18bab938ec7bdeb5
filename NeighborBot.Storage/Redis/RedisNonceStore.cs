using NeighborBot.Conversations;
using StackExchange.Redis;

namespace NeighborBot.Storage;

/// <summary>One Redis string per used URL, holding the body's fingerprint: <c>SET NX GET PX</c> records and reads in one step.</summary>
internal sealed class RedisNonceStore(IConnectionMultiplexer redis, RedisKeys keys) : INonceStore
{
    public async Task<NonceUse> UseAsync(string scope, string nonce, string fingerprint, TimeSpan window, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var previous = await redis.GetDatabase()
            .StringSetAndGetAsync(keys.Nonce(scope, nonce), fingerprint, window, keepTtl: false, When.NotExists)
            .ConfigureAwait(false);
        return NonceMark.Compare(previous, fingerprint);
    }
}

/// <summary>The comparison both stores make between the remembered fingerprint and this use's.</summary>
internal static class NonceMark
{
    public static NonceUse Compare(string? previous, string fingerprint) => previous switch
    {
        null => NonceUse.First,
        _ when string.Equals(previous, fingerprint, StringComparison.Ordinal) => NonceUse.SameBody,
        _ => NonceUse.OtherBody,
    };
}

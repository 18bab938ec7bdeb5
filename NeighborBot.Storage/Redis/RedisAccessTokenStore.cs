using System.Globalization;
using NeighborBot.Outbox;
using StackExchange.Redis;

namespace NeighborBot.Storage;

/// <summary>
/// The token is a string <c>{expiresAtUnixMs}:{token}</c> with a TTL of its lifetime; the expiry in the
/// value lets the reader judge staleness on its own clock (TimeProvider) too. The lock is
/// <c>SET NX PX</c> with a random owner; releasing and dropping compare before deleting, in Lua.
/// </summary>
internal sealed class RedisAccessTokenStore(IConnectionMultiplexer redis, RedisKeys keys) : IAccessTokenStore
{
    private static readonly LuaScript DropIfSame = LuaScript.Prepare("""
        local v = redis.call('GET', @key)
        if v then
          local i = string.find(v, ':', 1, true)
          if i and string.sub(v, i + 1) == @token then return redis.call('DEL', @key) end
        end
        return 0
        """);

    private static readonly LuaScript ReleaseIfOwner = LuaScript.Prepare(
        "if redis.call('GET', @key) == @owner then return redis.call('DEL', @key) end return 0");

    public async Task<CachedToken?> GetAsync(string appId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var value = (string?)await redis.GetDatabase().StringGetAsync(keys.AccessToken(appId)).ConfigureAwait(false);
        var colon = value?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        return colon > 0 && long.TryParse(value.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            ? new CachedToken(value![(colon + 1)..], DateTimeOffset.FromUnixTimeMilliseconds(ms))
            : null;
    }

    public Task SetAsync(string appId, CachedToken token, TimeSpan ttl, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var value = token.ExpiresAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) + ":" + token.Token;
        return redis.GetDatabase().StringSetAsync(keys.AccessToken(appId), value, ttl);
    }

    public async Task<bool> DropAsync(string appId, string token, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var result = await redis.GetDatabase().ScriptEvaluateAsync(DropIfSame, new { key = keys.AccessToken(appId), token }).ConfigureAwait(false);
        return (long)result == 1;
    }

    public Task<bool> TryLockAsync(string appId, string owner, TimeSpan ttl, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return redis.GetDatabase().StringSetAsync(keys.AccessTokenLock(appId), owner, ttl, When.NotExists);
    }

    public Task ReleaseLockAsync(string appId, string owner, CancellationToken cancellationToken) =>
        redis.GetDatabase().ScriptEvaluateAsync(ReleaseIfOwner, new { key = keys.AccessTokenLock(appId), owner });
}

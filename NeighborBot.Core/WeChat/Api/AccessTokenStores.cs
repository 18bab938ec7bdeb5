using System.Globalization;
using NeighborBot.Storage;
using StackExchange.Redis;

namespace NeighborBot.WeChat.Api;

/// <summary>Where the shared access tokens and their refresh locks live. Redis and in-process.</summary>
internal interface IAccessTokenStore
{
    Task<CachedToken?> GetAsync(string appId, CancellationToken cancellationToken);

    Task SetAsync(string appId, CachedToken token, TimeSpan ttl, CancellationToken cancellationToken);

    /// <summary>Deletes the token only if it is still <paramref name="token"/>; true when it was.</summary>
    Task<bool> DropAsync(string appId, string token, CancellationToken cancellationToken);

    /// <summary>Takes the refresh lock for <paramref name="owner"/> unless someone holds it.</summary>
    Task<bool> TryLockAsync(string appId, string owner, TimeSpan ttl, CancellationToken cancellationToken);

    /// <summary>Frees the lock if <paramref name="owner"/> still holds it (never someone else's).</summary>
    Task ReleaseLockAsync(string appId, string owner, CancellationToken cancellationToken);
}

/// <summary>The Redis keys of the access tokens (docs/redis-keys.md). One hash tag per AppId.</summary>
internal sealed class WeChatApiKeys(string prefix)
{
    public RedisKey Token(string appId) => $"{prefix}:{{wxtoken:{appId}}}:t";

    public RedisKey RefreshLock(string appId) => $"{prefix}:{{wxtoken:{appId}}}:lock";
}

/// <summary>
/// The token is a string <c>{expiresAtUnixMs}:{token}</c> with a TTL of its lifetime; the expiry in the
/// value lets the reader judge staleness on its own clock (TimeProvider) too. The lock is
/// <c>SET NX PX</c> with a random owner; releasing and dropping compare before deleting, in Lua.
/// </summary>
internal sealed class RedisAccessTokenStore(IConnectionMultiplexer redis, RedisKeys redisKeys) : IAccessTokenStore
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

    private readonly WeChatApiKeys _keys = new(redisKeys.Prefix);

    public async Task<CachedToken?> GetAsync(string appId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var value = (string?)await redis.GetDatabase().StringGetAsync(_keys.Token(appId)).ConfigureAwait(false);
        var colon = value?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        return colon > 0 && long.TryParse(value.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            ? new CachedToken(value![(colon + 1)..], DateTimeOffset.FromUnixTimeMilliseconds(ms))
            : null;
    }

    public Task SetAsync(string appId, CachedToken token, TimeSpan ttl, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var value = token.ExpiresAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) + ":" + token.Token;
        return redis.GetDatabase().StringSetAsync(_keys.Token(appId), value, ttl);
    }

    public async Task<bool> DropAsync(string appId, string token, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var result = await redis.GetDatabase().ScriptEvaluateAsync(DropIfSame, new { key = _keys.Token(appId), token }).ConfigureAwait(false);
        return (long)result == 1;
    }

    public Task<bool> TryLockAsync(string appId, string owner, TimeSpan ttl, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return redis.GetDatabase().StringSetAsync(_keys.RefreshLock(appId), owner, ttl, When.NotExists);
    }

    public Task ReleaseLockAsync(string appId, string owner, CancellationToken cancellationToken) =>
        redis.GetDatabase().ScriptEvaluateAsync(ReleaseIfOwner, new { key = _keys.RefreshLock(appId), owner });
}

/// <summary>The same rules in this process's memory, for the first run and tests.</summary>
internal sealed class InProcessAccessTokenStore(TimeProvider time) : IAccessTokenStore
{
    private readonly InProcessMap _map = new(time);

    public Task<CachedToken?> GetAsync(string appId, CancellationToken cancellationToken)
    {
        lock (_map.Gate)
        {
            return Task.FromResult(_map.Get<CachedToken>("t:" + appId));
        }
    }

    public Task SetAsync(string appId, CachedToken token, TimeSpan ttl, CancellationToken cancellationToken)
    {
        lock (_map.Gate)
        {
            _map.Set("t:" + appId, token, ttl);
        }

        return Task.CompletedTask;
    }

    public Task<bool> DropAsync(string appId, string token, CancellationToken cancellationToken)
    {
        lock (_map.Gate)
        {
            if (_map.Get<CachedToken>("t:" + appId)?.Token != token)
            {
                return Task.FromResult(false);
            }

            _map.Remove("t:" + appId);
            return Task.FromResult(true);
        }
    }

    public Task<bool> TryLockAsync(string appId, string owner, TimeSpan ttl, CancellationToken cancellationToken)
    {
        lock (_map.Gate)
        {
            if (_map.Get<string>("l:" + appId) is not null)
            {
                return Task.FromResult(false);
            }

            _map.Set("l:" + appId, owner, ttl);
            return Task.FromResult(true);
        }
    }

    public Task ReleaseLockAsync(string appId, string owner, CancellationToken cancellationToken)
    {
        lock (_map.Gate)
        {
            if (_map.Get<string>("l:" + appId) == owner)
            {
                _map.Remove("l:" + appId);
            }
        }

        return Task.CompletedTask;
    }
}

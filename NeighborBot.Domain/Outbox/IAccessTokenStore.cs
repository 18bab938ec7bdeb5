namespace NeighborBot.Outbox;

/// <summary>
/// Where the access tokens of outside APIs (WeChat's, by AppId) are shared by every instance, with the
/// lock that lets one instance at a time refresh a token. Redis and in-process.
/// </summary>
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

/// <summary>A token as it is kept: valid until <paramref name="ExpiresAt"/> (already less the margin).</summary>
internal sealed record CachedToken(string Token, DateTimeOffset ExpiresAt);

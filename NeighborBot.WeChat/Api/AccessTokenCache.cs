using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NeighborBot.Outbox;

namespace NeighborBot.WeChat.Api;

/// <summary>A token as WeChat issued it.</summary>
internal sealed record IssuedToken(string Token, TimeSpan ExpiresIn);

/// <summary>
/// The access token of each AppId, shared by every instance through the store. When it is missing or
/// stale, one instance refreshes it under a lock (a random owner value, a TTL longer than the HTTP
/// call can take, released only by its owner); the others wait for the new token instead of calling
/// WeChat too. Tokens are never logged.
/// </summary>
internal sealed class AccessTokenCache(IAccessTokenStore store, IOptions<WeChatApiOptions> options, TimeProvider time, ILogger<AccessTokenCache> logger)
{
    // Waiting paces calls to the store and is measured on the real clock (the lock's TTL runs on
    // Redis's clock), not on the injected TimeProvider that business time (and tests) may move.
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>The current token of <paramref name="appId"/>, fetched with <paramref name="fetch"/> when there is none.</summary>
    public async Task<string> GetAsync(string appId, Func<CancellationToken, Task<IssuedToken>> fetch, CancellationToken cancellationToken)
    {
        var lockTtl = options.Value.TokenLockTtl;
        var started = Stopwatch.GetTimestamp();
        var waited = false;
        while (true)
        {
            if (await FreshAsync(appId, cancellationToken).ConfigureAwait(false) is { } cached)
            {
                return cached;
            }

            var owner = Guid.NewGuid().ToString("N");
            if (await store.TryLockAsync(appId, owner, lockTtl, cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    // Someone may have stored a token between our read and taking the lock.
                    if (await FreshAsync(appId, cancellationToken).ConfigureAwait(false) is { } refreshed)
                    {
                        return refreshed;
                    }

                    var issued = await fetch(cancellationToken).ConfigureAwait(false);
                    var lifetime = Lifetime(issued.ExpiresIn);
                    await store.SetAsync(appId, new CachedToken(issued.Token, time.GetUtcNow() + lifetime), lifetime, cancellationToken).ConfigureAwait(false);
                    Log.TokenFetched(logger, appId, (long)issued.ExpiresIn.TotalSeconds, (long)lifetime.TotalSeconds);
                    return issued.Token;
                }
                finally
                {
                    await store.ReleaseLockAsync(appId, owner, CancellationToken.None).ConfigureAwait(false);
                }
            }

            if (!waited)
            {
                Log.WaitingForToken(logger, appId);
                waited = true;
            }

            // A live refresher stores the token within the lock's TTL; a dead one frees the lock by then.
            if (Stopwatch.GetElapsedTime(started) > lockTtl * 2)
            {
                throw new WeChatTokenException($"Timed out waiting for another instance to refresh the access token of {appId}.");
            }

            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Forgets <paramref name="failedToken"/> after WeChat refused it, unless another caller already
    /// replaced it (then the newer token stays).
    /// </summary>
    public async Task DropAsync(string appId, string failedToken, CancellationToken cancellationToken)
    {
        if (await store.DropAsync(appId, failedToken, cancellationToken).ConfigureAwait(false))
        {
            Log.TokenDropped(logger, appId);
        }
    }

    private async Task<string?> FreshAsync(string appId, CancellationToken cancellationToken) =>
        await store.GetAsync(appId, cancellationToken).ConfigureAwait(false) is { } cached && cached.ExpiresAt > time.GetUtcNow()
            ? cached.Token
            : null;

    /// <summary><c>expires_in</c> less the margin; half of it when it is too short for the margin.</summary>
    private TimeSpan Lifetime(TimeSpan expiresIn)
    {
        if (expiresIn <= TimeSpan.Zero)
        {
            throw new WeChatTokenException("WeChat issued an access token that has already expired.");
        }

        var margin = options.Value.TokenRefreshMargin;
        return expiresIn > margin * 2 ? expiresIn - margin : expiresIn / 2;
    }
}
